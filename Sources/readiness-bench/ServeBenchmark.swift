import Foundation
import ReadinessTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The web application under load on loopback: the release `readiness serve` on a fresh
/// database, `clients` connections each submitting its share of `count` generated profiles
/// through the JSON API (keep-alive, one request at a time each), then a check that every
/// submission is stored. Prints the throughput and the latency percentiles.
enum ServeBenchmark {
    static func run(executable: String, count: Int, clients: Int) throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent(
            "readiness-serve-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let database = work.appendingPathComponent("bench.sqlite").path
        let organisation = "Synthetic Service"
        _ = try command(
            executable,
            [
                "admin", "add-user", "--db", database, "--email", "bench@example.org", "--role",
                "member", "--organisation", organisation, "--password-stdin",
            ], input: "a long benchmark passphrase\n")
        let token = try command(
            executable, ["admin", "add-token", "--db", database, "--email", "bench@example.org"]
        ).trimmingCharacters(in: .whitespacesAndNewlines)

        let server = Process()
        server.executableURL = URL(fileURLWithPath: executable)
        server.arguments = ["serve", "--db", database, "--port", "0"]
        let output = Pipe()
        server.standardOutput = output
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw BenchmarkError("the server stopped before it listened") }
            line.append(chunk)
        }
        guard
            let port = String(decoding: line, as: UTF8.self).split(separator: ":").last
                .flatMap({ UInt16($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        else { throw BenchmarkError("the server did not say its port") }

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
        let clock = ContinuousClock()
        let started = clock.now
        // A thread per client, all at once (a dispatch pool would run only as many as there
        // are cores, and the server would never see 20 connections).
        let group = DispatchGroup()
        for client in 0..<clients {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                guard let connection = Connection(port: port) else {
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
        // Every submission must be there.
        let listing = Connection(port: port)?.get("/api/v1/assessments", token: token) ?? ""
        let stored = listing.components(separatedBy: "\"id\": ").count - 1
        let sorted = latencies.all.sorted()
        func percentile(_ fraction: Double) -> String {
            guard !sorted.isEmpty else { return "-" }
            let index = min(sorted.count - 1, Int(Double(sorted.count) * fraction))
            return String(format: "%.1f ms", seconds(sorted[index]) * 1000)
        }
        print("submissions\t\(count)\t(\(clients) clients, keep-alive, loopback)")
        print("accepted (201)\t\(sorted.count)")
        print("failed\t\(failures.all.count)")
        print("stored, read back through the API\t\(stored)")
        print(
            String(
                format: "throughput\t%.0f submissions a second",
                Double(sorted.count) / seconds(total)))
        print("latency p50\t\(percentile(0.50))")
        print("latency p90\t\(percentile(0.90))")
        print("latency p99\t\(percentile(0.99))")
        print("latency max\t\(percentile(1.0))")
        if failures.all.count > 0 || stored != count {
            throw BenchmarkError("\(count - stored) submissions were lost or refused")
        }
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

/// One keep-alive HTTP/1.1 connection on loopback.
final class Connection {
    private let socket: Int32

    init?(port: UInt16) {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(socket)
            return nil
        }
    }

    deinit { close(socket) }

    /// Posts YAML; the answer's status (0 when the connection failed).
    func post(_ path: String, body: [UInt8], token: String) -> Int {
        let head =
            "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/yaml\r\nContent-Length: \(body.count)\r\n\r\n"
        guard write(Array(head.utf8) + body) else { return 0 }
        return read()?.status ?? 0
    }

    func get(_ path: String, token: String) -> String? {
        let head =
            "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n\r\n"
        guard write(Array(head.utf8)) else { return nil }
        return read().map { String(decoding: $0.body, as: UTF8.self) }
    }

    private func write(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return false }
            sent += count
        }
        return true
    }

    private var buffer: [UInt8] = []

    /// One answer: its status and body (read by its Content-Length).
    private func read() -> (status: Int, body: [UInt8])? {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while headEnd == nil {
            headEnd = buffer.firstRange(of: separator)?.upperBound
            if headEnd == nil, !fill() { return nil }
        }
        guard let end = headEnd else { return nil }
        let head = String(decoding: buffer[..<end], as: UTF8.self)
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        var length = 0
        for line in head.split(separator: "\r\n")
        where line.lowercased().hasPrefix("content-length:") {
            length = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
        }
        while buffer.count < end + length {
            if !fill() { return nil }
        }
        let body = Array(buffer[end..<(end + length)])
        buffer.removeFirst(end + length)
        return (status, body)
    }

    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer += chunk[0..<count]
        return true
    }
}
