import Foundation
import ReadinessCore
import ReadinessTestSupport
import SourceDiagnostics
import Testing

/// The self-assessment template and the rule catalogue.
struct CatalogueTests {
    static let folder = Paths.repositoryRoot.appendingPathComponent("rules/vic-aod-peer-workforce")
        .path

    /// The committed catalogue is what `readiness doc` generates now.
    @Test func catalogueIsCurrent() throws {
        let ruleSet = try CompiledRuleSet.load(folder: Self.folder)
        if let problem = try Golden.check(
            RuleCatalogue.markdown(ruleSet.ruleSet), against: "docs/rules/vic-aod-peer-workforce.md"
        ) {
            Issue.record(
                Comment(
                    rawValue: problem
                        + " (or run: readiness doc -o docs/rules/vic-aod-peer-workforce.md)"))
        }
    }

    /// The template is valid YAML whose every placeholder fails validation until filled in.
    @Test func templateFailsUntilFilledIn() throws {
        let ruleSet = try CompiledRuleSet.load(folder: Self.folder)
        let template = ProfileTemplate.render(ruleSet.ruleSet)
        let rules = try TemporaryRuleSet(["profiles/template.yaml": template])
        do {
            _ = try ProfileDecoder.load(
                path: rules.path("profiles/template.yaml"), schema: ruleSet.ruleSet.schema)
            Issue.record("the unfilled template was accepted")
        } catch {
            #expect(error.diagnostics.allSatisfy { $0.code == "decode.invalid" })
            #expect(error.diagnostics.count >= 50)
            #expect(
                error.diagnostics.contains {
                    $0.message == "`staff.total` is not filled in yet (`<whole number>`)"
                })
        }
    }

    /// A filled-in template assesses cleanly.
    @Test func filledTemplateAssesses() throws {
        let ruleSet = try CompiledRuleSet.load(folder: Self.folder)
        var filled = ProfileTemplate.render(ruleSet.ruleSet)
            .replacingOccurrences(of: "<organisation name>", with: "Filled In Service")
            .replacingOccurrences(of: "<your name or role>", with: "Assessor")
            .replacingOccurrences(of: "<YYYY-MM-DD>", with: "2026-06-30")
            .replacingOccurrences(of: "<whole number>", with: "2")
            .replacingOccurrences(of: "<number>", with: "1")
            .replacingOccurrences(of: "<true or false>", with: "true")
            .replacingOccurrences(of: "<text>", with: "Example")
        // `<one of a, b, c>` becomes its first value.
        while let open = filled.range(of: "<one of "),
            let close = filled[open.upperBound...].firstIndex(of: ">")
        {
            let first = filled[open.upperBound..<close].split(separator: ",")[0]
            filled.replaceSubrange(open.lowerBound...close, with: first)
        }
        let rules = try TemporaryRuleSet(["profiles/filled.yaml": filled])
        let assessment = try Assessment.run(
            ruleSet: ruleSet, profilePath: rules.path("profiles/filled.yaml"))
        #expect(assessment.profile.organisation == "Filled In Service")
        #expect(assessment.profile.warnings.isEmpty)
        #expect(assessment.results.allSatisfy { $0.outcome != .error && $0.outcome != .unknown })
    }

    /// The funder's tailoring loads and gives the expected verdicts for the examples.
    @Test func funderTailoring() throws {
        let ruleSet = try CompiledRuleSet.load(
            folder: Self.folder, tailoringPath: Self.folder + "/tailoring/funder-minimum.yaml")
        #expect(!ruleSet.rules.contains { $0.rule.id.hasPrefix("CAD-") })
        // `mandatory: {only: …}`: exactly the seven the tailoring names, none of the rule set's.
        #expect(
            ruleSet.rules.filter(\.rule.mandatory).map(\.rule.id).sorted() == [
                "ORG-01", "RES-01", "RES-02", "SUP-01", "SUP-02", "SUP-03", "SYS-03",
            ])
        #expect(ruleSet.ruleSet.minimumScore == 50)
        let examples = Paths.repositoryRoot.appendingPathComponent("assessments").path
        let southern = try Assessment.run(
            ruleSet: ruleSet, profilePath: examples + "/05-southern-embedded.yaml")
        #expect(southern.scores.compliant)
        let harbour = try Assessment.run(
            ruleSet: ruleSet, profilePath: examples + "/03-harbour-developing.yaml")
        #expect(!harbour.scores.compliant)
    }
}
