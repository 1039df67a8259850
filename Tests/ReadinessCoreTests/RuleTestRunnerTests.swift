import Foundation
import Testing

@testable import ReadinessCore

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
        let ruleSet = try CompiledRuleSet.load(folder: Fixture.mini)
        let tests = try RuleTestDecoder.load(files: [rules.path("tests/t.yaml")], ruleSet: ruleSet)
        return RuleTestRunner.run(tests, ruleSet: ruleSet)
    }

    /// The weak profile with its supervision model documented: SUP-01 passes, so its action
    /// leaves the plan.
    private static let documented = """
            set:
              model_documented: true
        """

    /// Expectations that hold give no failures.
    @Test func passingExpectations() throws {
        let result = try #require(
            try results(
                """
                {outcomes: {SUP-01: pass, SUP-02: partial}, score: {min: 74, max: 76}, domains: {training: 50}, band: Developing, compliant: true, actions: {present: [ACT-CADENCE], absent: [ACT-MODEL]}, gaps: {SUP-02: "2 of 4 peer workers are supervised less often than every 30 days", TRN-01: {contains: "3 of 4", values: {unmet: 3, total: 4.0, percent: 25%}}}}
                """, set: Self.documented
            ).first)
        #expect(result.failures == [], "\(result.failures)")
    }

    /// Each expectation kind that does not hold says what was expected and what happened.
    @Test func failingExpectations() throws {
        let result = try #require(
            try results(
                """
                {outcomes: {SUP-01: fail}, score: 90, domains: {training: {min: 80, max: 100}}, band: Embedded, compliant: false, actions: {present: [ACT-MODEL], absent: [ACT-TRAINING]}, gaps: {SUP-01: x, SUP-02: "2 of 4.", TRN-01: {text: "3 of 4", contains: [Zed, "of 4"], values: {unmet: 2, met: 1}}}}
                """, set: Self.documented
            ).first)
        let messages = result.failures.map {
            $0.replacingOccurrences(
                of: #"^.*t\.yaml:"#, with: "t.yaml:", options: .regularExpression)
        }
        #expect(
            messages == [
                "t.yaml:6:25: rule SUP-01: expected fail, got pass (score 100%)",
                "overall score: expected 90.0, got 75.0",
                "t.yaml:6:61: domain training: expected 80.0 to 100.0, got 50.0",
                "t.yaml:6:99: band: expected Embedded, got Developing",
                "compliant: expected false, got true",
                "t.yaml:6:147: action ACT-MODEL: expected in the plan, but it is not",
                "t.yaml:6:168: action ACT-TRAINING: expected not in the plan, but it is",
                "t.yaml:6:191: rule SUP-01: expected a gap message, but it has none (outcome pass)",
                #"t.yaml:6:210: rule SUP-02: expected the gap message "2 of 4.", got "2 of 4 peer workers are supervised less often than every 30 days""#,
                #"t.yaml:6:236: rule TRN-01: expected the gap message "3 of 4", got "3 of 4 peer workers have under 40 hours""#,
                #"t.yaml:6:257: rule TRN-01: expected the gap message to contain "Zed", got "3 of 4 peer workers have under 40 hours""#,
                "t.yaml:6:287: rule TRN-01: expected unmet 2, got 3",
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

    /// The problems of a test file that does not load, each as `LINE:COLUMN: message`.
    private func loadProblems(_ file: String) throws -> [String] {
        let rules = try TemporaryRuleSet(["tests/t.yaml": file])
        let ruleSet = try CompiledRuleSet.load(folder: Fixture.mini)
        do {
            _ = try RuleTestDecoder.load(files: [rules.path("tests/t.yaml")], ruleSet: ruleSet)
            return []
        } catch {
            return error.diagnostics.map {
                "\($0.location.map { "\($0.line):\($0.column)" } ?? "-"): \($0.message)"
            }
        }
    }

    /// What a test names is checked against the rule set when it loads: a misspelt `set`
    /// path, rule, domain, band, action, parameter or gap value is an error at the name,
    /// with a did-you-mean, all reported together (each used to pass silently).
    @Test func typosAreErrors() throws {
        let problems = try loadProblems(
            """
            base: \(Fixture.path("profiles/weak.yaml"))
            tests:
              - name: typos
                set:
                  peer_workers[1].supervision.intervl_days: 60
                  modl_documented: true
                  assessment.asof: 2026-01-01
                  understanding.level: 2
                  model_documented[0]: true
                  assessment.as_of: 2026-01-01
                  peer_workers[0].supervision.interval_days: 14
                params: {max_intervl_days: 20, min_training_hours: lots}
                expect:
                  outcomes: {SUP-1: pass, SUP-02: partial}
                  domains: {supervison: 50}
                  band: Embeded
                  actions: {present: [ACT-CADENCE], absent: [ACT-MODELL]}
                  gaps: {TRN-02: {values: {ratng: 2, rating: 2}}, SUP-02: {values: {unmet: 1}}, TRN-9: x}
            """)
        #expect(
            problems == [
                "5:7: `set` names `peer_workers[1].supervision.intervl_days`, which is not in the schema: `peer_workers[1].supervision` has no field `intervl_days` — did you mean `interval_days`?",
                "6:7: `set` names `modl_documented`, which is not in the schema: the profile has no field `modl_documented` — did you mean `model_documented`?",
                "7:7: `set` names `assessment.asof`, which is not in the schema: the `assessment` header has no field `asof` — did you mean `as_of`?",
                "8:7: `set` names `understanding.level`, which is not in the schema: `understanding` is an int, not a record",
                "9:7: `set` names `model_documented[0]`, which is not in the schema: `model_documented` is a bool, not a list",
                "12:14: no parameter has the id `max_intervl_days` — did you mean `max_interval_days`?",
                "12:56: the value of parameter `min_training_hours` must be a number, but is the string `lots`",
                "14:18: no rule has the id `SUP-1` — did you mean `SUP-01`?",
                "15:17: no domain has the id `supervison` — did you mean `supervision`?",
                "16:13: no band is labelled `Embeded` — did you mean `Embedded`?",
                "17:50: no action has the id `ACT-MODELL` — did you mean `ACT-MODEL`?",
                "18:32: rule TRN-02's gap message has no value `ratng` — did you mean `rating`?",
                "18:85: no rule has the id `TRN-9` — did you mean `TRN-01`?",
            ])
    }

    /// `gaps` and `params` of the wrong shape are errors at their place, with what to write.
    @Test func malformedGapsAndParameters() throws {
        let problems = try loadProblems(
            """
            base: \(Fixture.path("profiles/weak.yaml"))
            tests:
              - name: shapes
                params: [max_interval_days]
                expect:
                  gaps: {SUP-02: {txt: a, values: [1]}, TRN-01: {values: {unmet: [1]}}}
              - name: a list of gaps
                expect: {gaps: [SUP-02]}
            """)
        #expect(
            problems == [
                "4:13: `params` of test \"shapes\" must be a mapping of parameter names to values, but is a sequence",
                "6:23: unknown key `txt` in the gap expected of rule SUP-02 — did you mean `text`?",
                "6:39: `values` of rule SUP-02's gap must be a mapping of value names to values, but is a sequence",
                "6:70: a named value of rule TRN-01's gap must be a value as the message shows it, but is a sequence",
                "8:20: `gaps` of test \"a list of gaps\" must be a mapping of rule ids to expected gap messages, but is a sequence",
            ])
    }

    /// A test's `params` replace the rule set's for that test alone: the outcome, the gap
    /// message and the title follow; tests without them use the defaults.
    @Test func parametersPerTest() throws {
        let rules = try TemporaryRuleSet([
            "tests/t.yaml": """
            base: \(Fixture.path("profiles/weak.yaml"))
            tests:
              - name: a lenient interval
                params: {max_interval_days: 90}
                expect:
                  outcomes: {SUP-02: pass}
              - name: a strict interval
                params: {max_interval_days: 20}
                expect:
                  outcomes: {SUP-02: partial}
                  gaps: {SUP-02: "3 of 4 peer workers are supervised less often than every 20 days"}
              - name: the same strict interval again
                params: {max_interval_days: 20}
                expect: {gaps: {SUP-02: {values: {unmet: 3}}}}
              - name: the default
                expect:
                  gaps: {SUP-02: {contains: every 30 days}}
            """
        ])
        let ruleSet = try CompiledRuleSet.load(folder: Fixture.mini)
        let tests = try RuleTestDecoder.load(files: [rules.path("tests/t.yaml")], ruleSet: ruleSet)
        let results = RuleTestRunner.run(tests, ruleSet: ruleSet)
        #expect(results.map(\.failures) == [[], [], [], []])
        // Alone too, and the title says the test's interval.
        let strict = try RuleTestRunner.withParameters(tests[1].parameters, ruleSet)
        #expect(
            try strict.ruleSet.title(of: #require(strict.ruleSet.rule("SUP-02")))
                == "Peer workers are supervised at least every 20 days")
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
