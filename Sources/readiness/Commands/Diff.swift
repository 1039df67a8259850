import ArgumentParser
import ReadinessCore
import ReadinessReport

/// `readiness diff`: one organisation's progress between two assessments.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract:
            "Compare two profiles of one organisation: score and band changes, rules improved and regressed, actions completed, new gaps.",
        discussion: """
            Example:
              readiness diff org-2025.yaml org-2026.yaml --format markdown
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, markdown, json
    }

    @Argument(help: ArgumentHelp("The earlier profile.", valueName: "old"))
    var old: String

    @Argument(help: ArgumentHelp("The later profile.", valueName: "new"))
    var new: String

    @OptionGroup var ruleSetOptions: RuleSetOptions

    @Option(name: .long, help: "Output format: text, markdown or json.")
    var format: Format = .text

    @Option(
        name: [.customShort("o"), .long],
        help: ArgumentHelp("Write to a file (atomically).", valueName: "file"))
    var output: String?

    func run() throws {
        let ruleSet = try ruleSetOptions.load()
        let before: Assessment
        let after: Assessment
        do {
            before = try Assessment.run(ruleSet: ruleSet, profilePath: old)
            after = try Assessment.run(ruleSet: ruleSet, profilePath: new)
        } catch {
            Output.report(error.diagnostics)
            throw Output.status(for: error).code
        }
        let diff = AssessmentDiff(before: AssessmentReport(before), after: AssessmentReport(after))
        let text: String
        switch format {
        case .text: text = DiffRenderer.text(diff)
        case .markdown: text = DiffRenderer.text(diff, markdown: true)
        case .json: text = DiffRenderer.json(diff)
        }
        try Output.emit(text, to: output)
    }
}
