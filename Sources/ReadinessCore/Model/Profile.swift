import CEL
import SourceDiagnostics

/// One organisation's profile, validated against a rule set's schema.
public struct Profile: Sendable {
    /// The organisation's name.
    public var organisation: String
    /// The assessment date.
    public var asOf: CELTimestamp
    /// Who assessed, if given.
    public var assessor: String?
    /// The top-level fields, by name in the order the profile gives them (absent fields are
    /// missing). A map of a dozen fields or so: a field is found by comparing fingerprints,
    /// where a dictionary hashed its name on every insertion and every lookup.
    public var fields: CELMap
    /// Declared fields the profile leaves out (or sets to null), as instance paths such as
    /// `peer_workers[1].supervision.interval_days`.
    public var absent: [String]
    /// Warnings: undeclared keys, with did-you-mean.
    public var warnings: [Diagnostic]
    /// Each respondent's own ratings, where several rate the same statements (a rule set with
    /// `raters:`); ``fields`` holds them combined. Empty when the profile answers once.
    public var respondents: [Respondent] = []
    /// The file it was read from (or the name given to text decoded in memory).
    public var path: String
    /// The SHA-256 of the bytes it was decoded from, in hex, when its reader recorded it
    /// (``Assessment/run(ruleSet:profilePath:asOf:)`` does; a batch keeping scores does not).
    public var sourceDigest: String? = nil
    /// The bytes it was decoded from, when its reader kept them: a message about a constraint
    /// it breaks finds the line and column in them, with no second read of a file that may
    /// have changed or gone (or never existed, for text decoded in memory).
    var sourceBytes: [UInt8]? = nil
}

/// One respondent of a profile that several rate: who, and their ratings by path.
public struct Respondent: Sendable, Equatable {
    /// Their role (`leadership`, `peer_worker`).
    public var role: String
    /// Their name, if given.
    public var name: String?
    /// Their ratings by the rating field's path (`practice.welcome_sessions`); a statement
    /// they left out is not here.
    public var ratings: [String: Double]

    /// Creates a respondent.
    public init(role: String, name: String? = nil, ratings: [String: Double]) {
        self.role = role
        self.name = name
        self.ratings = ratings
    }

    /// How reports name them: "Jo (leadership)", or the role alone in words.
    public var words: String {
        let role = self.role.replacingOccurrences(of: "_", with: " ")
        return name.map { "\($0) (\(role))" } ?? role
    }
}
