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
        #expect(report.rules.map(\.scored) == [nil, false, false])
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

/// A mandatory rule whose partial credit is enough: `mandatory: {at_least: 0.5}` complies at
/// half credit or more, and says what it needs when below.
struct MandatoryMinimumTests {
    static func assess(_ hours: [Int]) throws -> Assessment {
        let folder = try TemporaryRuleSet([
            "r.yaml": """
            ruleset: {id: t, version: 1.0.0, title: Test, compliance: {min_score: 0}}
            domains: [{id: d, title: D}]
            schema:
              workers: {type: list, items: {hours: {type: int}}}
            rules:
              - id: H
                domain: d
                title: Workers are trained
                mandatory: {at_least: 0.5}
                measure: {each: workers, as: w, meets: w.hours >= 40}
            actions: []

            """,
            "profiles/p.yaml": "assessment: {organisation: X, as_of: 2026-01-01}\nworkers: ["
                + hours.map { "{hours: \($0)}" }.joined(separator: ", ") + "]\n",
        ])
        return try Assessment.run(
            ruleSet: try CompiledRuleSet.load(folder: folder.folder),
            profilePath: folder.path("profiles/p.yaml"))
    }

    @Test func partialCreditAboveTheMinimumComplies() throws {
        let half = try Self.assess([40, 50, 10, 0])
        #expect(half.results[0].outcome == .partial)
        #expect(half.scores.compliant)
        let quarter = try Self.assess([40, 10, 10, 0])
        #expect(!quarter.scores.compliant)
        #expect(
            quarter.scores.reasons == [
                "mandatory rule H (Workers are trained) is only partly met (25%, and needs at least 50%)"
            ])
        let report = AssessmentReport(quarter)
        #expect(report.rules[0].mandatoryAtLeast == 0.5)
        #expect(
            TextRenderer(color: false).render(report).contains(
                "H [partial, mandatory, at least 50%] Workers are trained"))
        let none = try Self.assess([0, 0])
        #expect(
            none.scores.reasons.first?.hasSuffix("is not met (0%, and needs at least 50%)") == true)
    }

    @Test func minimumOutsideRangeIsALoadError() throws {
        let folder = try TemporaryRuleSet([
            "r.yaml": header + """
                rules:
                  - {id: R, domain: d, title: T, require: flag, mandatory: {at_least: 50}}
                  - {id: S, domain: d, title: T, require: flag, mandatory: {least: 0.5}}
                """
        ])
        #expect(
            folder.loadErrors().map { $0.components(separatedBy: "\n")[0] } == [
                "RS/r.yaml:12:71: error[decode.invalid]: `at_least` is the least score (a share) the rule needs: above 0, at most 1",
                "RS/r.yaml:13:60: error[decode.missing-key]: `mandatory` of rule `S` has no `at_least`, which is required",
                "RS/r.yaml:13:61: error[decode.unknown-key]: unknown key `least` in `mandatory` of rule `S`",
            ])
    }
}

/// A domain's own bands, each with feedback: the report names the band a domain's score
/// reaches and gives its paragraph, in every format.
struct DomainBandTests {
    /// The domain of docs/rule-format.md's example, as the documentation shows it.
    static func documentedDomain() throws -> String {
        try documentedYAML(
            "rule-format.md", opening: "domains:\n  - id: mutuality\n", skipping: "domains:\n")
    }

    @Test func bandAndFeedbackPerDomain() throws {
        let folder = try TemporaryRuleSet([
            "r.yaml": """
            ruleset: {id: t, version: 1.0.0, title: Test}
            domains:
            \(try Self.documentedDomain())  - {id: other, title: Other}
            schema:
              a: {type: bool}
              b: {type: bool}
              c: {type: bool}
            rules:
              - {id: A, domain: mutuality, title: A, require: a}
              - {id: B, domain: mutuality, title: B, require: b}
              - {id: C, domain: other, title: C, require: c}
            actions: []

            """,
            "profiles/p.yaml":
                "assessment: {organisation: X, as_of: 2026-01-01}\na: true\nb: false\nc: true\n",
        ])
        let assessment = try Assessment.run(
            ruleSet: try CompiledRuleSet.load(folder: folder.folder),
            profilePath: folder.path("profiles/p.yaml"))
        let report = AssessmentReport(assessment)
        #expect(report.domains.map(\.band) == ["Growing", nil])
        #expect(
            report.domains.map(\.feedback) == [
                "Mutuality is named; now practise it in supervision.", nil,
            ])
        let text = TextRenderer(color: false).render(report)
        #expect(text.contains("50.0  Growing\n"))
        #expect(
            text.contains(
                "Feedback by domain\n  Mutuality — Growing: Mutuality is named; now practise it in supervision.\n"
            ))
        let markdown = MarkdownRenderer().render(report)
        #expect(markdown.contains("| Mutuality | 1.0 | 50.0 | Growing |"))
        #expect(markdown.contains("**Mutuality — Growing.** Mutuality is named"))
        let html = HTMLRenderer().render(report)
        #expect(html.contains("<strong>Mutuality — Growing. </strong>Mutuality is named"))
        #expect(JSONRenderer().render(report).contains("\"band\" : \"Growing\""))
    }
}
