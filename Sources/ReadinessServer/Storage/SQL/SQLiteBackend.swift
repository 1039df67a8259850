import Foundation
import GRDB

/// SQLite through GRDB: one file in WAL mode, a `DatabasePool` (many readers, one writer).
package struct SQLiteBackend: SQLBackend {
    let pool: DatabasePool

    package init(pool: DatabasePool) {
        self.pool = pool
    }

    package func read<T: Sendable>(_ body: @escaping @Sendable (Transaction) throws -> T)
        async throws -> T
    {
        try await pool.read { db in try body(Transaction(db: db)) }
    }

    package func write<T: Sendable>(_ body: @escaping @Sendable (Transaction) throws -> T)
        async throws -> T
    {
        try await pool.write { db in try body(Transaction(db: db)) }
    }

    /// SQLite has one writer at a time: every write is isolated.
    package func append<T: Sendable>(_ body: @escaping @Sendable (Transaction) throws -> T)
        async throws -> T
    {
        try await write(body)
    }

    /// GRDB's connection inside one of its transactions.
    package struct Transaction: SQLTransaction {
        let db: Database

        package var dialect: SQLDialect { .sqlite }

        package func rows(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow] {
            // Statements are prepared once a connection: the SQL is the code's own, a fixed
            // set of texts.
            let statement = try db.cachedStatement(sql: sql)
            let values = StatementArguments(arguments.map { Self.databaseValue($0.sqlValue) })
            guard statement.columnCount > 0 else {
                try statement.execute(arguments: values)
                return []
            }
            let cursor = try Row.fetchCursor(statement, arguments: values)
            let columns = SQLColumns(statement.columnNames)
            var rows: [SQLRow] = []
            while let row = try cursor.next() {
                rows.append(
                    SQLRow(
                        columns: columns,
                        values: (0..<row.count).map { Self.value(row[$0] as DatabaseValue) }))
            }
            return rows
        }

        package func insert(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int64 {
            try db.cachedStatement(sql: sql).execute(
                arguments: StatementArguments(arguments.map { Self.databaseValue($0.sqlValue) }))
            return db.lastInsertedRowID
        }

        static func databaseValue(_ value: SQLValue) -> DatabaseValue {
            switch value {
            case .null: .null
            case .integer(let integer): integer.databaseValue
            case .real(let real): real.databaseValue
            case .text(let text): text.databaseValue
            case .blob(let bytes): Data(bytes).databaseValue
            }
        }

        static func value(_ value: DatabaseValue) -> SQLValue {
            switch value.storage {
            case .null: .null
            case .int64(let integer): .integer(integer)
            case .double(let real): .real(real)
            case .string(let text): .text(text)
            case .blob(let data): .blob(Array(data))
            }
        }
    }
}
