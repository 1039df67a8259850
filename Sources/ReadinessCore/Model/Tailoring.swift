import CEL
import SourceDiagnostics

/// A funder's tailoring of a rule set: which rules apply, refined parameters, extra mandatory
/// rules and its own compliance threshold.
public struct Tailoring: Sendable {
    /// Its id.
    public var id: String
    /// Its title.
    public var title: String
    /// The id of the rule set it tailors.
    public var ruleSetID: String
    /// Its path.
    public var path: String
    /// Rule id patterns (`*` and `?` globs) to keep; empty keeps all.
    public var include: [Located<String>]
    /// Rule id patterns to drop.
    public var exclude: [Located<String>]
    /// Rule id patterns made mandatory.
    public var mandatory: [Located<String>]
    /// Whether ``mandatory`` replaces the rule set's mandatory rules (`mandatory: {only: …}`)
    /// rather than adding to them.
    public var replacesMandatory = false
    /// Parameter values that replace the defaults.
    public var parameters: [(name: String, value: CELValue)]
    /// The minimum overall score for compliance, replacing the rule set's.
    public var minimumScore: Double?
    /// The SHA-256 (hex) of the bytes it was decoded from.
    public var digest = ""

    /// Whether a rule of this id stays in the rule set: `include` names it (or is empty) and
    /// `exclude` does not.
    public func keeps(ruleID id: String) -> Bool {
        (include.isEmpty || include.contains { Glob.matches($0.value, id) })
            && !exclude.contains { Glob.matches($0.value, id) }
    }

    /// The rule set as tailored.
    public func apply(to ruleSet: RuleSet) -> RuleSet {
        var tailored = ruleSet
        tailored.rules = ruleSet.rules.filter { keeps(ruleID: $0.id) }
        for index in tailored.rules.indices {
            let named = mandatory.contains { Glob.matches($0.value, tailored.rules[index].id) }
            if named {
                tailored.rules[index].mandatory = true
            } else if replacesMandatory {
                tailored.rules[index].mandatory = false
            }
        }
        tailored.replaceParameterValues(parameters)
        if let minimumScore { tailored.minimumScore = minimumScore }
        return tailored
    }
}

/// Shell-style patterns for rule ids: `*` any run of characters, `?` one character.
public enum Glob {
    /// Whether `text` matches `pattern`.
    public static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern)
        let t = Array(text)
        var pi = 0
        var ti = 0
        var star = -1
        var mark = 0
        while ti < t.count {
            if pi < p.count && (p[pi] == "?" || p[pi] == t[ti]) {
                pi += 1
                ti += 1
            } else if pi < p.count && p[pi] == "*" {
                star = pi
                mark = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
