import Foundation
import ReadinessCore
import ReadinessTestSupport
import SourceDiagnostics
import Testing

/// Gap messages format numbers (`{{ value | round(1) }}`, `percent`), list functions feed
/// them, and every documented placeholder is accepted.
struct GapFormatTests {
    /// The example rule of docs/rule-format.md, as the documentation shows it.
    static func documentedRule() throws -> String {
        try documentedYAML("rule-format.md", opening: "  - id: MEAN\n")
    }

    static func rules() throws -> String {
        """
        ruleset: {id: t, version: 1.0.0, title: Test}
        domains: [{id: d, title: D}]
        parameters:
          target: {type: number, default: 2.5, description: The mean wanted.}
        schema:
          ratings: {type: list, items: {type: int, min: 1, max: 3}}
          raters:
            type: list
            item_label: name
            items: {name: {type: string}, rating: {type: int}}
        rules:
        \(try documentedRule())  - id: SHARE
            domain: d
            title: Raters rate 3
            measure: {each: raters, as: r, meets: r.rating == 3, target: 1.0}
            values:
              first: raters[0].rating
            gap: "{{ percent | percent(1) }} rate 3; {{ unmet }} do not ({{ failing }}); {{ unknown }} not known; score {{ score | round(2) }}; first rater {{ first | round(1) }}."

        """
    }

    @Test func numbersAreFormatted() throws {
        let folder = try TemporaryRuleSet([
            "r.yaml": try Self.rules(),
            "profiles/p.yaml": """
            assessment: {organisation: X, as_of: 2026-01-01}
            ratings: [1, 2, 2]
            raters: [{name: Ana}, {name: Ben, rating: 3}, {name: Cy, rating: 1}]

            """,
        ])
        let ruleSet = try CompiledRuleSet.load(folder: folder.folder)
        let assessment = try Assessment.run(
            ruleSet: ruleSet, profilePath: folder.path("profiles/p.yaml"))
        #expect(
            assessment.results.map { $0.gap ?? "" } == [
                "The mean rating is 1.7 (1 to 2), under 2.5.",
                "33.3% rate 3; 1 do not (Cy); 1 not known; score 0.33; first rater not known.",
            ])
        #expect(
            ruleSet.ruleSet.title(of: ruleSet.ruleSet.rules[0]) == "The mean rating reaches 2.50")
    }

    /// A format that is not one is an error when the rule set loads, naming the forms.
    @Test func unknownFormatIsALoadError() throws {
        let folder = try TemporaryRuleSet([
            "r.yaml": try Self.rules().replacingOccurrences(
                of: "{{ mean | round(1) }}", with: "{{ mean | rund(1) }}"
            ).replacingOccurrences(of: "{{ low }}", with: "{{ low | round(9) }}")
        ])
        #expect {
            try CompiledRuleSet.load(folder: folder.folder)
        } throws: { error in
            let messages = (error as? DiagnosticError)?.diagnostics.map(\.message) ?? []
            return messages.sorted() == [
                "the gap message of rule `MEAN` formats `low` as `round(9)`, which is not a number format",
                "the gap message of rule `MEAN` formats `mean` as `rund(1)`, which is not a number format",
            ]
        }
    }

    @Test(arguments: [
        (85.0, 1, "85.0"), (-0.04, 1, "0.0"), (1.25, 1, "1.3"), (1234.5678, 2, "1234.57"),
        (3.0, 0, "3"), (-2.5, 0, "-3"), (0.05, 3, "0.050"),
    ])
    func fixedDecimals(value: Double, places: Int, text: String) {
        #expect(NumberFormat.fixed(value, places: places) == text)
    }
}
