import Foundation
import ReadinessTestSupport
import SourceDiagnostics
import Testing

@testable import ReadinessCore

/// Named expressions (`definitions:`): written once, used by name, checked where written.
struct DefinitionTests {
    static let head = """
        ruleset: {id: t, version: 1.0.0, title: Test}
        domains: [{id: d, title: D}]
        schema:
          peer_workers:
            type: list
            items:
              name: {type: string}
              paid: {type: bool}
              supervision: {interval_days: {type: int}}

        """

    static func documented() throws -> String {
        Self.head + (try documentedYAML("rule-format.md", opening: "definitions:\n  paid_peers"))
    }

    static func assess(_ rules: String, _ answers: String) throws -> Assessment {
        let folder = try TemporaryRuleSet([
            "r.yaml": rules,
            "profiles/p.yaml": "assessment: {organisation: X, as_of: 2026-01-01}\n" + answers,
        ])
        let ruleSet = try CompiledRuleSet.load(folder: folder.folder)
        return try Assessment.run(ruleSet: ruleSet, profilePath: folder.path("profiles/p.yaml"))
    }

    /// The documented example: rules use `paid_peers` and `paid_count` (itself using
    /// `paid_peers`) as if they were fields.
    @Test func documentedExample() throws {
        let two = """
            peer_workers:
              - {name: A, paid: true, supervision: {interval_days: 14}}
              - {name: B, paid: true, supervision: {interval_days: 60}}
              - {name: C, paid: false, supervision: {interval_days: 90}}

            """
        let assessment = try Self.assess(try Self.documented(), two)
        #expect(assessment.results.map(\.outcome) == [.pass, .fail])
        let none = try Self.assess(
            try Self.documented(), "peer_workers: [{name: C, paid: false}]\n")
        #expect(none.results.map(\.outcome) == [.fail, .notApplicable])
        // The expression as it runs, for explain and the catalogue.
        let rule = try #require(none.ruleSet.ruleSet.rule("PAID"))
        guard case .require(let expression) = rule.check else {
            Issue.record("PAID is not a require rule")
            return
        }
        #expect(expression.text == "(size((peer_workers.filter(w, w.paid)))) > 0")
        // The catalogue shows what the author wrote, and the definitions.
        let catalogue = RuleCatalogue.markdown(none.ruleSet.ruleSet)
        #expect(catalogue.contains("- Requires: `paid_count > 0`"))
        #expect(catalogue.contains("| `paid_count` | `size(paid_peers)` |"))
    }

    /// A mistake in a definition is reported once, at the definition, not at every use; a
    /// type error that comes of using it is reported at the use.
    @Test func problemsAtTheirPlace() throws {
        let broken = try Self.documented().replacingOccurrences(
            of: "peer_workers.filter(w, w.paid)", with: "peer_workers.filter(w, w.payd)")
        let error = try loadFailure(broken)
        let lines = error.diagnostics.map { "\($0.range?.start.line ?? 0): \($0.message)" }
        #expect(lines.count == 1, "\(lines)")
        #expect(lines.first?.hasPrefix("11: ") == true, "\(lines)")
        #expect(lines.first?.contains("payd") == true)
        let misused = try Self.documented().replacingOccurrences(
            of: "require: paid_count > 0", with: "require: paid_count + 'x'")
        let useError = try loadFailure(misused)
        let location = try #require(useError.diagnostics.first?.range?.start)
        // Line 17, at the `+` after the definition's name, not inside the definition.
        #expect((location.line, location.column) == (17, 25), "\(useError)")
    }

    /// Names that clash, cycles and loop items named like a definition are errors.
    @Test func mistakes() throws {
        let rules =
            Self.head + """
                definitions:
                  peer_workers: "1"
                  a: b + 1
                  b: a + 1
                  itself: itself + 1
                  n: size(peer_workers)
                rules:
                  - {id: R, domain: d, title: R, require: "peer_workers.all(n, n.paid)"}
                  - {id: M, domain: d, title: M, measure: {each: peer_workers, as: n, meets: n.paid}}

                """
        let error = try loadFailure(rules)
        let messages = error.diagnostics.map(\.message)
        for expected in [
            "the definition `peer_workers` has the name of a field of the profile",
            "definitions use each other in a cycle: a → b → a",
            "the definition `itself` uses itself",
            "rule `R` names a loop's item `n`, which is the name of a definition",
            "the `measure` of rule `M` names its item `n`, which is the name of a definition",
        ] {
            #expect(messages.contains(expected), "missing \(expected) in \(messages)")
        }
    }
}
