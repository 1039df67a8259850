import Foundation
import ReadinessServer
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
        let health = LoopbackConnection(port: port)?.get("/health")
        #expect(health?.status == 200, "\(String(describing: health))")
        #expect(health?.body == "ok\n", "\(String(describing: health))")
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        // Nothing else was written to standard output.
        let rest = output.fileHandleForReading.readDataToEndOfFile()
        #expect(rest.isEmpty, "\(String(decoding: rest, as: UTF8.self))")
    }

    /// Refused: a short password, a member with no organisation, a funder's account with no
    /// funder (or a member with one), no --password-stdin, a token for nobody; each with its
    /// code and a non-zero status.
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
        let noFunder = try CommandRunner.run(
            base + ["--role", "funder", "--password-stdin"], stdin: "long enough password\n")
        #expect(noFunder.status == 65)
        #expect(noFunder.stderr.contains("give --funder"))
        let memberWithFunder = try CommandRunner.run(
            base + [
                "--role", "member", "--organisation", "Harbour AOD Services", "--funder", "North",
                "--password-stdin",
            ], stdin: "long enough password\n")
        #expect(memberWithFunder.status == 65)
        let funder = try CommandRunner.run(
            base + ["--role", "funder", "--funder", "North region PHN", "--password-stdin"],
            stdin: "long enough password\n")
        #expect(funder.status == 0)
        #expect(funder.stdout == "added x@example.org as funder\n")
        let noStdin = try CommandRunner.run(base + ["--role", "admin"])
        #expect(noStdin.status == 64)
        let nobody = try CommandRunner.run(
            ["admin", "add-token", "--db", database, "--email", "nobody@example.org"])
        #expect(nobody.status == 65)
        #expect(nobody.stderr.contains("error[admin.no-user]"))
    }

    /// A forgotten password set anew from the command line: the new one signs in, the old
    /// one no longer does; refused for nobody, for a short password, without --password-stdin.
    @Test func setPassword() async throws {
        let folder = try TemporaryFolder("set-password")
        defer { folder.remove() }
        let database = folder.appendingPathComponent("readiness.sqlite").path
        let added = try CommandRunner.run(
            [
                "admin", "add-user", "--db", database, "--email", "a@harbour.org", "--role",
                "member", "--organisation", "Harbour AOD Services", "--password-stdin",
            ], stdin: "the first long password\n")
        #expect(added.status == 0)
        let base = ["admin", "set-password", "--db", database, "--email"]
        let set = try CommandRunner.run(
            base + ["A@Harbour.org", "--password-stdin"], stdin: "the second long password\n")
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout == "set a new password for a@harbour.org; its sessions have ended\n")
        let storage = try SQLiteStorage(path: database)
        let accounts = AccountService(storage: storage, passwords: Passwords(cost: 4))
        await #expect(throws: AccountService.SignInFailure.wrongCredentials) {
            _ = try await accounts.signIn(
                email: "a@harbour.org", password: "the first long password", address: "test")
        }
        _ = try await accounts.signIn(
            email: "a@harbour.org", password: "the second long password", address: "test")
        let nobody = try CommandRunner.run(
            base + ["nobody@example.org", "--password-stdin"], stdin: "a long enough password\n")
        #expect(nobody.status == 65)
        #expect(nobody.stderr.contains("error[admin.no-user]"))
        let short = try CommandRunner.run(
            base + ["a@harbour.org", "--password-stdin"], stdin: "short\n")
        #expect(short.status == 65)
        #expect(short.stderr.contains("error[admin.user]: the password cannot be used"))
        #expect(try CommandRunner.run(base + ["a@harbour.org"]).status == 64)
    }

    /// A trusted proxy must be an address; the server does not start on anything else.
    @Test func trustedProxyMustBeAnAddress() throws {
        let refused = try CommandRunner.run([
            "serve", "--port", "0", "--trusted-proxy", "proxy.local",
        ])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--trusted-proxy proxy.local is not an IP address"))
    }
}
