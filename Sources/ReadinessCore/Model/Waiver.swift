import SourceDiagnostics

/// An exception a funder (or an organisation's own governance) grants: for a while and for a
/// reason, a rule not met does not count against compliance. Its score is left as it is: a
/// waiver excuses, it does not pretend the rule passes.
public struct Waiver: Sendable, Equatable {
    /// The rule it waives.
    public var rule: String
    /// The organisation it is for, in a funder's list; `nil` in an organisation's own file,
    /// where it is for whoever is assessed.
    public var organisation: String?
    /// Why it was granted.
    public var justification: String
    /// Who approved it.
    public var approvedBy: String
    /// The day it was granted, `YYYY-MM-DD`: a record of the decision. It does not limit the
    /// assessments the waiver covers, since a waiver usually answers a gap an assessment
    /// already found.
    public var granted: String
    /// The day it stops holding, `YYYY-MM-DD`: for an assessment dated that day or later the
    /// rule counts again.
    public var expires: String
    /// Where it was written (file, line and column), for messages and reports.
    public var location: String
    /// Where it was written in its file, when it was read from one.
    public var range: SourceRange?

    /// Creates a waiver.
    public init(
        rule: String, organisation: String? = nil, justification: String, approvedBy: String,
        granted: String, expires: String, location: String = "", range: SourceRange? = nil
    ) {
        self.range = range
        self.rule = rule
        self.organisation = organisation
        self.justification = justification
        self.approvedBy = approvedBy
        self.granted = granted
        self.expires = expires
        self.location = location
    }

    /// Where a waiver stands on an assessment's date.
    public enum State: String, Sendable, Codable {
        /// The date is before its expiry: the rule does not count against compliance.
        case active
        /// The date is on or after its expiry: the rule counts again.
        case expired
    }

    /// Where it stands for an assessment dated `day` (`YYYY-MM-DD`): it holds up to, not
    /// including, `expires`.
    public func state(on day: String) -> State {
        day < expires ? .active : .expired
    }

    /// Whether it is for `organisation`: it names none, or names it, compared without regard
    /// to case or runs of spaces (a funder's list is typed by hand).
    public func isFor(organisation name: String) -> Bool {
        guard let organisation else { return true }
        return Self.comparable(organisation) == Self.comparable(name)
    }

    /// A name as waivers compare them: lower case, spaces collapsed.
    static func comparable(_ name: String) -> String {
        name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// A file of waivers, as read.
public struct WaiverList: Sendable {
    /// The waivers, in file order.
    public var waivers: [Waiver]
    /// Its path.
    public var path: String
    /// The SHA-256 (hex) of its bytes.
    public var digest: String

    /// Creates a list.
    public init(waivers: [Waiver], path: String, digest: String = "") {
        self.waivers = waivers
        self.path = path
        self.digest = digest
    }

    /// The waivers that bear on one organisation's assessment dated `day`, one per rule of
    /// the rule set: of several for one rule (a renewal written below the first), the one
    /// expiring last.
    public func applying(to organisation: String, on day: String, ruleIDs: [String])
        -> [Waiver.Applied]
    {
        var byRule: [String: Waiver] = [:]
        for waiver in waivers where waiver.isFor(organisation: organisation) {
            guard let held = byRule[waiver.rule] else {
                byRule[waiver.rule] = waiver
                continue
            }
            if waiver.expires > held.expires { byRule[waiver.rule] = waiver }
        }
        return ruleIDs.compactMap { id in
            byRule[id].map { Waiver.Applied(waiver: $0, state: $0.state(on: day)) }
        }
    }
}

extension Waiver {
    /// A waiver and where it stands on the assessment's date.
    public struct Applied: Sendable, Equatable {
        /// The waiver.
        public var waiver: Waiver
        /// Where it stands.
        public var state: State

        /// Creates one.
        public init(waiver: Waiver, state: State) {
            self.waiver = waiver
            self.state = state
        }
    }
}
