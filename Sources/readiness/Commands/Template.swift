import ArgumentParser
import Foundation
import ReadinessCore

/// `readiness template`: a fill-in profile for self-assessment.
struct Template: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Print a fill-in organisation profile generated from the rule set's schema.",
        discussion: """
            Every field comes with its description, type, unit and allowed values as comments, \
            and a <placeholder> that fails validation until it is replaced.

            The first line points editors with the YAML language server (VS Code, Neovim, \
            Emacs, JetBrains) at the profile's JSON Schema, ID.profile.schema.json beside the \
            profile: with -o, the template writes it there too (readiness schema --profile \
            writes it on its own; docs/editors.md).

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
            "Write to a file (atomically) instead of standard output, and the profile's JSON Schema beside it.",
            valueName: "file"))
    var output: String?

    func run() throws {
        let ruleSet = try ruleSetOptions.load().ruleSet
        let schemaName = ProfileJSONSchema.fileName(for: ruleSet)
        let template = ProfileTemplate.render(ruleSet, schema: schemaName)
        guard let output else {
            Output.print(template)
            return
        }
        let folder = (output as NSString).deletingLastPathComponent
        let schemaPath =
            folder.isEmpty ? schemaName : (folder as NSString).appendingPathComponent(schemaName)
        // The schema first: a profile whose editor line points at nothing is worse than a
        // schema without its profile.
        try Output.write(ProfileJSONSchema.document(for: ruleSet).text, to: schemaPath)
        try Output.write(template, to: output)
        Output.error("wrote \(output), and \(schemaPath) for editors (docs/editors.md)")
    }
}
