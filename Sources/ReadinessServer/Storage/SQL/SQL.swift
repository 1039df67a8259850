import Foundation

/// One value in or out of a database, whichever one: SQLite's storage classes, which
/// PostgreSQL's `bigint`, `double precision`, `text` and `bytea` columns map onto one to one.
package enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// The kind's name, for a message about a value of the wrong kind.
    var kind: String {
        switch self {
        case .null: "null"
        case .integer: "an integer"
        case .real: "a real number"
        case .text: "text"
        case .blob: "bytes"
        }
    }
}

/// A Swift value a statement takes as an argument.
package protocol SQLBindable: Sendable {
    var sqlValue: SQLValue { get }
}

extension Int64: SQLBindable {
    package var sqlValue: SQLValue { .integer(self) }
}

extension Int: SQLBindable {
    package var sqlValue: SQLValue { .integer(Int64(self)) }
}

extension Double: SQLBindable {
    package var sqlValue: SQLValue { .real(self) }
}

extension String: SQLBindable {
    package var sqlValue: SQLValue { .text(self) }
}

/// Stored as 0 and 1, as SQLite does (an integer column in both databases).
extension Bool: SQLBindable {
    package var sqlValue: SQLValue { .integer(self ? 1 : 0) }
}

extension [UInt8]: SQLBindable {
    package var sqlValue: SQLValue { .blob(self) }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    package var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// A Swift value a column reads as.
package protocol SQLDecodable {
    /// The value, or `nil` when the column holds something else.
    static func decode(_ value: SQLValue) -> Self?
}

extension Int64: SQLDecodable {
    package static func decode(_ value: SQLValue) -> Int64? {
        if case .integer(let integer) = value { return integer }
        return nil
    }
}

extension Int: SQLDecodable {
    package static func decode(_ value: SQLValue) -> Int? {
        if case .integer(let integer) = value { return Int(exactly: integer) }
        return nil
    }
}

extension Double: SQLDecodable {
    package static func decode(_ value: SQLValue) -> Double? {
        switch value {
        case .real(let real): real
        // SQLite gives back a whole number stored in a REAL column as written by an older
        // version, or by an aggregate, as an integer.
        case .integer(let integer): Double(integer)
        default: nil
        }
    }
}

extension String: SQLDecodable {
    package static func decode(_ value: SQLValue) -> String? {
        if case .text(let text) = value { return text }
        return nil
    }
}

extension Bool: SQLDecodable {
    package static func decode(_ value: SQLValue) -> Bool? {
        if case .integer(let integer) = value { return integer != 0 }
        return nil
    }
}

extension [UInt8]: SQLDecodable {
    package static func decode(_ value: SQLValue) -> [UInt8]? {
        if case .blob(let bytes) = value { return bytes }
        return nil
    }
}

extension Optional: SQLDecodable where Wrapped: SQLDecodable {
    package static func decode(_ value: SQLValue) -> Wrapped?? {
        if value == .null { return .some(nil) }
        return Wrapped.decode(value).map { .some($0) }
    }
}

/// A row a statement gave back: its values by column name.
package struct SQLRow: Sendable {
    package let columns: SQLColumns
    package let values: [SQLValue]

    package init(columns: SQLColumns, values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The column's value as `T`; ``SQLError/column(_:_:)`` when there is no such column or it
    /// holds another kind of value (a schema the code does not match).
    package subscript<T: SQLDecodable>(_ name: String) -> T {
        get throws {
            guard let index = columns.index(of: name) else {
                throw SQLError.column(name, "there is no such column")
            }
            guard let value = T.decode(values[index]) else {
                throw SQLError.column(name, "it holds \(values[index].kind), not \(T.self)")
            }
            return value
        }
    }
}

/// The names of a result's columns, shared by its rows.
package final class SQLColumns: Sendable {
    package let names: [String]

    package init(_ names: [String]) {
        self.names = names
    }

    func index(of name: String) -> Int? {
        names.firstIndex(of: name)
    }
}

/// What the SQL layer itself refuses.
package enum SQLError: Error, Equatable, CustomStringConvertible {
    /// A column missing from a row, or holding a value of another kind than the code reads.
    case column(String, String)
    /// A statement the database gave no answer to (neither rows nor an error).
    case unanswered(String)

    package var description: String {
        switch self {
        case .column(let name, let problem): "column \(name): \(problem)"
        case .unanswered(let statement): "no answer to \(statement)"
        }
    }
}

/// The SQL one database speaks where the two differ.
package enum SQLDialect: Sendable {
    case sqlite
    case postgres

    /// A condition that `column` is one of the integers in a JSON list given as the
    /// statement's one argument there: one statement however many there are.
    package func inList(_ column: String) -> String {
        switch self {
        case .sqlite: "\(column) IN (SELECT value FROM json_each(?))"
        case .postgres: "\(column) IN (SELECT jsonb_array_elements_text(?::jsonb)::bigint)"
        }
    }

    /// The JSON list a ``inList(_:)`` condition takes.
    package static func jsonList(_ ids: some Collection<Int64>) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }
}

/// The statements of one transaction. Statements write their arguments as `?`; the dialect's
/// own marks are the implementation's business.
package protocol SQLTransaction {
    var dialect: SQLDialect { get }
    /// Runs a statement and gives back the rows it returns (none for most writes).
    func rows(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow]
    /// Runs an `INSERT` into a table whose key is an `id` column and gives back the new id.
    func insert(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int64
}

extension SQLTransaction {
    /// The rows of a statement that takes no argument.
    package func rows(_ sql: String) throws -> [SQLRow] {
        try rows(sql, [])
    }

    /// Runs a statement for its effect.
    package func execute(_ sql: String, _ arguments: [any SQLBindable] = []) throws {
        _ = try rows(sql, arguments)
    }

    /// The first row a statement gives back, if any.
    package func row(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> SQLRow? {
        try rows(sql, arguments).first
    }

    /// Runs an `UPDATE` or `DELETE` and tells how many rows it changed (both databases
    /// return them, so no driver's own count is needed).
    package func change(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> Int {
        try rows(sql + " RETURNING 1", arguments).count
    }

    /// The first column of the first row, or `nil` when there is no row.
    package func value<T: SQLDecodable>(
        as type: T.Type, _ sql: String, _ arguments: [any SQLBindable] = []
    ) throws -> T? {
        try values(as: type, sql, arguments).first
    }

    /// The first column of every row.
    package func values<T: SQLDecodable>(
        as type: T.Type, _ sql: String, _ arguments: [any SQLBindable] = []
    ) throws -> [T] {
        try rows(sql, arguments).map { row in
            guard let name = row.columns.names.first else {
                throw SQLError.unanswered(sql)
            }
            return try row[name] as T
        }
    }
}

/// A database the storage runs its transactions on: a read sees one consistent state, a
/// write is all or nothing (and, where several writers may collide, run again from the start
/// when the database says they did).
package protocol SQLBackend: Sendable {
    associatedtype Transaction: SQLTransaction
    func read<T: Sendable>(_ body: @escaping @Sendable (Transaction) throws -> T) async throws -> T
    /// A write that decides from what it reads (a revision, a status): isolated from every
    /// other as if they ran one after another.
    func write<T: Sendable>(_ body: @escaping @Sendable (Transaction) throws -> T) async throws
        -> T
    /// A write that only adds rows and decides nothing from what it reads (a submission
    /// without a draft, a session, a line of the trail): all or nothing, but it need not be
    /// isolated from other writers, so it is never refused for colliding with them.
    func append<T: Sendable>(_ body: @escaping @Sendable (Transaction) throws -> T) async throws
        -> T
}
