import Dispatch
import Foundation
import ReadinessCore

/// `readiness-bench batch`: the whole batch pipeline over a folder of profiles, beside the
/// time libyaml alone takes to parse the same files, and the peak memory.
enum BatchBenchmark {
    static func run(folder: String, rules: String) throws {
        let files = Batch.profilePaths([folder])
        let clock = ContinuousClock()
        // The batch first, so the peak memory is the batch's own (the floor below holds every
        // file's bytes at once).
        let ruleSet = try CompiledRuleSet.load(folder: rules)
        var compliant = 0
        let batch = Batch(ruleSet: ruleSet)
        var cpu = CPUTime()
        let whole = clock.measure {
            let totals = batch.run(files, emit: { _ in })
            compliant = totals.compliant
        }
        let batchCPU = cpu.lap()
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let bytes = files.map { FileManager.default.contents(atPath: $0).map { [UInt8]($0) } ?? [] }
        let totalBytes = bytes.reduce(0) { $0 + $1.count }
        // The floor: libyaml's events for every file, on every core, as the batch runs.
        _ = cpu.lap()
        let floor = clock.measure {
            DispatchQueue.concurrentPerform(iterations: bytes.count) { index in
                _ = LibYAMLFloor.parse(bytes[index])
            }
        }
        let floorCPU = cpu.lap()
        let floorSequential = clock.measure {
            for file in bytes { _ = LibYAMLFloor.parse(file) }
        }
        let seconds = { (duration: Duration) in
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
        print("profiles\t\(files.count)\t(\(totalBytes / 1024) KiB)")
        print("libyaml parse, all cores\t\(String(format: "%.2f s", seconds(floor)))")
        print("libyaml parse, one core\t\(String(format: "%.2f s", seconds(floorSequential)))")
        print(
            "batch (load, validate, evaluate \(ruleSet.rules.count) rules, score), all cores\t\(String(format: "%.2f s", seconds(whole)))\t\(String(format: "%.1f×", seconds(whole) / max(1e-9, seconds(floor)))) the parse floor"
        )
        // Processor time, summed over the threads: less swayed than wall time by whatever
        // else the machine runs, so the steadier ratio on a shared machine.
        print(
            "processor time: batch \(String(format: "%.2f s", batchCPU)), libyaml \(String(format: "%.2f s", floorCPU))\t\(String(format: "%.1f×", batchCPU / max(1e-9, floorCPU))) the parse floor"
        )
        print(
            "profiles per second\t\(String(format: "%.0f", Double(files.count) / max(1e-9, seconds(whole))))"
        )
        print("peak memory (max RSS)\t\(usage.ru_maxrss / 1024) MiB")
        print("compliant\t\(compliant) of \(files.count)")
    }
}

/// Processor time used by the whole process (every thread, user and system), read in laps.
struct CPUTime {
    private var last = CPUTime.now()

    /// Seconds of processor time since the previous lap (or since this was made).
    mutating func lap() -> Double {
        let current = CPUTime.now()
        defer { last = current }
        return current - last
    }

    private static func now() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double {
            Double(time.tv_sec) + Double(time.tv_usec) / 1e6
        }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
