import ArgumentParser

/// The tool's exit statuses, after `<sysexits.h>`; documented in `docs/exit-codes.md` and in
/// `readiness --help`.
enum ExitStatus: Int32 {
    /// Everything worked.
    case success = 0
    /// The result is negative: not compliant, tests failed, or an expression evaluated to an
    /// error.
    case negative = 1
    /// An expression given on the command line does not parse or type-check.
    case invalidExpression = 2
    /// The command line is wrong (an unknown flag, a missing argument).
    case usage = 64
    /// An input file is malformed (bad YAML, wrong types, unknown keys).
    case invalidData = 65
    /// An input file is missing or unreadable.
    case inputMissing = 66
    /// The rule set (or tailoring) is invalid: it cannot be used until it is fixed.
    case invalidRuleSet = 78
    /// Something failed inside readiness: a bug.
    case internalError = 70
    /// The output file could not be written.
    case outputFailed = 73

    /// The message for an error no command expected, or `nil` for the errors commands and
    /// ArgumentParser throw on purpose (exit codes, usage errors, `--help`).
    static func internalErrorMessage(for error: Error) -> String? {
        guard !(error is ExitCode), Readiness.exitCode(for: error) == .failure else { return nil }
        return """
            error[internal]: \(error)
              = help: this is a bug in readiness; please report it with the command you ran
            """
    }

    /// The status as ArgumentParser's exit code.
    var code: ExitCode { ExitCode(rawValue) }

    /// The summary shown in `--help`.
    static let helpText = """
        Exit status: 0 success; 1 negative result (not compliant, tests failed, evaluation \
        error); 2 invalid expression; 64 usage error; 65 invalid input data; 66 input file \
        missing or unreadable; 70 internal error; 73 output not written; 78 invalid rule set \
        or tailoring.
        """
}
