import Dispatch
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// PostgreSQL through postgres-nio's connection pool: several server instances share one
/// database. Writes run `SERIALIZABLE` (those that only add rows `READ COMMITTED`) and are run
/// again from the start when PostgreSQL says they collided with another's (SQLSTATE 40001,
/// 40P01), so a draft's revision check holds across instances as it does within one.
///
/// The storage's transactions are synchronous code (GRDB's shape); here each runs on a thread
/// of the backend's own pool, never one of Swift's cooperative threads, and waits there for
/// each statement.
package final class PostgresBackend: SQLBackend {
    let client: PostgresClient
    let threads: NIOThreadPool
    let logger: Logger
    private let running: Task<Void, Never>

    /// How many transactions run at once by default (connections, and the threads that wait
    /// on them).
    package static let defaultConnections = 12

    /// How many times a write that collided with another is run again before giving up.
    static let attempts = 10

    /// Connects (checking first, with one connection of its own, that the server answers:
    /// the pool would keep trying for a minute) without migrating.
    package init(
        location: PostgresLocation, connections: Int = defaultConnections,
        logger: Logger = Logger(label: "readiness.postgres")
    ) async throws {
        let tls = Self.tls(location.tls)
        try await Self.probe(location, tls: tls, logger: logger)
        var configuration: PostgresClient.Configuration
        if let socket = location.socketPath {
            configuration = .init(
                unixSocketPath: socket, username: location.user, password: location.password,
                database: location.database)
        } else {
            configuration = .init(
                host: location.host, port: location.port, username: location.user,
                password: location.password, database: location.database,
                tls: tls.map { location.tls == .prefer ? .prefer($0) : .require($0) } ?? .disable)
        }
        configuration.options.maximumConnections = connections
        configuration.options.additionalStartupParameters = [("application_name", "readiness")]
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        // The pool warns of a lease before it runs: wait for the task to start it.
        let started = NIOLockedValueBox(false)
        running = Task {
            started.withLockedValue { $0 = true }
            await client.run()
        }
        while !started.withLockedValue({ $0 }) { await Task.yield() }
        await Task.yield()
        threads = NIOThreadPool(numberOfThreads: connections)
        threads.start()
    }

    /// Connects once and asks `SELECT 1`: a server not there, a wrong password or a missing
    /// database is told at once, in PostgreSQL's words.
    private static func probe(
        _ location: PostgresLocation, tls: TLSConfiguration?, logger: Logger
    ) async throws {
        var configuration: PostgresConnection.Configuration
        if let socket = location.socketPath {
            configuration = .init(
                unixSocketPath: socket, username: location.user, password: location.password,
                database: location.database)
        } else {
            configuration = .init(
                host: location.host, port: location.port, username: location.user,
                password: location.password, database: location.database,
                tls: try tls.map {
                    let context = try NIOSSLContext(configuration: $0)
                    return location.tls == .prefer ? .prefer(context) : .require(context)
                } ?? .disable)
        }
        configuration.options.connectTimeout = .seconds(10)
        let connection = try await PostgresConnection.connect(
            configuration: configuration, id: 0, logger: logger)
        do {
            try await connection.query("SELECT 1", logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    /// The TLS settings of an `sslmode` (none when disabled).
    private static func tls(_ mode: PostgresLocation.TLSMode) -> TLSConfiguration? {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable: return nil
        // As libpq: encrypted, but the certificate is not checked.
        case .prefer, .require: tls.certificateVerification = .none
        case .verifyFull: break
        }
        return tls
    }

    /// Closes the connections and stops the threads.
    package func shutdown() async {
        running.cancel()
        _ = await running.result
        try? await threads.shutdownGracefully()
    }

    package func read<T: Sendable>(_ body: @escaping @Sendable (Transaction) throws -> T)
        async throws -> T
    {
        try await transaction("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", body)
    }

    package func write<T: Sendable>(_ body: @escaping @Sendable (Transaction) throws -> T)
        async throws -> T
    {
        try await retrying("BEGIN ISOLATION LEVEL SERIALIZABLE", body)
    }

    /// READ COMMITTED: SERIALIZABLE's predicate locks on the index pages that concurrent
    /// inserts (and their foreign-key checks) touch made one submission in eight collide at
    /// two instances, for nothing.
    package func append<T: Sendable>(_ body: @escaping @Sendable (Transaction) throws -> T)
        async throws -> T
    {
        try await retrying("BEGIN ISOLATION LEVEL READ COMMITTED", body)
    }

    /// Runs `body` in a transaction, again when PostgreSQL refused it for colliding.
    private func retrying<T: Sendable>(
        _ begin: String, _ body: @escaping @Sendable (Transaction) throws -> T
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await transaction(begin, body)
            } catch let error as PSQLError where Self.collided(error) && attempt < Self.attempts {
                attempt += 1
                // Apart at random, a little longer each time, so the two do not meet again.
                let most = 2 << min(attempt, 8)
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...most)))
            }
        }
    }

    /// Runs `body` in a transaction that `begin` opens: committed when it returns, rolled
    /// back when it throws.
    func transaction<T: Sendable>(
        _ begin: String, _ body: @escaping @Sendable (Transaction) throws -> T
    ) async throws -> T {
        let logger = logger
        return try await client.withConnection { connection in
            try await self.threads.runIfActive {
                let transaction = Transaction(connection: connection, logger: logger)
                try transaction.execute(begin)
                do {
                    let value = try body(transaction)
                    try transaction.execute("COMMIT")
                    return value
                } catch {
                    try? transaction.execute("ROLLBACK")
                    throw error
                }
            }
        }
    }

    /// Whether PostgreSQL refused a transaction for colliding with another (a serialization
    /// failure or a deadlock): run again, it will see the other's work.
    static func collided(_ error: PSQLError) -> Bool {
        let state = error.serverInfo?[.sqlState]
        return state == "40001" || state == "40P01"
    }

    /// PostgreSQL's words for an error it sent, or the connection's failure (postgres-nio's
    /// description hides both).
    package static func message(_ error: any Error) -> String? {
        guard let error = error as? PSQLError else { return nil }
        if let info = error.serverInfo, let message = info[.message] {
            return [message, info[.detail], info[.hint]].compactMap { $0 }.joined(separator: "; ")
        }
        if let underlying = error.underlying {
            return "could not connect: \(underlying)"
        }
        return "PostgreSQL: \(error.code)"
    }

    /// One connection inside one transaction.
    package struct Transaction: SQLTransaction {
        let connection: PostgresConnection
        let logger: Logger

        package var dialect: SQLDialect { .postgres }

        package func rows(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow] {
            var bindings = PostgresBindings(capacity: arguments.count)
            for argument in arguments {
                switch argument.sqlValue {
                case .null: bindings.appendNull()
                case .integer(let integer): bindings.append(integer)
                case .real(let real): bindings.append(real)
                case .text(let text): bindings.append(text)
                case .blob(let bytes): bindings.append(ByteBuffer(bytes: bytes))
                }
            }
            let query = PostgresQuery(unsafeSQL: Self.numbered(sql), binds: bindings)
            let connection = connection
            let logger = logger
            return try Self.wait {
                var columns: SQLColumns?
                var rows: [SQLRow] = []
                for try await row in try await connection.query(query, logger: logger) {
                    let names = columns ?? SQLColumns(row.map(\.columnName))
                    columns = names
                    rows.append(SQLRow(columns: names, values: try row.map(Self.value)))
                }
                return rows
            }
        }

        package func insert(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int64 {
            guard let id = try value(as: Int64.self, sql + " RETURNING id", arguments) else {
                throw SQLError.unanswered(sql)
            }
            return id
        }

        /// The statement with PostgreSQL's argument marks: `?` becomes `$1`, `$2`, … in order,
        /// `?N` becomes `$N`; marks inside quotes are left alone.
        static func numbered(_ sql: String) -> String {
            var result = ""
            result.reserveCapacity(sql.utf8.count + 16)
            var next = 1
            var quote: Character?
            var characters = sql.makeIterator()
            var pending = characters.next()
            while let character = pending {
                pending = characters.next()
                if let open = quote {
                    if character == open { quote = nil }
                    result.append(character)
                } else if character == "'" || character == "\"" {
                    quote = character
                    result.append(character)
                } else if character == "?" {
                    var digits = ""
                    while let digit = pending, digit.isASCII, digit.isNumber {
                        digits.append(digit)
                        pending = characters.next()
                    }
                    if digits.isEmpty {
                        result += "$\(next)"
                        next += 1
                    } else {
                        result += "$" + digits
                    }
                } else {
                    result.append(character)
                }
            }
            return result
        }

        static func value(_ cell: PostgresCell) throws -> SQLValue {
            guard let bytes = cell.bytes else { return .null }
            switch cell.dataType {
            case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
            case .float4, .float8: return .real(try cell.decode(Double.self))
            case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
            case .bytea: return .blob(Array(buffer: bytes))
            default: return .text(try cell.decode(String.self))
            }
        }

        /// Waits on this thread for work done elsewhere: safe because the backend's threads
        /// are its own, so the work never needs the thread it blocks.
        static func wait<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws
            -> T
        {
            let outcome = NIOLockedValueBox<Result<T, any Error>?>(nil)
            let done = DispatchSemaphore(value: 0)
            Task {
                let result: Result<T, any Error>
                do { result = .success(try await work()) } catch { result = .failure(error) }
                outcome.withLockedValue { $0 = result }
                done.signal()
            }
            done.wait()
            // The task set it before it signalled.
            guard let result = outcome.withLockedValue({ $0 }) else {
                throw SQLError.unanswered("a statement")
            }
            return try result.get()
        }
    }
}
