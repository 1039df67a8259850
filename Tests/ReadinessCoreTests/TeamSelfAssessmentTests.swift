import Foundation
import ReadinessCore
import ReadinessReport
import ReadinessTestSupport
import Testing

/// The second shipped rule set, a team self-assessment rated by several respondents: it
/// checks clean, its own tests see every statement at every level, its examples assess in
/// every format, and its catalogue is current.
struct TeamSelfAssessmentTests {
    static let folder = Paths.repositoryRoot.appendingPathComponent(
        "rules/vic-aod-peer-team-self-assessment"
    ).path

    static func example(_ name: String) -> String { "\(folder)/examples/\(name)" }

    /// 25 statements, each citing the seed line it comes from, with a gap message and an
    /// action; nothing for `readiness check --strict` to warn of.
    @Test func ruleSetIsCompleteAndClean() throws {
        let ruleSet = try CompiledRuleSet.load(folder: Self.folder).ruleSet
        #expect(ruleSet.rules.count == 25)
        #expect(!ruleSet.judgesCompliance)
        #expect(ruleSet.schema.raters?.combine == .mean)
        for rule in ruleSet.rules {
            guard case .rate = rule.check else {
                Issue.record("\(rule.id) is not rated")
                continue
            }
            #expect(rule.source?.hasPrefix("[S]") == true || rule.source?.hasPrefix("[M]") == true)
            #expect(rule.gap?.isEmpty == false)
            #expect(!rule.actions.isEmpty)
        }
        for domain in ruleSet.domains {
            #expect(domain.bands.count == 3 && domain.bands.allSatisfy { $0.feedback != nil })
        }
        let findings = RuleSetCheck.run(folder: Self.folder)
        #expect(findings.errors.isEmpty && findings.warnings.isEmpty, "\(findings.warnings)")
    }

    /// Every test passes, and every statement is seen at each level.
    @Test func ownTestsSeeEveryLevel() throws {
        let ruleSet = try CompiledRuleSet.load(folder: Self.folder)
        let tests = try RuleTestDecoder.load(
            files: RuleTestDecoder.files(forRuleSet: Self.folder), ruleSet: ruleSet)
        let results = RuleTestRunner.run(tests, ruleSet: ruleSet)
        for result in results where !result.passed {
            Issue.record(
                "\(result.test.file):\(result.test.line): \(result.test.name)\n  \(result.failures.joined(separator: "\n  "))"
            )
        }
        for (rule, reached) in RuleTestRunner.coverage(results, ruleSet: ruleSet) {
            #expect(reached.isSuperset(of: [.pass, .partial, .fail]), "\(rule): \(reached)")
        }
    }

    /// The three respondents disagree on two statements by two levels; the report says so
    /// in every format, and says nothing of compliance.
    @Test func threeRespondentsWhoDisagree() throws {
        let ruleSet = try CompiledRuleSet.load(folder: Self.folder)
        let assessment = try Assessment.run(
            ruleSet: ruleSet, profilePath: Self.example("01-riverside-three-respondents.yaml"))
        #expect(
            assessment.profile.respondents.map(\.role) == [
                "leadership", "peer_worker", "supervisor",
            ])
        let report = AssessmentReport(assessment)
        #expect(
            report.disagreements?.map(\.path) == ["discipline.recognised", "support.supervision"])
        #expect(report.summary.compliant == nil)
        #expect(
            report.domains.map(\.band) == [
                "Building", "Building", "Starting out", "Building", "Starting out",
            ])
        for text in [
            TextRenderer(color: false).render(report), MarkdownRenderer().render(report),
            HTMLRenderer().render(report),
        ] {
            #expect(text.contains("Where respondents disagree"))
            #expect(text.contains("Sam (peer worker) 1 Needs improvement"))
            #expect(!text.contains("Compliant") && !text.contains("COMPLIANT"))
        }
        #expect(JSONRenderer().render(report).contains("\"disagreements\""))
        #expect(CSVRenderer().render(report).contains("ACT-CADETSHIP"))
    }

    /// A year on, the same organisation has moved: `diff` names the levels.
    @Test func progressAYearOn() throws {
        let ruleSet = try CompiledRuleSet.load(folder: Self.folder)
        let before = AssessmentReport(
            try Assessment.run(
                ruleSet: ruleSet, profilePath: Self.example("01-riverside-three-respondents.yaml")))
        let after = AssessmentReport(
            try Assessment.run(
                ruleSet: ruleSet, profilePath: Self.example("03-riverside-a-year-on.yaml")))
        let diff = AssessmentDiff(before: before, after: after)
        #expect(diff.bandBefore == "Developing" && diff.bandAfter == "Established")
        let text = DiffRenderer.text(diff)
        #expect(
            text.contains(
                "SUP-03 Peer workers get regular, discipline-specific supervision: Adequate (2) → Exemplary (3)"
            ))
        #expect(!text.contains("compliant"))
    }

    /// The fill-in template, filled in, is a profile the rule set reads: one entry a role.
    @Test func templateFilledIn() throws {
        let ruleSet = try CompiledRuleSet.load(folder: Self.folder)
        let template = ProfileTemplate.render(ruleSet.ruleSet)
        #expect(template.components(separatedBy: "  - role: ").count == 5)
        let filled = template.replacingOccurrences(of: "<organisation name>", with: "X")
            .replacingOccurrences(of: "<YYYY-MM-DD>", with: "2026-12-01")
            .replacingOccurrences(of: "<your name or role>", with: "Jo")
            .replacingOccurrences(of: "<1 to 3>", with: "3")
        let assessment = try Assessment.run(ruleSet: ruleSet, profileText: filled, name: "t.yaml")
        #expect(assessment.scores.overall == 100)
        #expect(assessment.profile.respondents.count == 4)
    }

    /// The committed catalogue is what `readiness doc` generates now.
    @Test func catalogueIsCurrent() throws {
        let ruleSet = try CompiledRuleSet.load(folder: Self.folder)
        if let problem = try Golden.check(
            RuleCatalogue.markdown(ruleSet.ruleSet),
            against: "docs/rules/vic-aod-peer-team-self-assessment.md")
        {
            Issue.record(
                Comment(
                    rawValue: problem
                        + " (or run: readiness doc --rules rules/vic-aod-peer-team-self-assessment -o docs/rules/vic-aod-peer-team-self-assessment.md)"
                ))
        }
    }
}
