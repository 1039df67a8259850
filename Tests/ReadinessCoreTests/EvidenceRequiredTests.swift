import Foundation
import ReadinessCore
import ReadinessReport
import ReadinessTestSupport
import SourceDiagnostics
import Testing

/// `evidence: required` on a rule: a pass must be backed by a document or a link. Reports and
/// the catalogue mark the rule; anything but `required` or `optional` is a load error at its
/// place.
struct EvidenceRequiredTests {
    static func ruleSet(_ evidence: String) -> String {
        """
        ruleset: {id: t, version: 1.0.0, title: Test, compliance: {min_score: 0}}
        domains: [{id: d, title: D}]
        schema:
          policy: {type: bool}
        rules:
          - id: P
            domain: d
            title: The policy is written
            evidence: \(evidence)
            require: policy
            gap: There is no written policy.
        """
    }

    @Test func markedInTheRuleTheReportAndTheCatalogue() async throws {
        let folder = try TemporaryRuleSet(["r.yaml": Self.ruleSet("required")])
        let ruleSet = try CompiledRuleSet.load(folder: folder.folder)
        #expect(ruleSet.ruleSet.rules[0].evidenceRequired)
        let assessment = try await Assessment.assess(
            ruleSet: ruleSet,
            profileBytes: Array(
                "assessment: {organisation: O, as_of: 2026-01-01}\npolicy: false\n".utf8),
            name: "p.yaml")
        let report = AssessmentReport(assessment)
        #expect(report.rules[0].evidenceRequired == true)
        #expect(JSONRenderer().render(report).contains("\"evidence_required\" : true"))
        #expect(TextRenderer().render(report).contains("[fail, evidence required]"))
        #expect(RuleCatalogue.markdown(ruleSet.ruleSet).contains("weight 1 · evidence required"))
        let optionalFolder = try TemporaryRuleSet(["r.yaml": Self.ruleSet("optional")])
        let optional = try CompiledRuleSet.load(folder: optionalFolder.folder)
        #expect(!optional.ruleSet.rules[0].evidenceRequired)
    }

    @Test func anythingElseIsALoadErrorAtItsPlace() throws {
        let folder = try TemporaryRuleSet(["r.yaml": Self.ruleSet("yes")])
        #expect {
            try CompiledRuleSet.load(folder: folder.folder)
        } throws: { error in
            let diagnostics = (error as? DiagnosticError)?.diagnostics ?? []
            return diagnostics.map(\.message) == [
                "`evidence` of rule `P` must be `required` or `optional`"
            ] && diagnostics.first?.range?.start.line == 9
                && diagnostics.first?.range?.start.column == 15
        }
    }
}
