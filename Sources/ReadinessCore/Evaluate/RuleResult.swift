import CEL

/// A rule's outcome, as DESIGN §5 defines them.
public enum Outcome: String, Sendable, Codable, CaseIterable {
    case pass
    case partial
    case fail
    case notApplicable = "not_applicable"
    case unknown
    case error

    /// Whether the outcome is a gap: something the organisation must work on (fail, partial)
    /// or that could not be evaluated (error). Decided here, once, for every report.
    public var isGap: Bool { self == .fail || self == .partial || self == .error }

    /// The outcome in words: `not applicable` rather than `not_applicable`.
    public var words: String { rawValue.replacingOccurrences(of: "_", with: " ") }
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
    /// The named values the gap message was filled with, as it shows them: the rule's
    /// `values`, `score`, and for `measure` rules `met`, `total`, `unmet`, `unknown`,
    /// `failing` and `percent` (rule tests assert them).
    public var gapValues: [String: String] = [:]
    /// For `measure` rules: how many items met the condition, and of how many.
    public var met: Int?
    /// For `measure` rules: how many items there are.
    public var total: Int?
    /// For `measure` rules: how many items could not be judged for missing data.
    public var notKnown: Int?
    /// For `measure` rules, in reports: the items that do not meet the condition, and those
    /// that cannot be judged, in words ("Cam (peer worker 3)").
    public var unmetItems: [String] = []
    /// For `measure` rules, in reports: the items that cannot be judged for missing data.
    public var unknownItems: [String] = []
    /// The profile data the rule read: path and value (lists summarised).
    public var evidence: [(path: String, value: String)]
    /// The data the profile should give: for `unknown`, what would decide the rule; for a
    /// rule the known data already decides, what is still missing from it.
    public var missing: [String]
    /// For `error`: what went wrong.
    public var message: String?
    /// For `rate` rules: the rating and the level it reaches.
    public var rating: Rating? = nil

    /// A rating and the level of the scale it reaches.
    public struct Rating: Sendable, Equatable, Codable {
        /// The rating: a level's number, or between levels where raters' answers combine.
        public var value: Double
        /// The label of the level reached ("Adequate"): the highest at or below the rating.
        public var label: String
        /// The scale's highest level, so reports can say "2 of 3".
        public var highest: Int

        /// Creates a rating.
        public init(value: Double, label: String, highest: Int) {
            self.value = value
            self.label = label
            self.highest = highest
        }
    }
}
