import Foundation
import Testing

@testable import ReadinessServer

/// `--database-url` read as libpq reads it, and refused with words that say what to write.
struct PostgresLocationTests {
    @Test func readsTheParts() throws {
        let location = try PostgresLocation(
            url:
                "postgresql://read%40iness:p%2Fss@db.example.org:6543/readiness?sslmode=verify-full"
        )
        #expect(location.user == "read@iness")
        #expect(location.password == "p/ss")
        #expect(location.host == "db.example.org")
        #expect(location.port == 6543)
        #expect(location.database == "readiness")
        #expect(location.tls == .verifyFull)
        #expect(location.socketPath == nil)
        #expect(location.redacted == "postgres://read@iness@db.example.org:6543/readiness")
    }

    @Test func thePasswordComesFromTheEnvironmentWhenTheURLHasNone() throws {
        let location = try PostgresLocation(
            url: "postgres://readiness@localhost/readiness", environment: ["PGPASSWORD": "secret"])
        #expect(location.password == "secret")
        #expect(location.port == 5432)
        #expect(location.tls == .prefer)
        let given = try PostgresLocation(
            url: "postgres://readiness:mine@localhost/readiness",
            environment: ["PGPASSWORD": "secret"])
        #expect(given.password == "mine")
    }

    @Test func aSocketFolder() throws {
        let location = try PostgresLocation(
            url: "postgres://readiness@/readiness?host=/run/postgresql")
        #expect(location.socketPath == "/run/postgresql/.s.PGSQL.5432")
        #expect(location.tls == .disable)
        #expect(!location.redacted.contains("@localhost"))
    }

    @Test(arguments: [
        ("readiness.sqlite", "'readiness.sqlite' is not a URL"),
        ("mysql://u@h/d", "the URL's scheme is 'mysql', not postgres"),
        ("postgres://h/d", "the URL names no user"),
        ("postgres://u@h", "the URL names no database after the host"),
        ("postgres://u@h/d/e", "the URL names no database after the host"),
        ("postgres://u@/d", "the URL names no host"),
        (
            "postgres://u@h/d?sslmode=sometimes",
            "sslmode 'sometimes' is not known: write one of disable, prefer, require, verify-full"
        ),
        (
            "postgres://u@h/d?host=relative",
            "host= in the query names a socket's folder: write host=/FOLDER"
        ),
        (
            "postgres://u@h/d?pool=3",
            "the URL's parameter 'pool' is not known: write sslmode= or host="
        ),
    ])
    func refusesWithWhatToWrite(url: String, message: String) {
        #expect(throws: PostgresLocation.Problem.self) { try PostgresLocation(url: url) }
        do {
            _ = try PostgresLocation(url: url)
        } catch {
            #expect(error.description.hasPrefix(message), "\(error.description)")
        }
    }

    @Test func argumentMarksAreNumberedOutsideQuotes() {
        #expect(
            PostgresBackend.Transaction.numbered(
                "SELECT '?', \"a?\" FROM t WHERE a = ? AND b = ?2 AND c = ?")
                == "SELECT '?', \"a?\" FROM t WHERE a = $1 AND b = $2 AND c = $2")
        #expect(
            PostgresBackend.Transaction.numbered(
                "x IN (SELECT jsonb_array_elements_text(?::jsonb))")
                == "x IN (SELECT jsonb_array_elements_text($1::jsonb))")
    }
}
