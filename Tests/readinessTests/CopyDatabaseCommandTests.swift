import Foundation
import ReadinessTestSupport
import Testing

/// `readiness admin copy-database` as a person moving a deployment runs it.
struct CopyDatabaseCommandTests {
    @Test func aMissingFileIsNamedAndNothingIsTouched() throws {
        let result = try CommandRunner.run([
            "admin", "copy-database", "--from", "/nonexistent/readiness.sqlite", "--to",
            "postgres://readiness@127.0.0.1:1/readiness",
        ])
        #expect(result.status == 66)
        #expect(
            result.stderr
                == "/nonexistent/readiness.sqlite: error[admin.copy]: there is no SQLite database at /nonexistent/readiness.sqlite\n"
        )
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: [
        ("mysql://u@h/d", "the URL's scheme is 'mysql', not postgres"),
        ("postgres://u@h", "the URL names no database after the host"),
        ("postgres://u@h/d?sslmode=sometimes", "sslmode 'sometimes' is not known"),
    ])
    func aWrongURLSaysWhatToWrite(url: String, message: String) throws {
        let result = try CommandRunner.run([
            "admin", "copy-database", "--from", "x.sqlite", "--to", url,
        ])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--to: \(message)"), "\(result.stderr)")
    }

    @Test(.enabled(if: TestPostgres.url != nil, "needs READINESS_TEST_POSTGRES_URL"))
    func copiesAndSaysWhatItCopied() throws {
        let folder = try TemporaryFolder("copy")
        defer { folder.remove() }
        let database = folder.appendingPathComponent("readiness.sqlite").path
        let added = try CommandRunner.run(
            [
                "admin", "add-user", "--db", database, "--email", "a@harbour.org", "--role",
                "member", "--organisation", "Harbour AOD Services", "--password-stdin",
            ], stdin: "correct horse battery\n")
        #expect(added.status == 0)
        let url = try TestPostgres.freshDatabase()
        defer { TestPostgres.drop(url) }
        let copied = try CommandRunner.run([
            "admin", "copy-database", "--from", database, "--to", url,
        ])
        #expect(copied.status == 0, "\(copied.stderr)")
        #expect(copied.stdout.contains("organisation: 1 row\nfunder: 0 rows\nuser: 1 row\n"))
        #expect(copied.stdout.hasSuffix("0 assessments read back and equal\n"))
        // The account signs in against PostgreSQL now: its token is made there.
        let token = try CommandRunner.run(
            ["admin", "add-token", "--database-url", url, "--email", "a@harbour.org"])
        #expect(token.status == 0)
        let again = try CommandRunner.run([
            "admin", "copy-database", "--from", database, "--to", url,
        ])
        #expect(again.status == 65)
        #expect(
            again.stderr.contains("the PostgreSQL database has data already (organisation: 1 row)"))
    }
}
