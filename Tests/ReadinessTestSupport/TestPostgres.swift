import Foundation

/// The PostgreSQL server the tests may use, named by `READINESS_TEST_POSTGRES_URL`
/// (`Scripts/postgres.sh start FOLDER` makes one; CI does): each test makes a database of its
/// own there and drops it after.
public enum TestPostgres {
    /// The server's URL, or `nil` when none was given.
    public static let url = ProcessInfo.processInfo.environment["READINESS_TEST_POSTGRES_URL"]

    /// A new, empty database on the test server: its URL.
    public static func freshDatabase() throws -> String {
        guard let url else { throw Problem("READINESS_TEST_POSTGRES_URL is not set") }
        let name =
            "readiness_test_"
            + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try psql(url, "CREATE DATABASE \(name)")
        return replacingDatabase(of: url, with: name)
    }

    /// Drops a database `freshDatabase()` made.
    public static func drop(_ databaseURL: String) {
        guard let url, let name = URLComponents(string: databaseURL)?.path.dropFirst() else {
            return
        }
        try? psql(url, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    static func replacingDatabase(of url: String, with name: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + name
        return components.string ?? url
    }

    /// Runs one statement with `psql` (outside a transaction, as CREATE DATABASE must be).
    public static func psql(_ url: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(
            decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Problem("psql: \(sql): \(message)") }
    }

    public struct Problem: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }
}
