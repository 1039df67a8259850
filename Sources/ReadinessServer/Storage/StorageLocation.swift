import Foundation
import Logging

/// Which database the application keeps its data in: an SQLite file (the default, one
/// instance) or a PostgreSQL database (several instances).
package enum StorageLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// Where it is, for a message: the file's path, or the URL without its password.
    package var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let location): location.redacted
        }
    }

    /// What to check when it cannot be opened.
    package var help: String {
        switch self {
        case .sqlite:
            "check that the file's folder exists and can be written, and that the file is a readiness database"
        case .postgres:
            "check that PostgreSQL runs at that host and port and that the URL's user, password (or PGPASSWORD) and database are right"
        }
    }

    /// Opens the store (creating and migrating it when needed).
    package func open(logger: Logger = Logger(label: "readiness.storage")) async throws
        -> OpenedStorage
    {
        switch self {
        case .sqlite(let path):
            return OpenedStorage(storage: try SQLiteStorage(path: path), close: {})
        case .postgres(let location):
            let storage = try await PostgresStorage.open(location, logger: logger)
            return OpenedStorage(storage: storage, close: { await storage.close() })
        }
    }

    /// Why a store could not be opened, in words for a person: PostgreSQL's own message
    /// when it sent one.
    package static func words(for error: any Error) -> String {
        if let message = PostgresBackend.message(error) { return message }
        if let problem = error as? StorageError, case .conflict(let words) = problem {
            return words
        }
        return "\(error)"
    }
}

/// A store opened, and how to close it when done.
package struct OpenedStorage: Sendable {
    package let storage: any Storage
    package let close: @Sendable () async -> Void
}
