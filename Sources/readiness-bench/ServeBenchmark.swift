import Foundation
import ReadinessTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The web application under load on loopback: the release `readiness serve` (one instance
/// or several over one database) on a fresh database, `clients` connections each submitting
/// its share of `count` generated profiles through the JSON API (keep-alive, one request at a
/// time each, client `i` to instance `i` mod `instances`), then a check that every submission
/// is stored, once. Prints the throughput and the latency percentiles.
enum ServeBenchmark {
    /// What a run measured and found stored.
    struct Outcome {
        var accepted: Int
        var failed: Int
        /// The assessments the API lists afterwards, and how many distinct ids among them.
        var stored: Int
        var distinct: Int
        var seconds: Double
        var latencies: [Duration]
    }

    /// `databaseURL`: a new, empty PostgreSQL database (`createdb` one); SQLite in a
    /// temporary folder without it.
    @discardableResult
    static func run(
        executable: String, count: Int, clients: Int, databaseURL: String? = nil,
        instances: Int = 1
    ) throws -> Outcome {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent(
            "readiness-serve-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let database =
            databaseURL.map { ["--database-url", $0] }
            ?? ["--db", work.appendingPathComponent("bench.sqlite").path]
        let organisation = "Synthetic Service"
        _ = try command(
            executable,
            [
                "admin", "add-user", "--email", "bench@example.org", "--role", "member",
                "--organisation", organisation, "--password-stdin",
            ] + database, input: "a long benchmark passphrase\n")
        let token = try command(
            executable, ["admin", "add-token", "--email", "bench@example.org"] + database
        ).trimmingCharacters(in: .whitespacesAndNewlines)

        var servers: [(process: Process, port: UInt16)] = []
        defer {
            for server in servers {
                server.process.terminate()
                server.process.waitUntilExit()
            }
        }
        for _ in 0..<max(1, instances) {
            servers.append(try serve(executable, database: database))
        }

        // The profiles, made before the clock starts: each named for the token's organisation.
        var random = SplitMix(seed: 7)
        let bodies = (0..<count).map { index in
            Array(
                ProfileGenerator.profile(index, random: &random).replacingOccurrences(
                    of: "organisation: Synthetic Service \(index)",
                    with: "organisation: \(organisation)"
                ).utf8)
        }
        let latencies = Latencies()
        let failures = Latencies()
        let cpuBefore = servers.compactMap { cpuSeconds(process: $0.process.processIdentifier) }
        let clock = ContinuousClock()
        let started = clock.now
        // A thread per client, all at once (a dispatch pool would run only as many as there
        // are cores, and the server would never see 20 connections).
        let group = DispatchGroup()
        for client in 0..<clients {
            group.enter()
            let port = servers[client % servers.count].port
            Thread.detachNewThread {
                defer { group.leave() }
                guard let connection = LoopbackConnection(port: port) else {
                    failures.add(.zero)
                    return
                }
                for index in stride(from: client, to: count, by: clients) {
                    let before = clock.now
                    let status = connection.post(
                        "/api/v1/assessments", body: bodies[index], token: token)
                    let elapsed = clock.now - before
                    if status == 201 { latencies.add(elapsed) } else { failures.add(elapsed) }
                }
            }
        }
        group.wait()
        let total = clock.now - started
        let cpuAfter = servers.compactMap { cpuSeconds(process: $0.process.processIdentifier) }
        let cpu =
            cpuAfter.count == cpuBefore.count && !cpuAfter.isEmpty
            ? cpuAfter.reduce(0, +) - cpuBefore.reduce(0, +) : nil
        // Every submission must be there, once: read back through the last instance.
        let listing =
            LoopbackConnection(port: servers[servers.count - 1].port)?.get(
                "/api/v1/assessments", token: token)?.body ?? ""
        let ids = listing.components(separatedBy: "\"id\": ").dropFirst().map {
            $0.prefix { $0.isNumber }
        }
        let outcome = Outcome(
            accepted: latencies.all.count, failed: failures.all.count, stored: ids.count,
            distinct: Set(ids).count, seconds: seconds(total), latencies: latencies.all.sorted())
        let sorted = outcome.latencies
        func percentile(_ fraction: Double) -> String {
            guard !sorted.isEmpty else { return "-" }
            let index = min(sorted.count - 1, Int(Double(sorted.count) * fraction))
            return String(format: "%.1f ms", seconds(sorted[index]) * 1000)
        }
        let store = databaseURL == nil ? "SQLite" : "PostgreSQL"
        let servedBy = servers.count == 1 ? "one instance" : "\(servers.count) instances"
        print("submissions\t\(count)\t(\(clients) clients, keep-alive, loopback)")
        print("served by\t\(servedBy) over \(store)")
        print("accepted (201)\t\(sorted.count)")
        print("failed\t\(failures.all.count)")
        print("stored, read back through the API\t\(outcome.stored) (\(outcome.distinct) distinct)")
        print(
            String(
                format: "throughput\t%.0f submissions a second",
                Double(sorted.count) / seconds(total)))
        print("latency p50\t\(percentile(0.50))")
        print("latency p90\t\(percentile(0.90))")
        print("latency p99\t\(percentile(0.99))")
        print("latency max\t\(percentile(1.0))")
        // Steadier than the figures above on a shared machine: what the servers themselves
        // spent (not PostgreSQL's own processes).
        if let cpu, !sorted.isEmpty {
            print(
                String(
                    format: "server CPU a submission\t%.2f ms (user and system, all threads)",
                    cpu / Double(sorted.count) * 1000))
        }
        if outcome.failed > 0 || outcome.stored != count || outcome.distinct != count {
            throw BenchmarkError(
                "\(count - outcome.distinct) submissions were lost or refused, \(outcome.stored - outcome.distinct) stored twice"
            )
        }
        return outcome
    }

    /// The release `readiness serve` on `database` (`--db FILE` or `--database-url URL`) at a free port: the process (the caller
    /// stops it) and the port it said it listens on.
    static func serve(_ executable: String, database: [String]) throws -> (Process, UInt16) {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: executable)
        server.arguments = ["serve", "--port", "0"] + database
        let output = Pipe()
        server.standardOutput = output
        server.standardError = FileHandle.nullDevice
        try server.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty {
                server.terminate()
                throw BenchmarkError("the server stopped before it listened")
            }
            line.append(chunk)
        }
        guard
            let port = String(decoding: line, as: UTF8.self).split(separator: ":").last
                .flatMap({ UInt16($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        else {
            server.terminate()
            throw BenchmarkError("the server did not say its port")
        }
        return (server, port)
    }

    /// The CPU time a process has used, user and system, in seconds (from `/proc`); `nil`
    /// where there is no `/proc`.
    static func cpuSeconds(process: Int32) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(process)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // After the command's name: the state is field 3, user time 14 and system time 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12])
        else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Runs the command, its standard input `input`; its standard output.
    static func command(_ executable: String, _ arguments: [String], input: String? = nil) throws
        -> String
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let feed = Pipe()
        process.standardOutput = output
        process.standardInput = input == nil ? FileHandle.nullDevice : feed
        try process.run()
        if let input {
            feed.fileHandleForWriting.write(Data(input.utf8))
            try feed.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchmarkError(
                "`\(arguments.joined(separator: " "))` exited with \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Durations gathered from several threads.
final class Latencies: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Duration] = []

    func add(_ duration: Duration) {
        lock.lock()
        items.append(duration)
        lock.unlock()
    }

    var all: [Duration] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}
