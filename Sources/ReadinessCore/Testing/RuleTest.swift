import CEL
import Foundation
import SourceDiagnostics
import YAMLNode

/// One rule test: a profile (a file, or a base profile with values set by path), an optional
/// assessment date, and what the assessment must give. The format is in `docs/testing-rules.md`.
public struct RuleTest: Sendable {
    /// A bound on a score.
    public struct Range: Sendable, Equatable {
        /// The lowest value it covers.
        public var min: Double
        /// The highest value it covers.
        public var max: Double

        func contains(_ value: Double) -> Bool { value >= min - 1e-9 && value <= max + 1e-9 }

        var text: String {
            min == max
                ? NumberFormat.oneDecimal(min)
                : "\(NumberFormat.oneDecimal(min)) to \(NumberFormat.oneDecimal(max))"
        }
    }

    /// What a test expects of one rule's gap message.
    public struct GapExpectation: Sendable {
        /// The rule.
        public var rule: Located<String>
        /// The whole message, when the test gives it.
        public var text: Located<String>?
        /// Parts the message must contain.
        public var contains: [Located<String>]
        /// Named values (`unmet`, a rule's `values`) and the text each must show.
        public var values: [(name: Located<String>, text: Located<String>)]
    }

    /// Its name.
    public var name: String
    /// The file it was read from.
    public var file: String
    /// The line it starts on.
    public var line: Int
    /// The profile document, with the test's changes made.
    public var profile: Node
    /// The profile it assesses.
    public var profilePath: String
    /// The assessment date.
    public var asOf: CELTimestamp?
    /// The outcome expected of each rule.
    public var outcomes: [(rule: Located<String>, outcome: Outcome)]
    /// The overall score expected, as a range.
    public var score: Range?
    /// Each domain, in rule set order.
    public var domains: [(id: Located<String>, range: Range)]
    /// The band.
    public var band: Located<String>?
    /// Whether it complies.
    public var compliant: Bool?
    /// Actions expected in the plan.
    public var actionsPresent: [Located<String>]
    /// Actions expected not to be in the plan.
    public var actionsAbsent: [Located<String>]
    /// The gap messages expected.
    public var gaps: [GapExpectation] = []
    /// Parameter values this test assesses with, in place of the rule set's.
    public var parameters: [(name: String, value: CELValue)] = []
    /// For a test of a rule set this one extends: that rule set's folder.
    public var inheritedFrom: String? = nil
}

/// What running one test gave.
public struct RuleTestResult: Sendable {
    /// The test.
    public var test: RuleTest
    /// Each expectation that did not hold: what was expected and what happened.
    public var failures: [String]
    /// Every rule's outcome in this test.
    public var outcomes: [String: Outcome]

    /// Whether every expectation held.
    public var passed: Bool { failures.isEmpty }
}

/// Runs rule tests against a compiled rule set.
public enum RuleTestRunner {
    /// Runs every test; tests that set the same parameters share one compiled variant.
    public static func run(_ tests: [RuleTest], ruleSet: CompiledRuleSet) -> [RuleTestResult] {
        var variants: [String: Result<CompiledRuleSet, DiagnosticError>] = [:]
        return tests.map { test in
            guard !test.parameters.isEmpty else { return run(test, ruleSet: ruleSet) }
            let key = test.parameters.map { "\($0.name)=\($0.value)" }.joined(separator: "\n")
            let variant =
                variants[key]
                ?? Result { () throws(DiagnosticError) in
                    try withParameters(test.parameters, ruleSet)
                }
            variants[key] = variant
            return run(test, variant: variant)
        }
    }

    /// Runs one test: validates its profile, assesses it, and checks each expectation.
    public static func run(_ test: RuleTest, ruleSet: CompiledRuleSet) -> RuleTestResult {
        guard test.parameters.isEmpty else {
            return run(
                test,
                variant: Result { () throws(DiagnosticError) in
                    try withParameters(test.parameters, ruleSet)
                })
        }
        return assess(test, ruleSet: ruleSet)
    }

    /// The rule set compiled again with some parameters' values replaced.
    static func withParameters(
        _ parameters: [(name: String, value: CELValue)], _ ruleSet: CompiledRuleSet
    ) throws(DiagnosticError) -> CompiledRuleSet {
        var changed = ruleSet.ruleSet
        changed.replaceParameterValues(parameters)
        return try CompiledRuleSet.compile(
            changed, tailoring: ruleSet.tailoring, limits: ruleSet.limits)
    }

    private static func run(
        _ test: RuleTest, variant: Result<CompiledRuleSet, DiagnosticError>
    ) -> RuleTestResult {
        switch variant {
        case .success(let ruleSet): return assess(test, ruleSet: ruleSet)
        case .failure(let error):
            return RuleTestResult(
                test: test,
                failures: [
                    "the rule set does not compile with the test's `params`:\n"
                        + error.diagnostics.map { "    \($0)" }.joined(separator: "\n")
                ],
                outcomes: [:])
        }
    }

    private static func assess(_ test: RuleTest, ruleSet: CompiledRuleSet) -> RuleTestResult {
        let profile: Profile
        do {
            profile = try ProfileDecoder.decode(
                test.profile, path: test.profilePath, schema: ruleSet.ruleSet.schema)
        } catch {
            return RuleTestResult(
                test: test,
                failures: [
                    "the test's profile is not valid:\n"
                        + error.diagnostics.map { "    \($0)" }.joined(separator: "\n")
                ],
                outcomes: [:])
        }
        let assessment = Assessment.assess(ruleSet: ruleSet, profile: profile, asOf: test.asOf)
        let outcomes = Dictionary(
            assessment.results.map { ($0.ruleID, $0.outcome) },
            uniquingKeysWith: { first, _ in first })
        var failures: [String] = []
        for (rule, expected) in test.outcomes {
            guard let actual = outcomes[rule.value] else {
                failures.append(
                    "\(rule.range.start): no rule `\(rule.value)` was evaluated (is it excluded?)")
                continue
            }
            if actual != expected {
                let result = assessment.results.first { $0.ruleID == rule.value }
                var detail = ""
                if let score = result?.score { detail = " (score \(NumberFormat.percent(score)))" }
                if let message = result?.message { detail = " (\(message))" }
                if let missing = result?.missing, !missing.isEmpty {
                    detail = " (missing \(missing.joined(separator: ", ")))"
                }
                failures.append(
                    "\(rule.range.start): rule \(rule.value): expected \(expected.rawValue), got \(actual.rawValue)\(detail)"
                )
            }
        }
        if let range = test.score, !range.contains(assessment.scores.overall) {
            failures.append(
                "overall score: expected \(range.text), got \(NumberFormat.oneDecimal(assessment.scores.overall))"
            )
        }
        for (id, range) in test.domains {
            let score = assessment.scores.domains.first { $0.id == id.value }?.score
            if score.map(range.contains) != true {
                failures.append(
                    "\(id.range.start): domain \(id.value): expected \(range.text), got \(score.map(NumberFormat.oneDecimal) ?? "no score")"
                )
            }
        }
        if let band = test.band, band.value != assessment.scores.band {
            failures.append(
                "\(band.range.start): band: expected \(band.value), got \(assessment.scores.band)")
        }
        if let compliant = test.compliant, compliant != assessment.scores.compliant {
            failures.append(
                "compliant: expected \(compliant), got \(assessment.scores.compliant)"
                    + (assessment.scores.reasons.first.map { " (\($0))" } ?? ""))
        }
        let planned = Set(assessment.plan.items.map(\.action.id))
        for action in test.actionsPresent where !planned.contains(action.value) {
            failures.append(
                "\(action.range.start): action \(action.value): expected in the plan, but it is not"
            )
        }
        for action in test.actionsAbsent where planned.contains(action.value) {
            failures.append(
                "\(action.range.start): action \(action.value): expected not in the plan, but it is"
            )
        }
        for gap in test.gaps {
            guard let result = assessment.results.first(where: { $0.ruleID == gap.rule.value })
            else {
                failures.append(
                    "\(gap.rule.range.start): no rule `\(gap.rule.value)` was evaluated (is it excluded?)"
                )
                continue
            }
            failures += gapFailures(gap, result: result)
        }
        return RuleTestResult(test: test, failures: failures, outcomes: outcomes)
    }

    /// What a rule's gap message does not give of what the test expects.
    private static func gapFailures(_ gap: RuleTest.GapExpectation, result: RuleResult)
        -> [String]
    {
        let rule = gap.rule.value
        guard let message = result.gap else {
            return [
                "\(gap.rule.range.start): rule \(rule): expected a gap message, but it has none (outcome \(result.outcome.rawValue))"
            ]
        }
        var failures: [String] = []
        if let text = gap.text, text.value != message {
            failures.append(
                "\(text.range.start): rule \(rule): expected the gap message \"\(text.value)\", got \"\(message)\""
            )
        }
        for part in gap.contains where !message.contains(part.value) {
            failures.append(
                "\(part.range.start): rule \(rule): expected the gap message to contain \"\(part.value)\", got \"\(message)\""
            )
        }
        for (name, expected) in gap.values {
            let actual = result.gapValues[name.value]
            if actual.map({ sameValue($0, expected.value) }) != true {
                failures.append(
                    "\(expected.range.start): rule \(rule): expected \(name.value) \(expected.value), got \(actual ?? "no value")"
                )
            }
        }
        return failures
    }

    /// Whether a value as a message shows it is the one expected: the same text, or the same
    /// number written another way (`2` and `2.0`).
    private static func sameValue(_ shown: String, _ expected: String) -> Bool {
        if shown == expected { return true }
        guard let left = Double(shown), let right = Double(expected) else { return false }
        return left == right
    }

    /// For each rule, the outcomes the tests reached.
    public static func coverage(_ results: [RuleTestResult], ruleSet: CompiledRuleSet) -> [(
        rule: String, reached: Set<Outcome>
    )] {
        ruleSet.rules.map { compiled in
            (compiled.rule.id, Set(results.compactMap { $0.outcomes[compiled.rule.id] }))
        }
    }
}
