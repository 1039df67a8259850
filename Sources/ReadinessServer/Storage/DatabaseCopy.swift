import Foundation

/// Moves an SQLite deployment to PostgreSQL: every table, row for row with its ids, in one
/// PostgreSQL transaction that is committed only when the copy checks out — each table's
/// count, and every stored assessment read back equal to the original.
package enum DatabaseCopy {
    /// What was copied: each table's rows, in the order copied.
    package struct Report: Sendable {
        package var rows: [(table: String, count: Int)]
        /// The assessments read back from PostgreSQL and found equal to SQLite's.
        package var assessmentsVerified: Int
    }

    /// Why a copy was refused, in words that say what to do.
    package struct Refusal: Error, Equatable, CustomStringConvertible {
        package let description: String
    }

    /// Copies the SQLite file at `source` into the (empty) PostgreSQL database at `target`.
    /// Nothing is written to PostgreSQL unless all of it is; the SQLite file is only read
    /// (after being brought to the latest schema, as `serve` would).
    package static func copy(from source: String, to target: PostgresLocation) async throws
        -> Report
    {
        guard FileManager.default.fileExists(atPath: source) else {
            throw Refusal(description: "there is no SQLite database at \(source)")
        }
        let sqlite = try SQLiteStorage(path: source)
        // One read: a consistent picture even if a server still writes to the file.
        let tables = try await sqlite.backend.read { transaction in
            try PostgresSchema.tables.map { table in
                (table, try transaction.rows("SELECT * FROM \"\(table)\""))
            }
        }
        let assessments = try await sqlite.assessments(organisationIDs: nil)
        let postgres = try await PostgresStorage.open(target)
        do {
            let report = try await postgres.backend.write { transaction in
                try fill(transaction, tables: tables, assessments: assessments)
            }
            await postgres.close()
            return report
        } catch {
            await postgres.close()
            throw error
        }
    }

    private static func fill(
        _ transaction: PostgresBackend.Transaction, tables: [(String, [SQLRow])],
        assessments: [StoredAssessment]
    ) throws -> Report {
        for table in PostgresSchema.tables {
            let count = try transaction.value(as: Int64.self, "SELECT count(*) FROM \"\(table)\"")
            if let count, count > 0 {
                throw Refusal(
                    description:
                        "the PostgreSQL database has data already (\(table): \(count) row\(count == 1 ? "" : "s")): copy into a new, empty database"
                )
            }
        }
        var report = Report(rows: [], assessmentsVerified: 0)
        for (table, rows) in tables {
            for row in rows {
                let columns = row.columns.names.map { "\"\($0)\"" }.joined(separator: ", ")
                let marks = Array(repeating: "?", count: row.values.count).joined(separator: ", ")
                try transaction.execute(
                    "INSERT INTO \"\(table)\" (\(columns)) VALUES (\(marks))",
                    row.values.map(StoredValue.init))
            }
            if PostgresSchema.numberedTables.contains(table) {
                // The next id PostgreSQL gives is after the last copied.
                try transaction.execute(
                    """
                    SELECT setval(pg_get_serial_sequence('"\(table)"', 'id'),
                        (SELECT coalesce(max(id), 0) + 1 FROM "\(table)"), false)
                    """)
            }
            let copied = try transaction.value(as: Int64.self, "SELECT count(*) FROM \"\(table)\"")
            guard copied == Int64(rows.count) else {
                throw Refusal(
                    description:
                        "\(table): \(rows.count) rows in SQLite but \(copied ?? 0) in PostgreSQL; nothing was copied"
                )
            }
            report.rows.append((table, rows.count))
        }
        let readBack = try transaction.rows("SELECT * FROM assessment ORDER BY id DESC").map(
            PostgresStorage.assessment)
        for (original, copy) in zip(assessments, readBack) where original != copy {
            throw Refusal(
                description:
                    "assessment \(original.id) reads back differently from PostgreSQL; nothing was copied"
            )
        }
        guard readBack.count == assessments.count else {
            throw Refusal(
                description:
                    "\(assessments.count) assessments in SQLite but \(readBack.count) read back; nothing was copied"
            )
        }
        report.assessmentsVerified = readBack.count
        return report
    }

    /// A value read from one database, given to the other as it is.
    private struct StoredValue: SQLBindable {
        let sqlValue: SQLValue
        init(_ value: SQLValue) { sqlValue = value }
    }
}
