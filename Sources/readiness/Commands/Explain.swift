import ArgumentParser
import ReadinessCore
import ReadinessReport

/// `readiness explain`: why one rule gave its outcome for one profile.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract:
            "Explain one rule's outcome for a profile: every sub-expression's value, the fields read and missing.",
        discussion: """
            Example:
              readiness explain assessments/03-harbour-developing.yaml --rule SUP-03
            """
    )

    @Argument(help: ArgumentHelp("The profile (YAML).", valueName: "profile"))
    var profile: String

    @Option(name: .long, help: ArgumentHelp("The rule's id.", valueName: "id"))
    var rule: String

    @OptionGroup var ruleSetOptions: RuleSetOptions

    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp("The assessment date (YYYY-MM-DD).", valueName: "date"))
    var asOf: String?

    func validate() throws {
        if let asOf, asOf.count != 10 || CELTimestamp(rfc3339: asOf + "T00:00:00Z") == nil {
            throw ValidationError("--as-of must be a date written YYYY-MM-DD, such as 2026-06-30")
        }
    }

    func run() throws {
        let ruleSet = try ruleSetOptions.load()
        do {
            let loaded = try ProfileDecoder.load(
                path: profile, schema: ruleSet.ruleSet.schema, limits: ruleSet.limits)
            let date = asOf.flatMap { CELTimestamp(rfc3339: $0 + "T00:00:00Z") }
            let explanation = try Explanation.explain(
                ruleID: rule, ruleSet: ruleSet, profile: loaded, asOf: date)
            Output.print(ExplanationRenderer.text(explanation))
        } catch {
            Output.report(error.diagnostics)
            throw
                (error.diagnostics.contains { $0.code == "explain.unknown-rule" }
                ? ExitStatus.usage : Output.status(for: error)).code
        }
    }
}
