import Foundation
import ReadinessCore
import Testing

/// Every expectation kind of a rule test, seen to pass and to fail with its message.
struct RuleTestRunnerTests {
    private func results(_ expectations: String, set: String = "") throws -> [RuleTestResult] {
        let rules = try TemporaryRuleSet([
            "tests/t.yaml": """
            base: \(Fixture.path("profiles/weak.yaml"))
            tests:
              - name: the case
            \(set)
                expect: \(expectations)
            """
        ])
        let tests = try RuleTestDecoder.load(files: [rules.path("tests/t.yaml")])
        return RuleTestRunner.run(tests, ruleSet: try CompiledRuleSet.load(folder: Fixture.mini))
    }

    /// Expectations that hold give no failures.
    @Test func passingExpectations() throws {
        let result = try #require(
            try results(
                """
                {outcomes: {SUP-01: fail, SUP-02: partial}, score: {min: 24, max: 26}, domains: {training: 50}, band: Emerging, compliant: false, actions: {present: [ACT-MODEL], absent: [ACT-NONE]}}
                """
            ).first)
        #expect(result.failures == [], "\(result.failures)")
    }

    /// Each expectation kind that does not hold says what was expected and what happened.
    @Test func failingExpectations() throws {
        let result = try #require(
            try results(
                """
                {outcomes: {SUP-01: pass}, score: 90, domains: {training: {min: 80, max: 100}}, band: Embedded, compliant: true, actions: {present: [ACT-NONE], absent: [ACT-MODEL]}}
                """
            ).first)
        let messages = result.failures.map {
            $0.replacingOccurrences(
                of: #"^.*t\.yaml:"#, with: "t.yaml:", options: .regularExpression)
        }
        #expect(
            messages == [
                "t.yaml:5:25: rule SUP-01: expected pass, got fail (score 0%)",
                "overall score: expected 90.0, got 25.0",
                "t.yaml:5:61: domain training: expected 80.0 to 100.0, got 50.0",
                "band: expected Embedded, got Emerging",
                "compliant: expected true, got false (mandatory rule SUP-01 (A peer supervision model is documented) is not met)",
                "t.yaml:5:146: action ACT-NONE: expected in the plan, but it is not",
                "t.yaml:5:166: action ACT-MODEL: expected not in the plan, but it is",
            ])
    }

    /// `set` changes the base profile by path, and `~` makes a value missing (here one of
    /// two workers: the other already fails, so the rule is partial, not unknown).
    @Test func setByPath() throws {
        let changed = try #require(
            try results(
                "{outcomes: {SUP-01: pass, SUP-02: partial}}",
                set: """
                        set:
                          model_documented: true
                          peer_workers[1].supervision.interval_days: ~
                    """
            ).first)
        #expect(changed.failures == [], "\(changed.failures)")
    }

    /// A path that does not fit the profile is an error at its position.
    @Test func badPath() throws {
        #expect(throws: DiagnosticErrorProbe.self) {
            do {
                _ = try results(
                    "{outcomes: {SUP-01: pass}}", set: "    set: {\"peer_workers[9].name\": x}")
            } catch {
                if "\(error)".contains(
                    "cannot set `peer_workers[9].name`: index 9 is past the end of a list of 4")
                {
                    throw DiagnosticErrorProbe()
                }
                throw error
            }
        }
    }
}

struct DiagnosticErrorProbe: Error {}
