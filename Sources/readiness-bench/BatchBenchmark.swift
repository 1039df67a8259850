import Dispatch
import Foundation
import ReadinessCore
import SourceDiagnostics

/// `readiness-bench batch`: the whole batch pipeline over a folder of profiles, beside the
/// time libyaml alone takes to parse the same files, and the peak memory.
///
/// The batch and the floors run in turns, `rounds` times, and are compared round by round (the
/// median of the rounds' ratios, and their range): on a shared machine, load that comes and
/// goes then sways both sides alike instead of whichever happened to run while it lasted. The
/// command takes turns with libyaml too, paused while libyaml parses each slice.
enum BatchBenchmark {
    /// Wall and processor time of one measured stage.
    struct Timing {
        var wall: Double
        var processor: Double

        static func += (total: inout Timing, part: Timing) {
            total.wall += part.wall
            total.processor += part.processor
        }
    }

    /// - Parameters:
    ///   - folder: The profiles.
    ///   - rules: The rule set's folder.
    ///   - rounds: How many times each stage runs.
    ///   - command: The release `readiness` to time as users run it (a process that loads
    ///     the rule set and writes `format` to its standard output), or `nil` to leave that
    ///     stage out.
    ///   - format: The command's output format.
    /// - Throws: ``BenchmarkError`` for a folder with no profiles or a command that fails,
    ///   and the rule set's diagnostics.
    static func run(
        folder: String, rules: String, rounds: Int, command: String?, format: String
    ) throws {
        let files = Batch.profilePaths([folder])
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder),
            isFolder.boolValue, !files.isEmpty
        else {
            throw BenchmarkError(
                "\(folder): no folder of .yaml profiles here; make one with `readiness-bench generate --count 1000 --out \(folder)`"
            )
        }
        let ruleSet = try CompiledRuleSet.load(folder: rules)
        let batch = Batch(ruleSet: ruleSet)
        var compliant = 0
        var failedToLoad = 0
        var batchTimes: [Timing] = []
        var fileFloorTimes: [Timing] = []
        var memoryFloorTimes: [Timing] = []
        var readingTimes: [Timing] = []
        var commandTimes: [Timing] = []
        /// libyaml on the slices it parsed in turns with each command run.
        var commandFloorTimes: [Timing] = []
        /// The most page faults that had to read the disk in one timed run of the command.
        var commandMajorFaults = 0
        // The process runs from the repository root: it gets absolute paths.
        let commandArguments = [
            "batch", URL(fileURLWithPath: folder).path, "--rules",
            URL(fileURLWithPath: rules).path, "--format", format,
        ]
        // A reader per worker, as the batch has.
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let readers = (0..<cores).map { _ in
            ProfileReader(schema: ruleSet.ruleSet.schema, limits: ruleSet.limits)
        }
        // One untimed pass first, so every stage reads the files from the page cache: the
        // first round's batch, which runs first, read them from the disk and the floor after
        // it did not.
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            _ = LibYAMLFloor.parse(path: files[index])
        }
        // The command's peak memory, from a run of its own before this process grows: on
        // Linux a process started from another reports at least that one's peak (posix_spawn
        // shares the parent's memory until exec, and exec keeps the larger peak), so a run
        // started while this process held every file in memory reported over 100 MB.
        var commandMemory: (peak: Double, floor: Double)?
        /// How long the command last took: it is paused for libyaml about a tenth of that
        /// apart.
        var commandSeconds = 1.0
        if let command {
            let measured = try CorpusBenchmark.measure(command, commandArguments)
            commandMemory = (measured.megabytes, peakMemoryMiB())
            commandSeconds = measured.seconds
        }
        // The batch's own peak memory, from an untimed run (which also warms it up) before
        // this process holds every file in memory for the floor on bytes.
        _ = batch.run(files, emit: { _ in })
        let peakMiB = Int(peakMemoryMiB())
        let bytes = files.map { FileManager.default.contents(atPath: $0).map { [UInt8]($0) } ?? [] }
        // The batch and the two floors take turns slice by slice (a tenth of the files each,
        // the one that goes first rotating), and each one's slices are summed: load that comes
        // and goes on a shared machine then falls on all of them nearly alike, where whole
        // runs a few seconds apart each met their own.
        let sliceCount = max(1, min(10, files.count / 500))
        let slices = (0..<sliceCount).map { slice in
            (files.count * slice / sliceCount)..<(files.count * (slice + 1) / sliceCount)
        }
        // Each slice's files, listed once for every stage that takes turns over them.
        let sliceFiles = slices.map { Array(files[$0]) }
        for round in 0..<rounds {
            var batchTime = Timing(wall: 0, processor: 0)
            var floorTime = Timing(wall: 0, processor: 0)
            var memoryTime = Timing(wall: 0, processor: 0)
            compliant = 0
            failedToLoad = 0
            for (position, slice) in slices.enumerated() {
                for turn in 0..<3 {
                    warm(sliceFiles[position])
                    switch (round + position + turn) % 3 {
                    case 0: floorTime += floor(sliceFiles[position])
                    case 1:
                        batchTime += measure {
                            let totals = batch.run(sliceFiles[position], emit: { _ in })
                            compliant += totals.compliant
                            failedToLoad += totals.failedToLoad
                        }
                    default:
                        // libyaml over bytes already in memory: the parse alone.
                        memoryTime += measure {
                            DispatchQueue.concurrentPerform(iterations: slice.count) { index in
                                _ = LibYAMLFloor.parse(bytes[slice.lowerBound + index])
                            }
                        }
                    }
                }
            }
            batchTimes.append(batchTime)
            fileFloorTimes.append(floorTime)
            memoryFloorTimes.append(memoryTime)
            // The command as a funder runs it: start, load and check the rule set, assess every
            // profile, render each row and the totals. A process cannot be sliced, but it can be
            // paused: it runs in turns with libyaml on the same slices as the batch, so both
            // meet the same machine a tenth of a run apart (run whole, the two sides met
            // different moments of a host whose speed swings by a third within seconds, and
            // single pairs ranged from 1.2× to 1.7×). Twice a round.
            if let command {
                for _ in 0..<2 {
                    warm(files)
                    warm(program: command)
                    let measured = try interleaved(
                        command, commandArguments, slices: sliceFiles,
                        interval: commandSeconds / Double(slices.count + 1))
                    // 0 all comply, 1 some do not, 65 a profile or folder could not be read
                    // (the batch goes on); anything else is a failed run, not a figure.
                    guard [0, 1, 65].contains(measured.status) else {
                        throw BenchmarkError(
                            "`\(command) \(commandArguments.joined(separator: " "))` exited with \(measured.status)"
                        )
                    }
                    commandTimes.append(measured.command)
                    commandFloorTimes.append(measured.floor)
                    commandMajorFaults = max(commandMajorFaults, measured.majorFaults)
                    commandSeconds = measured.command.wall
                }
            }
            // The batch's first stage alone (read, parse, validate into values; no rules): splits
            // the batch's cost between reading profiles and evaluating rules.
            warm(files)
            readingTimes.append(
                measure {
                    let next = NextIndex()
                    DispatchQueue.concurrentPerform(iterations: cores) { worker in
                        while let index = next.claim(below: files.count) {
                            _ = try? readers[worker].load(path: files[index])
                        }
                    }
                })
        }
        let batchTime = median(batchTimes)
        let fileFloor = median(fileFloorTimes)
        let memoryFloor = median(memoryFloorTimes)
        let reading = median(readingTimes)
        let totalBytes = bytes.reduce(0) { $0 + $1.count }
        /// Each round's ratio (the two ran seconds apart, so load that comes and goes
        /// sways both alike), as the median over the rounds and, in brackets, their range.
        func ratio(_ over: [Timing], _ under: [Timing]) -> String {
            func figure(_ part: KeyPath<Timing, Double>) -> String {
                let ratios = zip(over, under).map {
                    $0[keyPath: part] / max(1e-9, $1[keyPath: part])
                }
                .sorted()
                let middle = String(format: "%.2f×", ratios[ratios.count / 2])
                guard ratios.count > 1, let low = ratios.first, let high = ratios.last else {
                    return middle
                }
                return middle + String(format: " (%.2f–%.2f)", low, high)
            }
            return "wall \(figure(\.wall))\tprocessor \(figure(\.processor))"
        }
        func time(_ seconds: Double) -> String { String(format: "%.2f s", seconds) }
        print(
            "profiles\t\(files.count)\t(\(totalBytes / 1024) KiB)\t\(rounds) rounds of \(slices.count) \(slices.count == 1 ? "slice" : "slices"): medians; ratios round by round, their median (and range)"
        )
        print(
            "libyaml reading and parsing the files, all cores\t\(time(fileFloor.wall))\tprocessor \(time(fileFloor.processor))"
        )
        print(
            "libyaml parsing the bytes in memory, all cores\t\(time(memoryFloor.wall))\tprocessor \(time(memoryFloor.processor))"
        )
        print(
            "batch (read, validate, evaluate \(ruleSet.rules.count) rules, score), all cores\t\(time(batchTime.wall))\tprocessor \(time(batchTime.processor))"
        )
        print(
            "of which reading and validating the profiles (no rules), all cores\t\(time(reading.wall))\tprocessor \(time(reading.processor))"
        )
        if !commandTimes.isEmpty {
            let commandTime = median(commandTimes)
            print(
                "readiness batch --format \(format), a process (start, rule set, output), all cores\t\(time(commandTime.wall))\tprocessor \(time(commandTime.processor))"
            )
            print(
                "command ÷ libyaml on the files, in turns: the command paused while libyaml parses each tenth\t\(ratio(commandTimes, commandFloorTimes))"
            )
            print(
                "the command's page faults that read the disk, most in one run\t\(commandMajorFaults)"
            )
        }
        print(
            "batch ÷ libyaml on the files, in turns slice by slice\t\(ratio(batchTimes, fileFloorTimes))"
        )
        print(
            "batch ÷ libyaml on bytes in memory\t\(ratio(batchTimes, memoryFloorTimes))"
        )
        print(
            "profiles per second\t\(String(format: "%.0f", Double(files.count) / max(1e-9, batchTime.wall)))"
        )
        print("peak memory (max RSS)\t\(peakMiB) MiB")
        if let commandMemory {
            print(
                String(
                    format:
                        "the command's peak memory\t%.0f MiB\t(no less than this benchmark's own %.0f MiB when it started it)",
                    commandMemory.peak, commandMemory.floor))
        }
        print("compliant\t\(compliant) of \(files.count)")
        // A profile that fails to load costs less than one that is assessed: say so.
        if failedToLoad > 0 { print("failed to load (not assessed)\t\(failedToLoad)") }
    }

    /// Reads the files, untimed, just before a timed stage reads them, so every stage finds
    /// them in memory: on these shared machines the page cache loses part of them within
    /// seconds (8% of 10,000 profiles in 20 s, with 22 GB free), and a stage that met them on
    /// the disk paid for the reads (a run of the command spent 14% of its samples in the
    /// kernel, 4% kicking the disk from `read`, where libyaml alone spent 6%).
    private static func warm(_ files: [String]) {
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            _ = try? SourceFile.readBytes(path: files[index])
        }
    }

    /// Reads the command's executable and the shared libraries this process has mapped (the
    /// same Swift runtime, Foundation, libyaml and C library the command maps), untimed, just
    /// before the command runs: the in-process floor has its code in memory, and a command
    /// whose code had dropped out of the page cache since its last run paid for reading it
    /// from the disk at its page faults (12 to 27 major faults and 2 to 16 MB read in runs
    /// ten seconds apart; none once read just before).
    private static func warm(program executable: String) {
        var files = [executable]
        if let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) {
            for line in maps.split(separator: "\n") {
                // `address perms offset device inode path`: the path is what follows the
                // inode, for a mapping backed by a file.
                guard let slash = line.firstIndex(of: "/") else { continue }
                let path = String(line[slash...])
                if !files.contains(path) { files.append(path) }
            }
        }
        // Read through, whatever the size (the runtime libraries are tens of megabytes).
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        for path in files {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            while chunk.withUnsafeMutableBytes({ read(descriptor, $0.baseAddress, $0.count) }) > 0 {
            }
        }
    }

    /// One run of the command in turns with libyaml: the command runs `interval` seconds at a
    /// time and is paused (`SIGSTOP`) while libyaml parses the next slice, until the slices
    /// run out (then it runs to its end) or it ends (then the slices left run after it). Its
    /// wall time is the time it ran; its processor time is its own, from `wait4`. `pauses`
    /// counts the slices parsed while it was paused.
    static func interleaved(
        _ executable: String, _ arguments: [String], slices: [[String]], interval: Double
    ) throws -> (command: Timing, floor: Timing, status: Int32, majorFaults: Int, pauses: Int) {
        var ran = 0.0
        var floorTime = Timing(wall: 0, processor: 0)
        var next = 0
        var status: Int32 = 0
        var usage = rusage()
        var resumed = ContinuousClock.now
        let pid = try CorpusBenchmark.spawn(executable, arguments)
        running: while true {
            guard next < slices.count else {
                _ = wait4(pid, &status, 0, &usage)
                ran += seconds(ContinuousClock.now - resumed)
                break
            }
            let pause = resumed + .seconds(interval)
            while ContinuousClock.now < pause {
                // Polled each millisecond: it ends within a millisecond of being seen to.
                if wait4(pid, &status, WNOHANG, &usage) == pid {
                    ran += seconds(ContinuousClock.now - resumed)
                    break running
                }
                usleep(1_000)
            }
            kill(pid, SIGSTOP)
            // Returns once it has stopped, or with its exit if it ended meanwhile.
            _ = wait4(pid, &status, WUNTRACED, &usage)
            ran += seconds(ContinuousClock.now - resumed)
            let stopped = status & 0xff == 0x7f
            guard stopped else { break }
            floorTime += floor(slices[next])
            next += 1
            resumed = ContinuousClock.now
            kill(pid, SIGCONT)
        }
        let pauses = next
        for slice in slices[next...] { floorTime += floor(slice) }
        return (
            Timing(wall: ran, processor: seconds(usage.ru_utime) + seconds(usage.ru_stime)),
            floorTime, CorpusBenchmark.exitStatus(status), usage.ru_majflt, pauses
        )
    }

    /// libyaml reading and parsing each file itself, as `yaml_parser_set_input_file` does: what
    /// any program that parses these files with libyaml must at least do.
    private static func floor(_ files: [String]) -> Timing {
        measure {
            DispatchQueue.concurrentPerform(iterations: files.count) { index in
                _ = LibYAMLFloor.parse(path: files[index])
            }
        }
    }

    /// Times `body` by the wall clock and by processor time summed over the threads (less
    /// swayed than wall time by whatever else the machine runs).
    private static func measure(_ body: () -> Void) -> Timing {
        var cpu = CPUTime()
        let elapsed = ContinuousClock().measure(body)
        return Timing(wall: seconds(elapsed), processor: cpu.lap())
    }

    /// The median wall time and the median processor time (each on its own).
    private static func median(_ timings: [Timing]) -> Timing {
        let middle = timings.count / 2
        return Timing(
            wall: timings.map(\.wall).sorted()[middle],
            processor: timings.map(\.processor).sorted()[middle])
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
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}

/// A benchmark that cannot run as asked: what to do instead.
struct BenchmarkError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Positions handed out one at a time to whichever worker asks next.
final class NextIndex: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    /// The next position, or `nil` once `count` are handed out.
    func claim(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}
