import Foundation
import ReadinessTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// `readiness-bench corpus`: runs every case of the broken-input corpus through the built
/// `readiness` (best of several runs) and prints its wall time and peak memory, against the
/// budget of one second and 200 MB per case (issue 10). Exits 1 when a case is over budget or
/// exits with a status other than the one its case expects.
enum CorpusBenchmark {
    static let secondsBudget = 1.0
    static let megabytesBudget = 200.0

    static func run(executable: String, runs: Int) throws -> Int32 {
        print("case\texit\tbest ms\tpeak MB")
        var slowest = (name: "", seconds: 0.0)
        var largest = (name: "", megabytes: 0.0)
        var problems: [String] = []
        for name in CorpusCase.names {
            let brokenCase = try CorpusCase(name: name)
            var best = Double.infinity
            var peak = 0.0
            var status: Int32 = 0
            for _ in 0..<runs {
                let work = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "readiness-bench-corpus-\(UUID().uuidString)")
                try FileManager.default.createDirectory(
                    at: work, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: work) }
                try brokenCase.generate(work: work.path)
                let measured = try measure(executable, brokenCase.arguments(work: work.path))
                best = min(best, measured.seconds)
                peak = max(peak, measured.megabytes)
                status = measured.status
            }
            print(
                "\(name)\t\(status)\t\(String(format: "%.1f", best * 1000))\t\(String(format: "%.1f", peak))"
            )
            if best > slowest.seconds { slowest = (name, best) }
            if peak > largest.megabytes { largest = (name, peak) }
            if status != brokenCase.exit {
                problems.append("\(name): exit \(status), expected \(brokenCase.exit)")
            }
            if best > secondsBudget {
                problems.append("\(name): \(best) s, over \(secondsBudget) s")
            }
            if peak > megabytesBudget {
                problems.append("\(name): \(peak) MB, over \(megabytesBudget) MB")
            }
        }
        print(
            "\(CorpusCase.names.count) cases; slowest \(slowest.name) \(String(format: "%.1f", slowest.seconds * 1000)) ms; largest \(largest.name) \(String(format: "%.1f", largest.megabytes)) MB (budget \(Int(secondsBudget * 1000)) ms, \(Int(megabytesBudget)) MB)"
        )
        // A process started from this one reports at least this one's peak (see
        // `BatchBenchmark`): a case's figure below this says nothing more than "at most".
        print(
            "every peak is no less than this benchmark's own, \(String(format: "%.1f", peakMemoryMiB())) MB"
        )
        for problem in problems { print("OVER: \(problem)") }
        return problems.isEmpty ? 0 : 1
    }

    /// Runs the executable from the repository root, its standard streams on `/dev/null`; its
    /// wall time, peak resident memory, exit status and processor time (user and system, from
    /// `wait4`, which reports the child's own figures, not the bench's).
    static func measure(_ executable: String, _ arguments: [String]) throws -> (
        seconds: Double, megabytes: Double, status: Int32, processor: Double, majorFaults: Int
    ) {
        let start = ContinuousClock.now
        let pid = try spawn(executable, arguments)
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        let elapsed = ContinuousClock.now - start
        // ru_maxrss is in kilobytes on Linux.
        return (
            seconds(elapsed), Double(usage.ru_maxrss) / 1024, exitStatus(status),
            seconds(usage.ru_utime) + seconds(usage.ru_stime), usage.ru_majflt
        )
    }

    /// Starts the executable from the repository root, its standard streams on `/dev/null`;
    /// its process identifier, for the caller to wait for.
    static func spawn(_ executable: String, _ arguments: [String]) throws -> pid_t {
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        // The cases name their files relative to the repository.
        guard FileManager.default.changeCurrentDirectoryPath(Paths.repositoryRoot.path) else {
            throw CorpusError("cannot enter \(Paths.repositoryRoot.path)")
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw CorpusError("cannot run \(executable): \(String(cString: strerror(spawned)))")
        }
        return pid
    }

    /// The exit status a shell would report for a `wait` status (128 + the signal for a
    /// process that a signal ended).
    static func exitStatus(_ status: Int32) -> Int32 {
        (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
