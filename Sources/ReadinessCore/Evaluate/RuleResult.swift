import CEL

/// A rule's outcome, as DESIGN §5 defines them.
public enum Outcome: String, Sendable, Codable, CaseIterable {
    case pass
    case partial
    case fail
    case notApplicable = "not_applicable"
    case unknown
    case error
}

/// What evaluating one rule against one profile gave.
public struct RuleResult: Sendable {
    /// The rule's id.
    public var ruleID: String
    /// The outcome.
    public var outcome: Outcome
    /// The score in [0, 1] for pass, partial and fail; `nil` otherwise.
    public var score: Double?
    /// The filled-in gap message, for partial and fail.
    public var gap: String?
    /// For `measure` rules: how many items met the condition, and of how many.
    public var met: Int?
    public var total: Int?
    /// The profile data the rule read: path and value (lists summarised).
    public var evidence: [(path: String, value: String)]
    /// For `unknown`: the data the profile should give.
    public var missing: [String]
    /// For `error`: what went wrong.
    public var message: String?
}
