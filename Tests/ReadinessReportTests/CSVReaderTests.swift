import ReadinessReport
import Testing

/// CSV read back as the renderer writes it and spreadsheets save it.
struct CSVReaderTests {
    @Test func readsWhatTheRendererWrites() throws {
        let fields = ["plain", "a, comma", "a \"quote\"", "two\r\nlines", "=SUM(A1)", "-3", ""]
        let text = CSVRenderer.row(fields) + CSVRenderer.row(["x"])
        let rows = try CSVReader.rows(text)
        #expect(rows.map(\.fields) == [fields, ["x"]])
        #expect(rows.map(\.line) == [1, 3])
    }

    @Test func spreadsheetsLineEndsAndByteOrderMarks() throws {
        let rows = try CSVReader.rows("\u{FEFF}a,b\n\nc,\"d\"\n")
        #expect(rows.map(\.fields) == [["a", "b"], ["c", "d"]])
        #expect(rows.map(\.line) == [1, 3])
    }

    @Test func anUnclosedQuoteNamesItsLine() {
        #expect(throws: CSVReader.Unterminated(line: 2)) {
            try CSVReader.rows("a,b\nc,\"d\n\ne")
        }
    }
}
