import Foundation
import ReadinessCore
import ReadinessTestSupport
import Testing

/// The shipped Victorian AOD peer workforce rule set: it loads, its own tests pass, and every
/// rule is seen to pass and fail (and give partial credit where it can).
struct ShippedRuleSetTests {
    static let folder = Paths.repositoryRoot.appendingPathComponent("rules/vic-aod-peer-workforce")
        .path

    /// The rule set is within the size the strategy calls for, every rule fully described.
    @Test func ruleSetIsComplete() throws {
        let ruleSet = try CompiledRuleSet.load(folder: Self.folder).ruleSet
        #expect((40...70).contains(ruleSet.rules.count), "\(ruleSet.rules.count) rules")
        #expect(ruleSet.domains.count >= 11)
        for rule in ruleSet.rules {
            #expect(rule.rationale?.isEmpty == false, "\(rule.id) has no rationale")
            #expect(rule.source?.isEmpty == false, "\(rule.id) cites no source line")
            #expect(rule.gap?.isEmpty == false, "\(rule.id) has no gap message")
            #expect(!rule.actions.isEmpty, "\(rule.id) has no action")
        }
        for action in ruleSet.actions {
            #expect(
                !action.steps.isEmpty && action.owner != nil && action.effortDays != nil,
                "\(action.id) is incomplete")
        }
        for parameter in ruleSet.parameters {
            #expect(
                parameter.source?.isEmpty == false,
                "parameter \(parameter.name) cites no source for its default")
        }
    }

    /// Every test in `tests/` passes.
    @Test func ownTestsPass() throws {
        let ruleSet = try CompiledRuleSet.load(folder: Self.folder)
        let tests = try RuleTestDecoder.load(
            files: RuleTestDecoder.files(forRuleSet: Self.folder), ruleSet: ruleSet)
        #expect(tests.count >= 50)
        for result in RuleTestRunner.run(tests, ruleSet: ruleSet) where !result.passed {
            Issue.record(
                "\(result.test.file):\(result.test.line): \(result.test.name)\n  \(result.failures.joined(separator: "\n  "))"
            )
        }
    }

    /// Every rule is seen to pass and to fail, and measure and grade rules to give partial
    /// credit.
    @Test func everyRuleCovered() throws {
        let ruleSet = try CompiledRuleSet.load(folder: Self.folder)
        let tests = try RuleTestDecoder.load(
            files: RuleTestDecoder.files(forRuleSet: Self.folder), ruleSet: ruleSet)
        let results = RuleTestRunner.run(tests, ruleSet: ruleSet)
        for (rule, reached) in RuleTestRunner.coverage(results, ruleSet: ruleSet) {
            #expect(reached.contains(.pass), "no test makes \(rule) pass")
            #expect(reached.contains(.fail), "no test makes \(rule) fail")
            guard let compiled = ruleSet.rules.first(where: { $0.rule.id == rule }) else {
                continue
            }
            if case .require = compiled.rule.check { continue }
            #expect(reached.contains(.partial), "no test gives \(rule) partial credit")
        }
    }
}

/// The examples in docs/testing-rules.md are real: the test file shown loads against the
/// shipped rule set and its tests pass, and the problems shown are the ones a typo gives.
struct TestingDocumentationTests {
    static func document() throws -> String {
        try String(
            contentsOf: Paths.repositoryRoot.appendingPathComponent("docs/testing-rules.md"),
            encoding: .utf8)
    }

    @Test func exampleTestsPass() throws {
        let text = try Self.document()
        // The example's `base` is relative to the shipped rule set's `tests/` folder.
        let example = try documentedYAML("testing-rules.md", opening: "base: ")
            .replacingOccurrences(
                of: "../../../assessments/",
                with: Paths.repositoryRoot.appendingPathComponent("assessments").path + "/")
        let folder = try TemporaryRuleSet(["tests/t.yaml": example])
        let ruleSet = try CompiledRuleSet.load(folder: ShippedRuleSetTests.folder)
        let tests = try RuleTestDecoder.load(
            files: [folder.path("tests/t.yaml")], ruleSet: ruleSet)
        #expect(tests.count == 2)
        for result in RuleTestRunner.run(tests, ruleSet: ruleSet) {
            #expect(result.failures == [], "\(result.test.name)")
        }
        // The typo shown below the example is the one it shows.
        var broken = example.replacingOccurrences(
            of: "peer_workers[1].supervision.interval_days: 60\n    as_of",
            with: "peer_workers[1].supervision.intervl_days: 60\n    as_of")
        broken = broken.replacingOccurrences(
            of: "absent: [ACT-SUPERVISION-MODEL]", with: "absent: [ACT-SUPERVISION-MODL]")
        let typos = try TemporaryRuleSet(["tests/t.yaml": broken])
        do {
            _ = try RuleTestDecoder.load(files: [typos.path("tests/t.yaml")], ruleSet: ruleSet)
            Issue.record("the misspelt example loaded")
        } catch {
            // As the command prints them, the file named as the documentation names it.
            let lines = error.diagnostics.map {
                ($0.description.components(separatedBy: "\n").first ?? "")
                    .replacingOccurrences(
                        of: typos.path("tests/t.yaml"), with: "tests/supervision.yaml")
            }
            for line in lines {
                #expect(text.contains(line + "\n"), "docs/testing-rules.md does not show: \(line)")
            }
            #expect(lines.count == 2)
        }
    }
}
