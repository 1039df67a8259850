import ArgumentParser
import Foundation
import ReadinessCore

/// `readiness schema`: the JSON Schemas editors use to complete, describe and check the YAML
/// people write.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print a JSON Schema for profiles or for rule-set files, for editors.",
        discussion: """
            --profile: the schema of the rule set's profiles (every field with its \
            description, type, unit, bounds and allowed values). --rule-set: the schema of \
            rule-set files, tailorings, waiver lists and rule tests. Point the YAML language \
            server at it (docs/editors.md), or write it beside a profile: `readiness template \
            -o FILE` does.

            Example:
              readiness schema --profile -o vic-aod-peer-workforce.profile.schema.json
              readiness schema --rule-set -o readiness-rules.schema.json
            """
    )

    @Flag(help: "The schema of the rule set's organisation profiles.")
    var profile = false

    @Flag(help: "The schema of rule-set files, tailorings, waivers and rule tests.")
    var ruleSet = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "With --profile: the rule set folder (default: the built-in Victorian AOD peer workforce rule set).",
            valueName: "dir"))
    var rules: String?

    @OptionGroup(title: "Input limits") var limitOptions: LimitOptions

    @Option(
        name: [.customShort("o"), .long],
        help: ArgumentHelp(
            "Write to a file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    func validate() throws {
        guard profile != ruleSet else {
            throw ValidationError(
                "give --profile (the schema of profiles) or --rule-set (the schema of rule-set files), one of them"
            )
        }
        if ruleSet, rules != nil {
            throw ValidationError(
                "--rules is for --profile: the rule-set files' schema is the same for every rule set"
            )
        }
    }

    func run() throws {
        if ruleSet {
            try Output.emit(RuleFormatJSONSchema.document.text, to: output)
            return
        }
        let folder = rules ?? ProcessInfo.processInfo.environment["READINESS_RULES"]
        let loaded = try RuleSetOptions.load(
            folder: folder, tailoring: nil, limits: limitOptions.limits)
        try Output.emit(ProfileJSONSchema.document(for: loaded.ruleSet).text, to: output)
    }
}
