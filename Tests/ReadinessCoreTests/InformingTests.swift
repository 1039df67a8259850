import Foundation
import ReadinessReport
import ReadinessTestSupport
import SourceDiagnostics
import Testing

@testable import ReadinessCore

/// Rules and domains that inform but do not score: reported, with their gaps and actions, and
/// left out of the overall score; a mandatory one is a load error.
struct InformingTests {
    static let rules = """
        ruleset: {id: t, version: 1.0.0, title: Test}
        domains:
          - {id: core, title: Core}
          - {id: context, title: Context, scored: false}
        schema:
          a: {type: bool}
          b: {type: bool}
          c: {type: bool}
        rules:
          - {id: A, domain: core, title: A holds, require: a, actions: [ACT]}
          - {id: B, domain: core, title: B holds, require: b, scored: false, gap: B does not hold., actions: [ACT]}
          - {id: C, domain: context, title: C holds, require: c}
        actions:
          - {id: ACT, title: Do it, timeframe: 0-3 months}

        """

    static func assess(_ answers: String) throws -> (CompiledRuleSet, Assessment) {
        let folder = try TemporaryRuleSet([
            "r.yaml": rules,
            "profiles/p.yaml": "assessment: {organisation: X, as_of: 2026-01-01}\n" + answers,
        ])
        let ruleSet = try CompiledRuleSet.load(folder: folder.folder)
        return (
            ruleSet,
            try Assessment.run(ruleSet: ruleSet, profilePath: folder.path("profiles/p.yaml"))
        )
    }

    @Test func reportedButNotScored() throws {
        let (ruleSet, assessment) = try Self.assess("a: true\nb: false\nc: false\n")
        // Only A counts: B does not score, and the Context domain is left out overall.
        #expect(assessment.scores.overall == 100)
        #expect(assessment.scores.domains.map(\.score) == [100, 0])
        #expect(assessment.scores.domains.map(\.counted) == [1, 1])
        #expect(assessment.results.map(\.outcome) == [.pass, .fail, .fail])
        #expect(assessment.results[1].gap == "B does not hold.")
        let report = AssessmentReport(assessment)
        #expect(report.rules.map(\.scored) == [nil, false, nil])
        #expect(report.domains.map(\.scored) == [nil, false])
        #expect(report.rules[1].pointsIfMet == 0)
        let text = TextRenderer(color: false).render(report)
        #expect(text.contains("✗ B [fail, informs, not scored] B holds"))
        #expect(text.contains("0.0  (informs, not scored)"))
        let json = JSONRenderer().render(report)
        #expect(json.contains("\"scored\" : false"))
        // The plan's projections follow full scoring, to the bit.
        let projection = Scores.Projection(
            ruleSet.ruleSet, results: assessment.results,
            domainPositions: ruleSet.domainPositions)
        for passing in [[], [0], [1], [2], [0, 1, 2]] {
            let full = Scores.compute(
                ruleSet.ruleSet, results: assessment.results,
                assumingPassed: Set(passing.map { ruleSet.ruleSet.rules[$0].id }))
            #expect(projection.overall(passing: passing).bitPattern == full.overall.bitPattern)
        }
    }

    /// With only informing rules failing, the organisation still complies; informing rules
    /// that pass do not lift a score the rules that count leave at 0 (A not known).
    @Test func informingRulesDoNotDecide() throws {
        let (_, assessment) = try Self.assess("a: true\nb: false\nc: false\n")
        #expect(assessment.scores.compliant)
        let (_, noScore) = try Self.assess("b: true\nc: true\n")
        #expect(noScore.scores.overall == 0)
        #expect(!noScore.scores.compliant)
    }

    @Test func mandatoryMustScore() throws {
        let folder = try TemporaryRuleSet([
            "r.yaml": Self.rules.replacingOccurrences(
                of: "require: b, scored: false", with: "require: b, scored: false, mandatory: true"
            ).replacingOccurrences(of: "require: c}", with: "require: c, mandatory: true}")
        ])
        #expect {
            try CompiledRuleSet.load(folder: folder.folder)
        } throws: { error in
            let messages = (error as? DiagnosticError)?.diagnostics.map(\.message) ?? []
            return messages.sorted() == [
                "rule `B` is mandatory, so it must score: a rule that only informs cannot decide compliance",
                "rule `C` is mandatory, but its domain `context` does not score: a rule that only informs cannot decide compliance",
            ]
        }
    }
}
