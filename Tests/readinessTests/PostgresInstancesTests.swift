import Foundation
import ReadinessTestSupport
import Testing

@testable import readiness_bench

#if canImport(Glibc)
    import Glibc
#endif

/// Two `readiness serve` processes on loopback over one PostgreSQL database, as behind a load
/// balancer: a session begun on one goes on on the other, submissions split over both are
/// each stored once, and a draft saved from both at one revision is kept once (the other
/// refused, as one instance refuses it).
@Suite(.serialized, .enabled(if: TestPostgres.url != nil, "needs READINESS_TEST_POSTGRES_URL"))
struct PostgresInstancesTests {
    static let password = "correct horse battery"

    /// A fresh database with Harbour's member, and two servers over it.
    struct Deployment {
        let url: String
        let servers: [(process: Process, port: UInt16)]

        init() throws {
            url = try TestPostgres.freshDatabase()
            let added = try CommandRunner.run(
                [
                    "admin", "add-user", "--database-url", url, "--email", "a@harbour.org",
                    "--role", "member", "--organisation", "Harbour AOD Services",
                    "--password-stdin",
                ], stdin: "\(PostgresInstancesTests.password)\n")
            guard added.status == 0 else { throw TestPostgres.Problem(added.stderr) }
            var servers: [(Process, UInt16)] = []
            for _ in 0..<2 {
                servers.append(
                    try ServeBenchmark.serve(
                        CommandRunner.executable.path, database: ["--database-url", url]))
            }
            self.servers = servers
        }

        func stop() {
            for server in servers where server.process.isRunning {
                kill(server.process.processIdentifier, SIGTERM)
                server.process.waitUntilExit()
            }
            TestPostgres.drop(url)
        }
    }

    /// A browser's cookies over raw connections to either instance.
    final class Visitor {
        var cookies: [String: String] = [:]

        func send(
            _ port: UInt16, _ method: String, _ path: String, form: [(String, String)]? = nil
        ) throws -> (status: Int, headers: [(String, String)], body: String) {
            let connection = try #require(LoopbackConnection(port: port))
            var headers: [(String, String)] = []
            if !cookies.isEmpty {
                headers.append(
                    ("Cookie", cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")))
            }
            var body: [UInt8] = []
            if let form {
                headers.append(("Content-Type", "application/x-www-form-urlencoded"))
                body = Array(
                    form.map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&").utf8)
            }
            let answer = try #require(
                connection.send(method, path, headers: headers, body: body))
            for (name, value) in answer.headers where name == "set-cookie" {
                let pair = value.split(separator: ";")[0].split(
                    separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if pair.count == 2 { cookies[String(pair[0])] = String(pair[1]) }
            }
            return answer
        }

        /// The CSRF token in a page's forms.
        static func csrf(_ page: String) -> String {
            guard let range = page.range(of: #"name="csrf" value=""#) else { return "" }
            return String(page[range.upperBound...].prefix { $0 != "\"" })
        }

        static func encode(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
        }
    }

    @Test func aSessionBegunOnOneGoesOnOnTheOther() throws {
        let deployment = try Deployment()
        defer { deployment.stop() }
        let (one, other) = (deployment.servers[0].port, deployment.servers[1].port)
        let visitor = Visitor()
        let signInPage = try visitor.send(one, "GET", "/sign-in")
        let signedIn = try visitor.send(
            one, "POST", "/sign-in",
            form: [
                ("email", "a@harbour.org"), ("password", Self.password),
                ("csrf", Visitor.csrf(signInPage.body)),
            ])
        #expect(signedIn.status == 303)
        let home = try visitor.send(other, "GET", "/")
        #expect(home.status == 200 || home.status == 303)
        let landing =
            home.status == 303
            ? try visitor.send(
                other, "GET",
                home.headers.first { $0.0 == "location" }?.1 ?? "/")
            : home
        #expect(landing.status == 200)
        #expect(landing.body.contains("a@harbour.org"), "the other instance knows the session")

        // Signing out on the other ends the session on the first too.
        let signedOut = try visitor.send(
            other, "POST", "/sign-out", form: [("csrf", Visitor.csrf(landing.body))])
        #expect(signedOut.status == 303)
        let after = try visitor.send(one, "GET", "/")
        #expect(after.status == 303)
        #expect(after.headers.first { $0.0 == "location" }?.1.hasPrefix("/sign-in") == true)
    }

    @Test func aDraftSavedFromBothAtOneRevisionIsKeptOnce() throws {
        let deployment = try Deployment()
        defer { deployment.stop() }
        let ports = deployment.servers.map(\.port)
        // One person in two tabs, each served by another instance.
        let visitor = Visitor()
        let signInPage = try visitor.send(ports[0], "GET", "/sign-in")
        _ = try visitor.send(
            ports[0], "POST", "/sign-in",
            form: [
                ("email", "a@harbour.org"), ("password", Self.password),
                ("csrf", Visitor.csrf(signInPage.body)),
            ])
        let home = try visitor.send(ports[0], "GET", "/")
        let location = home.headers.first { $0.0 == "location" }?.1 ?? ""
        let organisation = try #require(
            location.split(separator: "/").last.map(String.init), "\(home)")
        let section = "/organisations/\(organisation)/sections/staff"
        for revision in 0..<5 {
            let page = try visitor.send(ports[0], "GET", section)
            let csrf = Visitor.csrf(page.body)
            let statuses = ThreadSafeList<Int>()
            let group = DispatchGroup()
            for (index, port) in ports.enumerated() {
                let cookies = visitor.cookies
                group.enter()
                Thread.detachNewThread {
                    defer { group.leave() }
                    let tab = Visitor()
                    tab.cookies = cookies
                    let answer = try? tab.send(
                        port, "POST", section,
                        form: [
                            ("revision", String(revision)),
                            ("staff.total", String(10 + index)), ("csrf", csrf),
                        ])
                    statuses.append(answer?.status ?? 0)
                }
            }
            group.wait()
            #expect(statuses.all.sorted() == [303, 409], "revision \(revision)")
        }
    }

    @Test func submissionsSplitOverBothAreEachStoredOnce() throws {
        let url = try TestPostgres.freshDatabase()
        defer { TestPostgres.drop(url) }
        let outcome = try ServeBenchmark.run(
            executable: CommandRunner.executable.path, count: 2000, clients: 20,
            databaseURL: url, instances: 2)
        #expect(outcome.accepted == 2000)
        #expect(outcome.failed == 0)
        #expect(outcome.stored == 2000)
        #expect(outcome.distinct == 2000)
    }
}

/// A list appended to from several threads.
final class ThreadSafeList<Element>: @unchecked Sendable {
    private let lock = NSLock()
    private var elements: [Element] = []

    func append(_ element: Element) { lock.withLock { elements.append(element) } }
    var all: [Element] { lock.withLock { elements } }
}
