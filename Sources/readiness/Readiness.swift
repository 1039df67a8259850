import ArgumentParser
import ReadinessCore

/// The `readiness` command: the root of every subcommand.
@main
struct Readiness: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "readiness",
        abstract: "Assess an organisation's readiness against a rule set, and explain the result.",
        discussion: """
            readiness evaluates YAML rule sets (such as the Victorian AOD peer workforce \
            strategy) against organisation profiles and produces scored gap reports and \
            action plans.

            \(ExitStatus.helpText)
            """,
        version: ReadinessVersion.current,
        subcommands: [
            Assess.self, BatchCommand.self, Template.self, Doc.self, Check.self, Test.self,
            Explain.self,
            Diff.self, Eval.self,
        ]
    )
}
