import Foundation
import ReadinessTestSupport
import SourceDiagnostics
import YAMLNode

// readiness-bench: prints performance figures, stage by stage, beside libyaml's own parse time.
//
//   readiness-bench yaml FILE... [--iterations N]
//   readiness-bench cel [--seconds S] [--only N] [--count N]
//   readiness-bench corpus [--runs N] [--readiness PATH]
//   readiness-bench generate --count N --out DIR [--seed S]
//   readiness-bench batch DIR [--rules DIR] [--rounds N] [--readiness PATH] [--format F]
//   readiness-bench rules DIR [--rules DIR] [--rounds N]
//
// For each file: the time libyaml alone takes to produce its events (the floor), the time the
// full loader takes (decode, compose, resolve, check), their ratio, and the outcome (the node
// count, or the first diagnostic for a file that must fail).

/// Prints the usage: to stdout with status 0 when asked for, else to stderr with status 64.
func usage(asked: Bool = false) -> Never {
    (asked ? FileHandle.standardOutput : FileHandle.standardError).write(
        Data(
            """
            usage: readiness-bench yaml FILE... [--iterations N]
                   readiness-bench cel [--seconds S] [--only N] [--count N]
                   readiness-bench corpus [--runs N] [--readiness PATH]
                   readiness-bench generate --count N --out DIR [--seed S]
                   readiness-bench batch DIR [--rules DIR] [--rounds N] [--readiness PATH] [--format F]
                   readiness-bench rules DIR [--rules DIR] [--rounds N]

            """.utf8))
    exit(asked ? 0 : 64)
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

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains(where: { ["--help", "-h", "help"].contains($0) }) { usage(asked: true) }
@MainActor func option(_ name: String) -> String? {
    guard let flag = arguments.firstIndex(of: name), flag + 1 < arguments.count else { return nil }
    return arguments[flag + 1]
}
/// Runs a subcommand's body and exits 0, or prints its error and exits with `failure`.
func run(failing failure: Int32, _ body: () throws -> Void) -> Never {
    do {
        try body()
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(failure)
    }
    exit(0)
}

if arguments.first == "generate" {
    guard let out = option("--out"), let count = option("--count").flatMap(Int.init) else {
        usage()
    }
    run(failing: 73) {
        try ProfileGenerator.write(
            count: count, seed: option("--seed").flatMap(UInt64.init) ?? 1, to: out)
        print("wrote \(count) profiles to \(out)")
    }
}
/// The release `readiness` beside this executable, unless `--readiness` names another.
@MainActor func readinessExecutable() -> String {
    option("--readiness")
        ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("readiness").path
}
if arguments.first == "batch" {
    guard arguments.count >= 2 else { usage() }
    let command = readinessExecutable()
    let format = option("--format") ?? "text"
    run(failing: 65) {
        guard ["text", "csv", "json", "html"].contains(format) else {
            throw BenchmarkError("--format \(format): use text, csv, json or html")
        }
        let runnable = FileManager.default.isExecutableFile(atPath: command)
        if !runnable {
            FileHandle.standardError.write(
                Data(
                    "note: \(command) not found, so the command itself is not timed; build it with `swift build -c release --product readiness` or name it with --readiness PATH\n"
                        .utf8))
        }
        try BatchBenchmark.run(
            folder: arguments[1], rules: option("--rules") ?? "rules/vic-aod-peer-workforce",
            rounds: max(1, option("--rounds").flatMap(Int.init) ?? 3),
            command: runnable ? command : nil, format: format)
    }
}
if arguments.first == "rules" {
    guard arguments.count >= 2 else { usage() }
    run(failing: 65) {
        try RuleCostBenchmark.run(
            folder: arguments[1], rules: option("--rules") ?? "rules/vic-aod-peer-workforce",
            rounds: max(1, option("--rounds").flatMap(Int.init) ?? 5))
    }
}
if arguments.first == "corpus" {
    do {
        exit(
            try CorpusBenchmark.run(
                executable: readinessExecutable(),
                runs: option("--runs").flatMap(Int.init) ?? 3))
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(70)
    }
}
if arguments.first == "cel" {
    var perExpression = 2.0
    if let flag = arguments.firstIndex(of: "--seconds"), flag + 1 < arguments.count,
        let value = Double(arguments[flag + 1])
    {
        perExpression = value
    }
    var only: Int?
    if let flag = arguments.firstIndex(of: "--only"), flag + 1 < arguments.count {
        only = Int(arguments[flag + 1])
    }
    var fixedCount: Int?
    if let flag = arguments.firstIndex(of: "--count"), flag + 1 < arguments.count {
        fixedCount = Int(arguments[flag + 1])
    }
    CELBenchmark.run(seconds: perExpression, only: only, fixedCount: fixedCount)
    exit(0)
}
guard arguments.first == "yaml" else { usage() }
arguments.removeFirst()
var iterations = 20
if let flag = arguments.firstIndex(of: "--iterations") {
    guard flag + 1 < arguments.count, let count = Int(arguments[flag + 1]), count > 0 else {
        usage()
    }
    iterations = count
    arguments.removeSubrange(flag...(flag + 1))
}
guard !arguments.isEmpty else { usage() }

let clock = ContinuousClock()
print("file\tbytes\tlibyaml\tloader\tratio\toutcome")
for path in arguments {
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
