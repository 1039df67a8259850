import ArgumentParser
import Foundation
import Logging
import ReadinessCore
import ReadinessServer
import SourceDiagnostics

/// `readiness serve`: the web self-assessment, over SQLite or PostgreSQL.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the web self-assessment (forms, reports, history, a JSON API).",
        discussion: """
            The database is created and migrated on start. When the server is ready it prints \
            one line, `listening on http://HOST:PORT`. Add the first account with \
            `readiness admin add-user`. Stop it with Ctrl-C (or SIGTERM).
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0 takes a free one).")
    var port = 8080

    @Option(
        name: .customLong("public-url"),
        help: ArgumentHelp(
            "The address people use, behind a TLS proxy (https://… makes cookies Secure).",
            valueName: "url"))
    var publicURL: String?

    @Option(
        name: .customLong("trusted-proxy"),
        help: ArgumentHelp(
            "The address of a reverse proxy whose X-Forwarded-For names the client (repeatable); sign-in limits then count per client, not per proxy.",
            valueName: "address"))
    var trustedProxies: [String] = []

    @OptionGroup var ruleSetOptions: RuleSetOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        if let publicURL, !(publicURL.hasPrefix("http://") || publicURL.hasPrefix("https://")) {
            throw ValidationError("--public-url must start with http:// or https://")
        }
        for address in trustedProxies where !Self.isIPAddress(address) {
            throw ValidationError(
                "--trusted-proxy \(address) is not an IP address (such as 127.0.0.1 or ::1)")
        }
    }

    /// Whether text is an IPv4 or IPv6 address as a connection's address is written.
    static func isIPAddress(_ text: String) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return inet_pton(AF_INET, text, &buffer) == 1 || inet_pton(AF_INET6, text, &buffer) == 1
    }

    func run() async throws {
        // Logs go to standard error: standard output carries the one `listening on` line.
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        let ruleSet = try ruleSetOptions.load()
        var configuration = ReadinessServer.Configuration()
        configuration.database = try database.location
        configuration.host = host
        configuration.port = port
        configuration.publicURL = publicURL
        configuration.trustedProxies = Set(trustedProxies)
        do {
            try await ReadinessServer.run(configuration: configuration, ruleSet: ruleSet) {
                address in
                // One line, flushed at once: scripts and tests read it to find the port.
                FileHandle.standardOutput.write(Data("listening on \(address)\n".utf8))
            }
        } catch {
            Output.report([
                Diagnostic(
                    .error, code: "server.start",
                    message:
                        "the server could not start (\(StorageLocation.words(for: error)))",
                    path: configuration.database.description)
            ])
            throw ExitStatus.inputMissing.code
        }
    }
}
