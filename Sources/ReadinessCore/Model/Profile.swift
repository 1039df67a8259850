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
