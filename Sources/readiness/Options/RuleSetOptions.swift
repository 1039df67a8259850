import ArgumentParser
import Foundation
import ReadinessCore

/// `--rules` and `--tailoring`, shared by the commands that load a rule set.
struct RuleSetOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The rule set folder (default: the built-in Victorian AOD peer workforce rule set).",
            valueName: "dir"))
    var rules: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A tailoring file (a funder's selection and thresholds).", valueName: "file"))
    var tailoring: String?

    @OptionGroup(title: "Input limits") var limitOptions: LimitOptions

    /// The built-in rule set's folder, relative to the repository.
    static let builtinRelativePath = "rules/vic-aod-peer-workforce"

    /// The rule set folder to load: `--rules`, else `READINESS_RULES`, else the built-in rule set
    /// found from the working folder or beside the executable (a clone's build folder or an
    /// installation's `share/readiness`).
    func folder() -> String {
        if let rules { return rules }
        if let environment = ProcessInfo.processInfo.environment["READINESS_RULES"] {
            return environment
        }
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: Self.builtinRelativePath) {
            return Self.builtinRelativePath
        }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<5 {
            for candidate in [Self.builtinRelativePath, "share/readiness/vic-aod-peer-workforce"] {
                let url = folder.appendingPathComponent(candidate)
                if fileManager.fileExists(atPath: url.path) { return url.path }
            }
            folder.deleteLastPathComponent()
        }
        return Self.builtinRelativePath
    }

    /// Loads and compiles the rule set, reporting problems and exiting on failure.
    func load() throws -> CompiledRuleSet {
        let folder = folder()
        do {
            return try CompiledRuleSet.load(
                folder: folder, tailoringPath: tailoring, limits: limitOptions.limits)
        } catch {
            Output.report(error.diagnostics)
            // Missing input means the folder or tailoring named on the command line is absent
            // or unreadable; a missing folder that the rule set itself extends, or an unreadable
            // file inside the rule set, is a defect of the rule set.
            let missing = error.diagnostics.contains {
                Output.inputMissingCodes.contains($0.code)
                    && ($0.path == folder || $0.path == tailoring)
            }
            throw (missing ? ExitStatus.inputMissing : ExitStatus.invalidRuleSet).code
        }
    }
}
