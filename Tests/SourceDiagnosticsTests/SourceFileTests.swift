import SourceDiagnostics
import Testing

/// Line tables and positions.
struct SourceFileTests {
    /// Lines split at every break libyaml knows, without the breaks themselves.
    @Test func linesAndBreaks() {
        let file = SourceFile(path: "f", text: "one\r\ntwo\rthree\nfour\u{2028}five\n")
        #expect(file.lineCount == 5)
        #expect(file.line(1) == "one")
        #expect(file.line(2) == "two")
        #expect(file.line(3) == "three")
        #expect(file.line(4) == "four")
        #expect(file.line(5) == "five")
        #expect(file.line(6) == nil)
        #expect(file.line(0) == nil)
    }

    /// An empty file has one empty line; a final break does not add another.
    @Test func emptyAndFinalBreak() {
        #expect(SourceFile(path: "f", text: "").lineCount == 1)
        #expect(SourceFile(path: "f", text: "a\n").lineCount == 1)
        #expect(SourceFile(path: "f", text: "a\n\n").lineCount == 2)
    }

    /// UTF-8 offsets map to 1-based lines and columns in Unicode scalars.
    @Test func offsetsToLocations() {
        let file = SourceFile(path: "f", text: "ab\nçé x\n")
        #expect(file.location(ofUTF8Offset: 0) == SourceLocation(file: "f", line: 1, column: 1))
        #expect(file.location(ofUTF8Offset: 3) == SourceLocation(file: "f", line: 2, column: 1))
        #expect(file.location(ofUTF8Offset: 8) == SourceLocation(file: "f", line: 2, column: 4))
    }

    /// A byte-order mark is dropped from the text.
    @Test func byteOrderMark() throws {
        let file = try SourceFile(path: "f", bytes: [0xEF, 0xBB, 0xBF, 0x61])
        #expect(file.text == "a")
        #expect(file.hadByteOrderMark)
    }
}
