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

    /// The rule set folder to load: `--rules`, else `READINESS_RULES`; `nil` for the built-in
    /// rule set, which is inside the binary.
    func folder() -> String? {
        rules ?? ProcessInfo.processInfo.environment["READINESS_RULES"]
    }

    /// Loads and compiles the rule set, reporting problems and exiting on failure.
    func load() throws -> CompiledRuleSet {
        try Self.load(folder: folder(), tailoring: tailoring, limits: limitOptions.limits)
    }

    /// Loads and compiles the rule set in `folder` (the built-in one for `nil`), tailored by
    /// `tailoring` when there is one, reporting problems and exiting on failure.
    static func load(folder: String?, tailoring: String?, limits: InputLimits) throws
        -> CompiledRuleSet
    {
        do {
            guard let folder else {
                return try BuiltInRuleSet.load(tailoringPath: tailoring, limits: limits)
            }
            return try CompiledRuleSet.load(
                folder: folder, tailoringPath: tailoring, limits: limits)
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
