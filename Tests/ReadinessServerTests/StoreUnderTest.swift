import Foundation
import Logging
import ReadinessTestSupport
import Testing

@testable import ReadinessServer

/// The databases the storage runs on: SQLite always, PostgreSQL when a server is given in
/// `READINESS_TEST_POSTGRES_URL` (`Scripts/postgres.sh start FOLDER` makes one; CI does).
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The server the PostgreSQL tests make their databases on.
    static let postgresURL = TestPostgres.url

    /// Those the tests can run on here.
    static var available: [StoreKind] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }
}

/// A fresh, empty store of one kind, with what a test needs beside the protocol: another
/// instance over the same database, a raw statement, and closing.
struct StoreUnderTest: Sendable {
    let kind: StoreKind
    let storage: any Storage
    /// Opens the same database again: a second server instance.
    let another: @Sendable () async throws -> any Storage
    /// Runs one statement in a write transaction of its own.
    let execute: @Sendable (String) async throws -> Void
    /// The text a statement's first column gives back, row by row.
    let texts: @Sendable (String) async throws -> [String]
    /// Where the database is: its file, or its URL.
    let location: String
    private let closing: @Sendable () async -> Void

    func close() async { await closing() }

    static func make(_ kind: StoreKind) async throws -> StoreUnderTest {
        switch kind {
        case .sqlite:
            let folder = try TemporaryFolder("store")
            let path = folder.appendingPathComponent("readiness.sqlite").path
            let storage = try SQLiteStorage(path: path)
            return StoreUnderTest(
                kind: kind, storage: storage, another: { try SQLiteStorage(path: path) },
                execute: { sql in try await storage.backend.write { try $0.execute(sql) } },
                texts: { sql in
                    try await storage.backend.read { try $0.values(as: String.self, sql) }
                },
                location: path,
                closing: { [url = folder.url] in try? FileManager.default.removeItem(at: url) })
        case .postgres:
            let url = try TestPostgres.freshDatabase()
            let location = try PostgresLocation(url: url)
            let storage = try await PostgresStorage.open(location)
            let opened = OpenedStores()
            return StoreUnderTest(
                kind: kind, storage: storage,
                another: {
                    let other = try await PostgresStorage.open(location)
                    opened.add(other)
                    return other
                },
                execute: { sql in try await storage.backend.write { try $0.execute(sql) } },
                texts: { sql in
                    try await storage.backend.read { try $0.values(as: String.self, sql) }
                },
                location: url,
                closing: {
                    for other in opened.all { await other.close() }
                    await storage.close()
                    TestPostgres.drop(url)
                })
        }
    }

    /// Runs `body` over a fresh store and closes it, whatever happens.
    static func with(
        _ kind: StoreKind, _ body: (StoreUnderTest) async throws -> Void
    ) async throws {
        let store = try await make(kind)
        do {
            try await body(store)
        } catch {
            await store.close()
            // PostgreSQL's own words, which postgres-nio's description leaves out.
            if let message = PostgresBackend.message(error) {
                Issue.record("PostgreSQL: \(message)")
            }
            throw error
        }
        await store.close()
    }
}

/// The second instances a test opened, to close with the first.
final class OpenedStores: @unchecked Sendable {
    private let lock = NSLock()
    private var stores: [PostgresStorage] = []

    func add(_ store: PostgresStorage) { lock.withLock { stores.append(store) } }
    var all: [PostgresStorage] { lock.withLock { stores } }
}
