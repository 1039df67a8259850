import Foundation
import ReadinessCore
import ReadinessReport
import ReadinessTestSupport
import Testing

/// The README's "Using the engine from Swift" example, compiled and run as it stands there: the
/// code between the markers below is the README's, line for line (checked by the test).
struct ReadmeExampleTests {
    /// Runs the example, its output collected instead of printed.
    private func example(print: (Any...) -> Void) throws {
        // README example begins
        // The built-in rule set, compiled once (or CompiledRuleSet.load(folder:)).
        let rules = try BuiltInRuleSet.load()
        let profile = """
            assessment: {organisation: Example Service, as_of: 2026-06-30}
            staff: {total: 12, readiness_trained: 3}
            peer_workers: []
            cadetship: {offered: false}
            """
        // From a file: Assessment.run(ruleSet: rules, profilePath: "org.yaml").
        let assessment = try Assessment.run(
            ruleSet: rules, profileText: profile, name: "example.yaml")
        print(assessment.scores.overall, assessment.scores.band, assessment.scores.compliant)
        for item in assessment.plan.items { print(item.phase, item.action.title) }
        let report = AssessmentReport(assessment)
        print(report.planOutcome)
        print(JSONRenderer().render(report).count > 0)
        // README example ends
    }

    /// The example runs and prints the score, the plan and the compliance statement.
    @Test func exampleRuns() throws {
        var lines: [String] = []
        try example { items in lines.append(items.map { "\($0)" }.joined(separator: " ")) }
        #expect(lines.first?.hasSuffix("Emerging false") == true, "\(lines)")
        #expect(lines.count > 3)
        #expect(lines.last == "true")
        #expect(
            lines.dropLast().last?.hasPrefix("Not compliant even after the whole plan") == true,
            "\(lines)")
    }

    /// The README holds exactly the code above, after its two imports.
    @Test func readmeHoldsTheSameCode() throws {
        let source = try String(contentsOfFile: #filePath, encoding: .utf8)
        let body = try #require(
            source.components(separatedBy: "// README example begins\n").dropFirst().first?
                .components(separatedBy: "        // README example ends").first)
        let code = body.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("        ") ? String($0.dropFirst(8)) : String($0) }
            .joined(separator: "\n")
        let readme = try String(
            contentsOf: Paths.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(
            readme.contains(
                "```swift\nimport ReadinessCore\nimport ReadinessReport\n\n" + code + "```\n"),
            "the README's example differs from ReadmeExampleTests:\n\(code)")
    }
}
