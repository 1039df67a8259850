import Foundation
import ReadinessTestSupport
import Testing

/// `--db` and `--database-url` on `serve` and `admin`: one database or the other, and a
/// PostgreSQL server that cannot be reached said at once, not waited on.
struct DatabaseOptionTests {
    /// Port 1 on loopback: nothing listens there.
    static let unreachable = "postgres://readiness@127.0.0.1:1/readiness?sslmode=disable"

    @Test func serveSaysItCannotReachPostgreSQL() throws {
        let started = Date()
        let result = try CommandRunner.run([
            "serve", "--database-url", Self.unreachable, "--port", "0",
        ])
        #expect(result.status == 66)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr.hasPrefix(
                "postgres://readiness@127.0.0.1:1/readiness: error[server.start]: the server could not start (could not connect:"
            ), "\(result.stderr)")
        #expect(result.stderr.contains("Connection refused"), "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 20, "said at once, not retried for a minute")
    }

    @Test func adminSaysItCannotReachPostgreSQL() throws {
        let result = try CommandRunner.run([
            "admin", "add-token", "--database-url", Self.unreachable, "--email", "a@b.org",
        ])
        #expect(result.status == 66)
        #expect(
            result.stderr.contains(
                "error[server.database]: the database cannot be opened (could not connect:"))
        #expect(result.stderr.contains("= help: check that PostgreSQL runs at that host and port"))
    }

    @Test func theURLCanComeFromTheEnvironment() throws {
        let result = try CommandRunner.run(
            ["admin", "add-token", "--email", "a@b.org"],
            environment: ["READINESS_DATABASE_URL": Self.unreachable])
        #expect(result.status == 66)
        #expect(
            result.stderr.hasPrefix(
                "postgres://readiness@127.0.0.1:1/readiness: error[server.database]"))
    }

    @Test func notBoth() throws {
        let result = try CommandRunner.run([
            "serve", "--db", "x.sqlite", "--database-url", Self.unreachable,
        ])
        #expect(result.status == 64)
        #expect(
            result.stderr.contains(
                "give --db (an SQLite file) or --database-url (PostgreSQL), not both"))
    }

    @Test func aURLThatIsNotOne() throws {
        let result = try CommandRunner.run(["serve", "--database-url", "readiness.sqlite"])
        #expect(result.status == 64)
        #expect(
            result.stderr.contains(
                "--database-url: 'readiness.sqlite' is not a URL: write postgres://USER@HOST:PORT/DATABASE"
            ))
    }
}

extension DatabaseOptionTests {
    /// A deployment's environment names PostgreSQL; `--db` on one command still means the file.
    @Test func anExplicitFileWinsOverTheEnvironment() throws {
        let folder = try TemporaryFolder("db-option")
        defer { folder.remove() }
        let database = folder.appendingPathComponent("readiness.sqlite").path
        let result = try CommandRunner.run(
            [
                "admin", "add-user", "--db", database, "--email", "a@b.org", "--role", "admin",
                "--password-stdin",
            ], environment: ["READINESS_DATABASE_URL": Self.unreachable],
            stdin: "correct horse battery\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: database))
    }
}
