import Foundation
import ReadinessReport
import ReadinessTestSupport
import SourceDiagnostics
import Testing

@testable import ReadinessCore

/// `compliance: none`: an instrument with scores, bands and feedback and no verdict; every
/// surface says nothing of compliance.
struct NoComplianceTests {
    /// The ratings example with docs/rule-format.md's `ruleset:` of an instrument.
    static func rules() throws -> String {
        let head = try documentedYAML(
            "rule-format.md", opening: "ruleset:\n  id: team-self-assessment")
        return try RatingTests.rules().replacingOccurrences(
            of: "ruleset: {id: t, version: 1.0.0, title: Test}\n", with: head)
    }

    static func assess(_ answers: String) throws -> Assessment {
        let folder = try TemporaryRuleSet([
            "r.yaml": try Self.rules(),
            "profiles/p.yaml": "assessment: {organisation: X, as_of: 2026-01-01}\n" + answers,
        ])
        let ruleSet = try CompiledRuleSet.load(folder: folder.folder)
        return try Assessment.run(ruleSet: ruleSet, profilePath: folder.path("profiles/p.yaml"))
    }

    @Test func reportsSayNothingOfCompliance() throws {
        let assessment = try Self.assess("practice: {welcome_sessions: 1, group_check_ins: 3}\n")
        #expect(!assessment.ruleSet.ruleSet.judgesCompliance)
        let report = AssessmentReport(assessment)
        #expect(report.summary.compliant == nil)
        #expect(report.summary.minScore == nil)
        #expect(report.compliance == nil)
        #expect(report.summary.reasons.isEmpty)
        #expect(report.plan.allSatisfy { $0.projectedCompliant == nil })
        #expect(report.verdictSentence == "The band reached is Emerging.")
        #expect(report.formulas.allSatisfy { !$0.contains("complian") })
        #expect(
            report.formulas[0].hasSuffix(
                "; rate (rating − the scale's lowest level) ÷ (highest − lowest)"))
        // What a reader sees (the HTML's text, not its class names).
        let html = HTMLRenderer().render(report)
            .replacingOccurrences(of: "class=\"compliance\"", with: "")
            .replacingOccurrences(of: ".compliance {", with: "")
        for (format, text) in [
            ("text", TextRenderer(color: false).render(report)),
            ("markdown", MarkdownRenderer().render(report)), ("html", html),
        ] {
            #expect(!text.lowercased().contains("complian"), "\(format) speaks of compliance")
        }
        // The plan's table keeps its columns; the verdict's is empty.
        let csv = CSVRenderer().render(report).split(whereSeparator: \.isNewline)
        #expect(csv.count == 2)
        #expect(csv.last?.hasSuffix("PRACTICE-WELCOME.,") == true)
        #expect(
            TextRenderer(color: false).render(report).contains(
                "After the whole plan: 100.0 / 100, Embedded."))
        let json = JSONRenderer().render(report)
        #expect(!json.contains("\"compliant\""))
        #expect(!json.contains("\"min_score\""))
        #expect(!json.contains("\"compliance\""))
    }

    @Test func batchAndDiff() throws {
        let folder = try TemporaryRuleSet([
            "r.yaml": try Self.rules(),
            "profiles/a.yaml":
                "assessment: {organisation: A, as_of: 2026-01-01}\npractice: {welcome_sessions: 1, group_check_ins: 3}\n",
            "profiles/b.yaml":
                "assessment: {organisation: A, as_of: 2026-06-01}\npractice: {welcome_sessions: 3, group_check_ins: 3}\n",
        ])
        let ruleSet = try CompiledRuleSet.load(folder: folder.folder)
        let before = AssessmentReport(
            try Assessment.run(ruleSet: ruleSet, profilePath: folder.path("profiles/a.yaml")))
        let after = AssessmentReport(
            try Assessment.run(ruleSet: ruleSet, profilePath: folder.path("profiles/b.yaml")))
        // A batch: no row is judged, nor are the totals.
        var rows: [Batch.Row] = []
        let totals = Batch(ruleSet: ruleSet).run(
            [folder.path("profiles/a.yaml"), folder.path("profiles/b.yaml")]
        ) { rows.append($0) }
        #expect(rows.map(\.compliant) == [nil, nil])
        #expect(totals.compliant == 0)
        var text = BatchRenderer(format: .text, ruleSet: ruleSet.ruleSet)
        #expect(text.footer(totals).hasPrefix("\n2 organisations assessed."))
        // No column of verdicts.
        #expect(!text.header().contains("compliant"))
        #expect(text.row(rows[0]) == "    0.0  Emerging     2026-01-01 A\n")
        let csvTotals = BatchRenderer(format: .csv, ruleSet: ruleSet.ruleSet).summary(totals)
        #expect(!csvTotals.contains("compliant"))
        let diff = AssessmentDiff(before: before, after: after)
        #expect(diff.verdictWords == nil)
        #expect(!DiffRenderer.text(diff).contains("compliant"))
        #expect(!DiffRenderer.html(diff).contains("compliant"))
    }

    @Test func mistakes() throws {
        let mandatory = try Self.rules().replacingOccurrences(
            of: "    rate: practice.welcome_sessions",
            with: "    rate: practice.welcome_sessions\n    mandatory: true")
        let error = try loadFailure(mandatory)
        #expect(
            error.diagnostics.map(\.message) == [
                "rule `PRACTICE-WELCOME` is mandatory, but the rule set gives no verdict of compliance (`compliance: none`)"
            ])
        let misspelt = try Self.rules().replacingOccurrences(
            of: "compliance: none", with: "compliance: never")
        let misspeltError = try loadFailure(misspelt)
        #expect(
            misspeltError.diagnostics.first?.message
                == "`compliance` is `none` or a mapping such as `{min_score: 60}`, not `never`")
    }

    @Test func ruleTestsCannotExpectAVerdict() throws {
        let folder = try TemporaryRuleSet([
            "r.yaml": try Self.rules(),
            "profiles/p.yaml":
                "assessment: {organisation: X, as_of: 2026-01-01}\npractice: {welcome_sessions: 1, group_check_ins: 3}\n",
            "tests/t.yaml": """
            base: ../profiles/p.yaml
            tests:
              - name: no verdict
                expect: {compliant: true}

            """,
        ])
        let ruleSet = try CompiledRuleSet.load(folder: folder.folder)
        let error = try #require(
            throws: DiagnosticError.self,
            performing: {
                try RuleTestDecoder.load(files: [folder.path("tests/t.yaml")], ruleSet: ruleSet)
            })
        #expect(
            error.diagnostics.first?.message
                == "test \"no verdict\" expects a verdict of compliance, but the rule set gives none (`compliance: none`)"
        )
    }
}
