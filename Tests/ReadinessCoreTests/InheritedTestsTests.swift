import Foundation
import ReadinessTestSupport
import SourceDiagnostics
import Testing

@testable import ReadinessCore

/// A rule set that extends another inherits the base's tests about the rules it keeps.
struct InheritedTestsTests {
    static let base = """
        ruleset: {id: base, version: 1.0.0, title: Base}
        parameters:
          least: {type: int, default: 2, description: The least count.}
        domains: [{id: d, title: D}]
        schema:
          count: {type: int}
          named: {type: bool}
        rules:
          - {id: COUNT, domain: d, title: Count, require: count >= params.least, gap: "Only {{ params.least }} needed."}
          - {id: NAMED, domain: d, title: Named, require: named}

        """

    static let baseTests = """
        base: ../profiles/p.yaml
        tests:
          - name: two is enough
            expect: {outcomes: {COUNT: pass, NAMED: pass}, score: 100, band: Embedded}
          - name: one is not
            set: {count: 1}
            expect: {outcomes: {COUNT: fail}, gaps: {COUNT: {text: Only 2 needed.}}}
          - name: the score alone
            set: {named: false}
            expect: {score: 50}

        """

    static func folders(extension own: String) throws -> TemporaryRuleSet {
        try TemporaryRuleSet([
            "base/r.yaml": base, "base/tests/t.yaml": baseTests,
            "base/profiles/p.yaml":
                "assessment: {organisation: X, as_of: 2026-01-01}\ncount: 2\nnamed: true\n",
            "ext/r.yaml": own,
        ])
    }

    /// The extension changes the parameter, redeclares NAMED and adds a rule: the base's
    /// tests of COUNT still pass under the base's value; what they say of NAMED, the score
    /// and the band is dropped; the test of the score alone is dropped.
    @Test func inheritedTestsKeepWhatStillHolds() throws {
        let folder = try Self.folders(
            extension: """
                extends: ../base
                ruleset: {id: ext, version: 1.0.0, title: Extension}
                parameters:
                  least: {type: int, default: 5, description: A stricter least count.}
                rules:
                  - {id: NAMED, domain: d, title: Named, require: "!named"}
                  - {id: EXTRA, domain: d, title: Extra, require: count > 100}

                """)
        let ruleSet = try CompiledRuleSet.load(folder: folder.path("ext"))
        #expect(
            ruleSet.ruleSet.baseFolders == [(folder.path("base") as NSString).standardizingPath])
        let tests = try RuleTestDecoder.loadInherited(ruleSet: ruleSet)
        #expect(
            tests.map(\.name) == [
                "two is enough (inherited from base)", "one is not (inherited from base)",
            ])
        #expect(tests.map { $0.outcomes.map(\.rule.value) } == [["COUNT"], ["COUNT"]])
        #expect(tests.allSatisfy { $0.score == nil && $0.band == nil })
        #expect(tests.first?.parameters.map(\.name) == ["least"])
        let results = RuleTestRunner.run(tests, ruleSet: ruleSet)
        let failures = results.flatMap { $0.failures }
        #expect(failures.isEmpty, "\(failures)")
        // The extension's own checks count them: COUNT is tested, EXTRA is not.
        let findings = RuleSetCheck.run(folder: folder.path("ext"))
        #expect(
            findings.warnings.filter { $0.code == "check.untested-rule" }.map(\.message) == [
                "no test checks the outcome of rule `NAMED`",
                "no test checks the outcome of rule `EXTRA`",
            ])
    }

    /// An extension that breaks a base rule fails the base's tests: here a field the base's
    /// profiles leave out is made required.
    @Test func anExtensionThatBreaksABaseRuleFails() throws {
        let folder = try Self.folders(
            extension: """
                extends: ../base
                ruleset: {id: ext, version: 1.0.0, title: Extension}
                schema:
                  region: {type: string, required: true}

                """)
        let ruleSet = try CompiledRuleSet.load(folder: folder.path("ext"))
        let tests = try RuleTestDecoder.loadInherited(ruleSet: ruleSet)
        let results = RuleTestRunner.run(tests, ruleSet: ruleSet)
        #expect(results.count == 2)
        for result in results {
            #expect(!result.passed)
            #expect(
                result.failures.contains { $0.contains("`region`") }, "\(result.failures)")
        }
    }
}
