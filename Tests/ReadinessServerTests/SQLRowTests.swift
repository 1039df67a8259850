import Testing

@testable import ReadinessServer

/// A row read as the code expects, or a clear error when the schema and the code disagree.
struct SQLRowTests {
    let row = SQLRow(
        columns: SQLColumns(["id", "name", "score", "note", "blob"]),
        values: [.integer(7), .text("Harbour"), .integer(3), .null, .blob([0, 1])])

    @Test func readsEachKind() throws {
        #expect(try row["id"] as Int64 == 7)
        #expect(try row["id"] as Int == 7)
        #expect(try row["name"] as String == "Harbour")
        // SQLite gives a whole REAL back as an integer.
        #expect(try row["score"] as Double == 3)
        #expect(try row["note"] as String? == nil)
        #expect(try row["id"] as Bool == true)
        #expect(try row["blob"] as [UInt8] == [0, 1])
    }

    @Test func aMissingColumnOrAnotherKindIsAnError() {
        #expect(throws: SQLError.column("nope", "there is no such column")) {
            _ = try row["nope"] as Int64
        }
        #expect(throws: SQLError.column("name", "it holds text, not Int64")) {
            _ = try row["name"] as Int64
        }
        #expect(throws: SQLError.column("note", "it holds null, not String")) {
            _ = try row["note"] as String
        }
        #expect(SQLError.column("a", "b").description == "column a: b")
        #expect(SQLError.unanswered("SELECT 1").description == "no answer to SELECT 1")
    }

    @Test func valuesBindAsTheyAre() {
        let values: [any SQLBindable] = [Int64(1), 2, 2.5, "x", true, [UInt8]([9]), Int64?.none]
        #expect(
            values.map(\.sqlValue) == [
                .integer(1), .integer(2), .real(2.5), .text("x"), .integer(1), .blob([9]), .null,
            ])
        #expect(SQLDialect.jsonList([Int64(3), 1]) == "[3,1]")
    }
}
