import Foundation
import ReadinessTestSupport
import Testing

/// `readiness-bench`, the documented benchmark: it runs from the repository, prints its
/// figures, and refuses what it cannot measure with what to do instead. (The figures
/// themselves are not checked: timing is the benchmark's job, not the tests'.)
struct BenchmarkCommandTests {
    private let bench = CommandRunner.sibling("readiness-bench")

    private func run(_ arguments: [String]) throws -> CommandRunner.Result {
        try CommandRunner.run(arguments, program: bench)
    }

    /// Generated profiles, then a batch over them beside libyaml and the command itself.
    @Test func batchPrintsTheFigures() throws {
        // `generate` makes the folder's contents; an empty folder to start from is fine.
        let folder = try TemporaryFolder("bench")
        defer { folder.remove() }
        let generated = try run(["generate", "--count", "12", "--out", folder.path, "--seed", "3"])
        #expect(generated.status == 0, "\(generated.stderr)")
        #expect(generated.stdout.contains("wrote 12 profiles"))
        let result = try run(["batch", folder.path, "--rounds", "2", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let labels = result.stdout.split(separator: "\n").map {
            String($0.split(separator: "\t").first ?? "")
        }
        for label in [
            "profiles", "libyaml reading and parsing the files, all cores",
            "batch (read, validate, evaluate 55 rules, score), all cores",
            "readiness batch --format csv, a process (start, rule set, output), all cores",
            "command ÷ libyaml on the files, in turns: the command paused while libyaml parses each tenth",
            "the command's page faults that read the disk, most in one run",
            "batch ÷ libyaml on the files, in turns slice by slice",
            "peak memory (max RSS)", "the command's peak memory", "compliant",
        ] {
            #expect(labels.contains(label), "no \(label) in \(result.stdout)")
        }
        #expect(result.stdout.contains("profiles\t12\t"))
        #expect(!result.stdout.contains("failed to load"))
        // A command that fails gives no figure: the benchmark stops and says what ran.
        let failing = try run(["batch", folder.path, "--rounds", "1", "--readiness", "/bin/sh"])
        #expect(failing.status == 65)
        #expect(failing.stderr.contains("`/bin/sh batch \(folder.path)"), "\(failing.stderr)")
        #expect(failing.stderr.contains("` exited with "), "\(failing.stderr)")
    }

    /// The web application's API under load: every submission accepted and read back.
    @Test func servePrintsTheFigures() throws {
        let result = try run(["serve", "--count", "24", "--clients", "4"])
        #expect(result.status == 0, "\(result.stderr)")
        for line in [
            "submissions\t24\t(4 clients", "accepted (201)\t24", "failed\t0",
            "stored, read back through the API\t24", "latency p99\t",
        ] {
            #expect(result.stdout.contains(line), "no \(line) in \(result.stdout)")
        }
    }

    @Test func help() throws {
        let result = try run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("readiness-bench batch DIR"))
    }

    /// A missing folder, an unknown format, a missing subcommand or option: each refused,
    /// non-zero, parsed as the command line parses (swift-argument-parser).
    @Test(arguments: [
        (["batch", "/nonexistent-readiness-profiles"], Int32(65), "readiness-bench generate"),
        (
            ["batch", "assessments", "--format", "xml"], Int32(64),
            "Please provide one of 'text', 'csv', 'json' or 'html'"
        ),
        (["nonsense"], Int32(64), "Usage: readiness-bench <subcommand>"),
        (["yaml", "x.yaml", "--iterations", "0"], Int32(64), "--iterations must be at least 1"),
        (["generate", "--count", "3"], Int32(64), "Missing expected argument '--out <out>'"),
    ])
    func refused(arguments: [String], status: Int32, message: String) throws {
        let result = try run(arguments)
        #expect(result.status == status)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
