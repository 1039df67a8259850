import ArgumentParser
import ReadinessCore

/// `readiness template`: a fill-in profile for self-assessment.
struct Template: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Print a fill-in organisation profile generated from the rule set's schema.",
        discussion: """
            Every field comes with its description, type, unit and allowed values as comments, \
            and a <placeholder> that fails validation until it is replaced.

            Example:
              readiness template -o my-organisation.yaml
              (fill it in)
              readiness assess my-organisation.yaml
            """
    )

    @OptionGroup var ruleSetOptions: RuleSetOptions

    @Option(
        name: [.customShort("o"), .long],
        help: ArgumentHelp(
            "Write to a file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    func run() throws {
        let ruleSet = try ruleSetOptions.load()
        try Output.emit(ProfileTemplate.render(ruleSet.ruleSet), to: output)
    }
}
