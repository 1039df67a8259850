import ArgumentParser
import Testing

@testable import readiness

/// The exit statuses are distinct per kind of outcome, and a bug is never mistaken for a
/// negative result.
struct ExitStatusTests {
    struct Unexpected: Error, CustomStringConvertible {
        var description: String { "the unexpected happened" }
    }

    /// An error no command expected is an internal error (70) with a request to report it.
    @Test func unexpectedErrorIsInternal() {
        let message = readiness.ExitStatus.internalErrorMessage(for: Unexpected())
        #expect(
            message
                == "error[internal]: the unexpected happened\n  = help: this is a bug in readiness; please report it with the command you ran"
        )
    }

    /// Statuses thrown on purpose, usage errors and help are not internal errors.
    @Test func deliberateOutcomesAreNotInternal() {
        #expect(
            readiness.ExitStatus.internalErrorMessage(for: readiness.ExitStatus.negative.code)
                == nil)
        #expect(
            readiness.ExitStatus.internalErrorMessage(for: readiness.ExitStatus.invalidData.code)
                == nil)
        #expect(readiness.ExitStatus.internalErrorMessage(for: ValidationError("bad")) == nil)
        #expect(readiness.ExitStatus.internalErrorMessage(for: CleanExit.helpRequest()) == nil)
    }

    /// Success, non-compliance, invalid data, invalid rule set, usage and internal error
    /// are all different, and `--help` lists them.
    @Test func statusesAreDistinctAndDocumented() throws {
        let statuses: [readiness.ExitStatus] = [
            .success, .negative, .invalidData, .invalidRuleSet, .usage, .internalError,
        ]
        #expect(Set(statuses.map(\.rawValue)).count == statuses.count)
        for status in statuses {
            #expect(readiness.ExitStatus.helpText.contains("\(status.rawValue) "))
        }
    }
}
