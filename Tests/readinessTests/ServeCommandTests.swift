import Foundation
import ReadinessTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `readiness serve` and `readiness admin`, as a script runs them: the first account from the
/// command line, the server on a free port announcing itself in one line on a pipe, answering,
/// and stopping cleanly on SIGTERM and SIGINT.
struct ServeCommandTests {
    @Test(arguments: [SIGTERM, SIGINT])
    func startsAnnouncesAndStops(signal: Int32) throws {
        let folder = try TemporaryFolder("serve")
        defer { folder.remove() }
        let database = folder.appendingPathComponent("readiness.sqlite").path
        let added = try CommandRunner.run(
            [
                "admin", "add-user", "--db", database, "--email", "a@harbour.org", "--role",
                "member", "--organisation", "Harbour AOD Services", "--password-stdin",
            ], stdin: "correct horse battery\n")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == "added a@harbour.org as member\n")
        let token = try CommandRunner.run(
            ["admin", "add-token", "--db", database, "--email", "a@harbour.org"])
        #expect(token.status == 0)
        #expect(token.stdout.count == 44, "one line: the token and a newline")

        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["serve", "--db", database, "--port", "0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Stopped whatever happens below, so a failed check leaves no server running.
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        // The one line, read from the pipe as soon as it is written.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.hasPrefix("listening on http://127.0.0.1:"), "\(text)")
        let address = text.trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "listening on ", with: "")
        let port = UInt16(address.split(separator: ":").last ?? "") ?? 0
        let health = Self.get(port: port, path: "/health")
        #expect(health.hasPrefix("HTTP/1.1 200"), "\(health)")
        #expect(health.hasSuffix("\r\n\r\nok\n"), "\(health)")
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        // Nothing else was written to standard output.
        let rest = output.fileHandleForReading.readDataToEndOfFile()
        #expect(rest.isEmpty, "\(String(decoding: rest, as: UTF8.self))")
    }

    /// A plain HTTP/1.0 GET on loopback, the whole answer as text.
    static func get(port: UInt16, path: String) -> String {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return "cannot connect" }
        let request = Array(
            "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            answer += buffer[0..<count]
        }
        return String(decoding: answer, as: UTF8.self)
    }

    /// Refused: a short password, a member with no organisation, no --password-stdin, a token
    /// for nobody; each with its code and a non-zero status.
    @Test func adminRefusals() throws {
        let folder = try TemporaryFolder("admin")
        defer { folder.remove() }
        let database = folder.appendingPathComponent("readiness.sqlite").path
        let base = ["admin", "add-user", "--db", database, "--email", "x@example.org"]
        let short = try CommandRunner.run(
            base + ["--role", "admin", "--password-stdin"], stdin: "short\n")
        #expect(short.status == 65)
        #expect(short.stderr.contains("error[admin.user]: the password cannot be used"))
        let noOrganisation = try CommandRunner.run(
            base + ["--role", "member", "--password-stdin"], stdin: "long enough password\n")
        #expect(noOrganisation.status == 65)
        #expect(noOrganisation.stderr.contains("--organisation"))
        let noStdin = try CommandRunner.run(base + ["--role", "admin"])
        #expect(noStdin.status == 64)
        let nobody = try CommandRunner.run(
            ["admin", "add-token", "--db", database, "--email", "nobody@example.org"])
        #expect(nobody.status == 65)
        #expect(nobody.stderr.contains("error[admin.no-user]"))
    }
}
