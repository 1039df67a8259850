import ArgumentParser
import Foundation
import ReadinessCore

/// The `readiness` command: the root of every subcommand.
@main
struct Readiness: AsyncParsableCommand {
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
        // Each subcommand names itself (`commandName:`): left to derive the name from the
        // type, ArgumentParser asks the runtime for the type's name, 1.2 M instructions a
        // command on every start.
        subcommands: [
            Assess.self, BatchCommand.self, Template.self, SchemaCommand.self, Format.self,
            Doc.self, Check.self,
            Test.self,
            Explain.self,
            Diff.self, Eval.self, Serve.self, Admin.self,
        ]
    )

    /// Runs the command. An error no command expected (a bug) exits 70 with a message asking
    /// for a report, rather than ArgumentParser's 1, which would read as "not compliant".
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            if let message = ExitStatus.internalErrorMessage(for: error) {
                Output.error(message)
                Foundation.exit(ExitStatus.internalError.rawValue)
            }
            exit(withError: error)
        }
    }
}
