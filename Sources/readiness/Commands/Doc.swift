import ArgumentParser
import ReadinessCore

/// `readiness doc`: the rule catalogue.
struct Doc: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doc",
        abstract:
            "Print the rule catalogue: domains, rules, rationale, sources, parameters and actions.",
        discussion: """
            Example:
              readiness doc --format markdown -o docs/rules/vic-aod-peer-workforce.md
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case markdown
    }

    @OptionGroup var ruleSetOptions: RuleSetOptions

    @Option(name: .long, help: "Output format: markdown.")
    var format: Format = .markdown

    @Option(
        name: [.customShort("o"), .long],
        help: ArgumentHelp(
            "Write to a file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    func run() throws {
        let ruleSet = try ruleSetOptions.load()
        try Output.emit(RuleCatalogue.markdown(ruleSet.ruleSet), to: output)
    }
}
