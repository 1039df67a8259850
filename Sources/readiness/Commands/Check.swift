import ArgumentParser
import Foundation
import ReadinessCore
import SourceDiagnostics

/// `readiness check`: every problem of a rule set, at once.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract:
            "Check a rule set: YAML, structure, references, CEL types; warnings for what looks unfinished.",
        discussion: """
            Errors: YAML and schema errors, unknown keys (with did-you-mean), CEL parse and type \
            errors against the profile schema and parameters, unknown domains, actions and \
            parameters, duplicate ids, dependency cycles, weights that are not positive. \
            Warnings: parameters never used, schema fields no rule reads, domains without rules, \
            rules no test checks.

            Exit status: 0 when there are no errors (with --strict, no warnings either); 78 \
            otherwise.

            Example:
              readiness check rules/vic-aod-peer-workforce --format json
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @Argument(help: ArgumentHelp("The rule set folder.", valueName: "ruleset"))
    var ruleSet: String

    @Option(
        name: .long, help: ArgumentHelp("A tailoring file to check with it.", valueName: "file"))
    var tailoring: String?

    @Option(name: .long, help: "Output format: text or json.")
    var format: Format = .text

    @Flag(name: .long, help: "Count warnings as failures.")
    var strict = false

    @OptionGroup(title: "Input limits") var limitOptions: LimitOptions

    func run() throws {
        let findings = RuleSetCheck.run(
            folder: ruleSet, tailoringPath: tailoring, limits: limitOptions.limits)
        let all = findings.errors + findings.warnings
        switch format {
        case .text:
            if !all.isEmpty { Output.report(all) }
            Output.print(
                "\(Self.count(findings.errors.count, "error")), \(Self.count(findings.warnings.count, "warning"))\n"
            )
        case .json:
            Output.print(Self.json(findings) + "\n")
        }
        if !findings.errors.isEmpty || (strict && !findings.warnings.isEmpty) {
            throw ExitStatus.invalidRuleSet.code
        }
    }

    /// `1 error`, `2 errors`, `0 warnings`.
    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    static func json(_ findings: RuleSetCheck.Findings) -> String {
        func entry(_ diagnostic: Diagnostic) -> [String: Any] {
            var object: [String: Any] = [
                "severity": diagnostic.severity.rawValue, "code": diagnostic.code.rawValue,
                "message": diagnostic.message,
            ]
            if let path = diagnostic.path { object["file"] = path }
            if let location = diagnostic.location {
                object["line"] = location.line
                object["column"] = location.column
            }
            if let help = diagnostic.help { object["help"] = help }
            return object
        }
        let object: [String: Any] = [
            "errors": findings.errors.sorted(by: Diagnostic.displayOrder).map(entry),
            "warnings": findings.warnings.sorted(by: Diagnostic.displayOrder).map(entry),
        ]
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: object,
                options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
