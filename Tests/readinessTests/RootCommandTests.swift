import Foundation
import ReadinessTestSupport
import Testing

/// The root command: help and version, run as a user runs them.
struct RootCommandTests {
    /// `--version` prints the one version string and exits 0.
    @Test func versionPrintsSemanticVersion() throws {
        let result = try CommandRunner.run(["--version"])
        #expect(result.status == 0)
        let version = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = version.split(separator: ".")
        #expect(parts.count == 3 && parts.allSatisfy { Int($0) != nil }, "got \(version)")
    }

    /// `--help` describes the tool and exits 0.
    @Test func helpDescribesTheTool() throws {
        let result = try CommandRunner.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: readiness"))
        #expect(result.stdout.contains("rule set"))
    }

    /// An unknown flag is a usage error: exit 64 and a message on stderr.
    @Test func unknownFlagIsUsageError() throws {
        let result = try CommandRunner.run(["--no-such-flag"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--no-such-flag"))
    }
}
