import ArgumentParser
import Foundation
import ReadinessTestSupport
import SourceDiagnostics
import YAMLNode

/// readiness-bench: prints performance figures, stage by stage, beside libyaml's own parse
/// time (docs/performance.md). Timing is this program's job, never the unit tests'.
@main
struct ReadinessBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "readiness-bench",
        abstract: "Performance figures for readiness, beside libyaml's own parse time.",
        discussion: """
            readiness-bench yaml FILE... [--iterations N]
            readiness-bench cel [--seconds S] [--only N] [--count N]
            readiness-bench corpus [--runs N] [--readiness PATH]
            readiness-bench generate --count N --out DIR [--seed S]
            readiness-bench batch DIR [--rules DIR] [--rounds N] [--readiness PATH] [--format F]
            readiness-bench rules DIR [--rules DIR] [--rounds N]
            readiness-bench serve [--count N] [--clients N] [--database-url URL --instances N] [--readiness PATH]
            readiness-bench report [--rules DIR] [--count N] [--rounds N]
            readiness-bench dashboard [--organisations N] [--assessments N] [--requests N]
            """,
        subcommands: [
            YAMLCommand.self, CELCommand.self, CorpusCommand.self, GenerateCommand.self,
            BatchCommand.self, RulesCommand.self, ServeCommand.self, ReportCommand.self,
            DashboardCommand.self,
        ])
}

/// Runs a benchmark's body; its error, printed, exits with `failure`.
func runBenchmark(failing failure: Int32, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        throw ExitCode(failure)
    }
}

/// The release `readiness` beside this executable, unless `named` names another.
func readinessExecutable(_ named: String?) -> String {
    named
        ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("readiness").path
}

/// For each file: the time libyaml alone takes to produce its events (the floor), the time the
/// full loader takes (decode, compose, resolve, check), their ratio, and the outcome (the node
/// count, or the first diagnostic for a file that must fail).
struct YAMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "yaml", abstract: "The YAML loader beside libyaml, file by file.")

    @Argument(help: "YAML files.") var files: [String]
    @Option(help: "Runs of each file; the median is shown.") var iterations = 20

    func validate() throws {
        guard iterations > 0 else { throw ValidationError("--iterations must be at least 1") }
    }

    func run() {
        let clock = ContinuousClock()
        print("file\tbytes\tlibyaml\tloader\tratio\toutcome")
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("\(path)\t-\t-\t-\t-\tcannot read")
                continue
            }
            let bytes = [UInt8](data)
            var floor: [Duration] = []
            var full: [Duration] = []
            var outcome = ""
            for _ in 0..<iterations {
                floor.append(clock.measure { _ = LibYAMLFloor.parse(bytes) })
                full.append(
                    clock.measure {
                        do {
                            let file = try SourceFile(path: path, bytes: bytes)
                            let documents = try YAMLLoader().loadStream(file)
                            outcome = "\(documents.reduce(0) { $0 + $1.nodeCount }) nodes"
                        } catch let error as DiagnosticError {
                            outcome = error.first.description
                        } catch {
                            outcome = "\(error)"
                        }
                    })
            }
            let ratio = seconds(median(full)) / max(1e-12, seconds(median(floor)))
            print(
                "\(path)\t\(bytes.count)\t\(format(median(floor)))\t\(format(median(full)))\t\(String(format: "%.2f×", ratio))\t\(outcome)"
            )
        }
    }
}

struct CELCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cel", abstract: "CEL expressions: compile and evaluation times.")

    @Option(help: "Seconds of evaluation per expression.") var seconds = 2.0
    @Option(help: "Only the expression at this position.") var only: Int?
    @Option(help: "A fixed number of evaluations instead of a time.") var count: Int?

    func run() {
        CELBenchmark.run(seconds: seconds, only: only, fixedCount: count)
    }
}

struct CorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus", abstract: "Time and memory of every broken-input case.")

    @Option(help: "Runs of each case.") var runs = 3
    @Option(help: "The readiness executable to run.") var readiness: String?

    func run() throws {
        let status: Int32
        do {
            status = try CorpusBenchmark.run(
                executable: readinessExecutable(readiness), runs: runs)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(70)
        }
        if status != 0 { throw ExitCode(status) }
    }
}

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Writes synthetic, valid profiles for `batch`.")

    @Option(help: "How many profiles.") var count: Int
    @Option(help: "The folder to write them to.") var out: String
    @Option(help: "The random seed (the same seed, the same profiles).") var seed: UInt64 = 1

    func run() throws {
        try runBenchmark(failing: 73) {
            try ProfileGenerator.write(count: count, seed: seed, to: out)
            print("wrote \(count) profiles to \(out)")
        }
    }
}

/// The formats `batch` can time the command writing.
enum BatchFormat: String, ExpressibleByArgument, CaseIterable {
    case text, csv, json, html
}

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "A batch over a folder of profiles, in process and as the command.")

    @Argument(help: "A folder of profiles (see `generate`).") var folder: String
    @Option(help: "The rule set.") var rules = "rules/vic-aod-peer-workforce"
    @Option(help: "Rounds; medians are shown.") var rounds = 3
    @Option(help: "The readiness executable to time.") var readiness: String?
    @Option(help: "The format the command writes.") var format = BatchFormat.text

    func run() throws {
        let command = readinessExecutable(readiness)
        try runBenchmark(failing: 65) {
            let runnable = FileManager.default.isExecutableFile(atPath: command)
            if !runnable {
                FileHandle.standardError.write(
                    Data(
                        "note: \(command) not found, so the command itself is not timed; build it with `swift build -c release --product readiness` or name it with --readiness PATH\n"
                            .utf8))
            }
            try BatchBenchmark.run(
                folder: folder, rules: rules, rounds: max(1, rounds),
                command: runnable ? command : nil, format: format.rawValue)
        }
    }
}

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "What each rule costs, over a folder of profiles.")

    @Argument(help: "A folder of profiles.") var folder: String
    @Option(help: "The rule set.") var rules = "rules/vic-aod-peer-workforce"
    @Option(help: "Rounds; medians are shown.") var rounds = 5

    func run() throws {
        try runBenchmark(failing: 65) {
            try RuleCostBenchmark.run(folder: folder, rules: rules, rounds: max(1, rounds))
        }
    }
}

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "The web application's API under load on loopback; every submission checked.")

    @Option(help: "Profiles to submit.") var count = 2000
    @Option(help: "Concurrent clients.") var clients = 20
    @Option(help: "The readiness executable to serve.") var readiness: String?
    @Option(
        name: .customLong("database-url"),
        help:
            "A new, empty PostgreSQL database to serve from (SQLite in a temporary folder without it)."
    ) var databaseURL: String?
    @Option(help: "Server instances over the one database (PostgreSQL for more than one).")
    var instances = 1

    func validate() throws {
        guard count > 0, clients > 0, instances > 0 else {
            throw ValidationError("--count, --clients and --instances must be at least 1")
        }
        if instances > 1, databaseURL == nil {
            throw ValidationError(
                "several instances share a PostgreSQL database: give --database-url")
        }
    }

    func run() throws {
        try runBenchmark(failing: 65) {
            try ServeBenchmark.run(
                executable: readinessExecutable(readiness), count: count, clients: clients,
                databaseURL: databaseURL, instances: instances)
        }
    }
}

struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "A funder's dashboard over a large portfolio, served on loopback.")

    @Option(help: "Organisations in the portfolio.") var organisations = 1000
    @Option(help: "Accepted assessments of each.") var assessments = 4
    @Option(help: "Requests timed after the first.") var requests = 200
    @Option(help: "The readiness executable to serve.") var readiness: String?

    func validate() throws {
        guard organisations > 0, assessments > 0, requests > 0 else {
            throw ValidationError(
                "--organisations, --assessments and --requests must be at least 1")
        }
    }

    func run() throws {
        try runBenchmark(failing: 65) {
            try DashboardBenchmark.run(
                executable: readinessExecutable(readiness), organisations: organisations,
                assessments: assessments, requests: requests)
        }
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "A web submission's cost in the library, stage by stage, on one thread.")

    @Option(help: "The rule set (the built-in one by default).") var rules: String?
    @Option(help: "Generated profiles to assess.") var count = 500
    @Option(help: "Rounds; the best is shown.") var rounds = 5

    func validate() throws {
        guard count > 0, rounds > 0 else {
            throw ValidationError("--count and --rounds must be at least 1")
        }
    }

    func run() throws {
        try runBenchmark(failing: 65) {
            try ReportBenchmark.run(rules: rules, count: count, rounds: rounds)
        }
    }
}

func median(_ samples: [Duration]) -> Duration {
    samples.sorted()[samples.count / 2]
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// A `rusage` time in seconds.
func seconds(_ time: timeval) -> Double {
    Double(time.tv_sec) + Double(time.tv_usec) / 1e6
}

/// This process's peak resident memory so far, in MiB (`ru_maxrss` is in KiB on Linux).
func peakMemoryMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func format(_ duration: Duration) -> String {
    let microseconds = seconds(duration) * 1e6
    return microseconds >= 1000
        ? String(format: "%.2f ms", microseconds / 1000) : String(format: "%.1f µs", microseconds)
}
