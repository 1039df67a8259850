import ArgumentParser
import Foundation
import ReadinessServer
import SourceDiagnostics

/// Which database `serve` and `admin` use: an SQLite file (`--db`, the default) or a
/// PostgreSQL database (`--database-url`, or `READINESS_DATABASE_URL`).
struct DatabaseOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The SQLite database file.", valueName: "file"))
    var db: String?

    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "A PostgreSQL database instead of SQLite: postgres://USER@HOST:PORT/DATABASE (the password from PGPASSWORD; also READINESS_DATABASE_URL).",
            valueName: "url"))
    var databaseURL: String?

    func validate() throws {
        if db != nil, databaseURL != nil {
            throw ValidationError(
                "give --db (an SQLite file) or --database-url (PostgreSQL), not both")
        }
        if db == nil, let url {
            do {
                _ = try PostgresLocation(url: url)
            } catch {
                throw ValidationError("--database-url: \(error)")
            }
        }
    }

    /// The URL given, on the command line or in the environment (the command line wins; an
    /// explicit `--db` wins over the environment).
    var url: String? {
        databaseURL
            ?? ProcessInfo.processInfo.environment["READINESS_DATABASE_URL"]
            .flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The database chosen (`validate()` has read the URL).
    var location: StorageLocation {
        get throws {
            if let db { return .sqlite(path: db) }
            guard let url else { return .sqlite(path: "readiness.sqlite") }
            return .postgres(
                try PostgresLocation(url: url, environment: ProcessInfo.processInfo.environment))
        }
    }

    /// Opens it, or reports why not (exit 66).
    func open() async throws -> OpenedStorage {
        let location = try location
        do {
            return try await location.open()
        } catch {
            Output.report([
                Diagnostic(
                    .error, code: "server.database",
                    message:
                        "the database cannot be opened (\(StorageLocation.words(for: error)))",
                    path: location.description, help: location.help)
            ])
            throw ExitStatus.inputMissing.code
        }
    }

    /// Runs `body` over the opened store, and closes it whatever happens.
    func withStorage<T>(_ body: (any Storage) async throws -> T) async throws -> T {
        let opened = try await open()
        do {
            let value = try await body(opened.storage)
            await opened.close()
            return value
        } catch {
            await opened.close()
            throw error
        }
    }
}
