import Foundation
import ReadinessTestSupport
import SourceDiagnostics
import Testing
import YAMLNode

#if canImport(Glibc)
    import Glibc
#endif

/// Broken input: syntax errors with hints, encodings, line ends, and files on disk.
struct InputErrorTests {
    /// A tab used for indentation gets libyaml's message and a plain hint.
    @Test func tabIndentation() {
        #expect(
            renderedErrors("org:\n\tname: x\n") == """
                t.yaml:2:1: error[yaml.syntax]: found character that cannot start any token while scanning for the next token
                    2 | \tname: x
                      | ^
                  = help: YAML does not allow tabs for indentation: indent with spaces instead

                """)
    }

    /// An unclosed quote points at the end and notes where the quote opened.
    @Test func unclosedQuote() {
        #expect(
            renderedErrors("title: \"Peer work\nnext: 1\n") == """
                t.yaml:3:1: error[yaml.syntax]: found unexpected end of stream while scanning a quoted scalar
                  = note: t.yaml:1:8: the quoted text starts here
                  = help: a quoted text is opened but never closed: add the matching closing quote

                """)
    }

    /// A value containing ': ' gets a hint to quote it.
    @Test func colonInPlainValue() {
        #expect(
            renderedErrors("title: Note: peer work\n") == """
                t.yaml:1:12: error[yaml.syntax]: mapping values are not allowed in this context
                    1 | title: Note: peer work
                      |            ^
                  = help: a value that contains ': ' must be put in quotes; otherwise check this line's indentation against the lines above

                """)
    }

    /// A key indented out of line with its siblings gets an indentation hint.
    @Test func badIndentation() {
        let rendered = renderedErrors("a:\n  b: 1\n c: 2\n")
        #expect(
            rendered.hasPrefix(
                "t.yaml:3:2: error[yaml.syntax]: did not find expected key while parsing a block mapping"
            ))
        #expect(rendered.contains("= help: this line's indentation does not match"))
    }

    /// A NUL byte is refused with its position.
    @Test func nulByte() {
        #expect(
            renderedErrors("a: 1\nb: x\u{0}y\n") == """
                t.yaml:2:5: error[yaml.syntax]: control characters are not allowed (found U+0000)
                    2 | b: x␀y
                      |     ^
                  = help: remove the control character (a NUL or similar byte): YAML files must be plain text

                """)
    }

    /// A byte-order mark is accepted and does not shift columns.
    @Test func byteOrderMark() throws {
        let file = try SourceFile(
            path: "bom.yaml", bytes: [0xEF, 0xBB, 0xBF] + Array("a: 1\nb: 2\n".utf8))
        #expect(file.hadByteOrderMark)
        let root = try YAMLLoader().loadDocument(file)
        #expect(root["a"]?.scalar?.value == .int(1))
        #expect(
            root.mapping?.first?.key.location
                == SourceLocation(file: "bom.yaml", line: 1, column: 1))
    }

    /// CRLF line ends are accepted and lines are counted as editors count them.
    @Test func crlfLineEnds() throws {
        let root = try load("a: 1\r\nb:\r\n  - x\r\n  - \"y\"\r\n")
        #expect(
            root["b"]?.sequence?[1].location == SourceLocation(file: "t.yaml", line: 4, column: 5))
        #expect(root["b"]?.sequence?[1].scalar?.value == .string("y"))
        #expect(renderedErrors("a: 1\r\na: 2\r\n").contains("    2 | a: 2\n"))
    }

    /// Invalid UTF-8 is an error at the first bad byte's line and column.
    @Test func invalidUTF8() {
        let bytes: [UInt8] = Array("name: ok\nnote: caf".utf8) + [0xE9] + Array("\n".utf8)
        #expect(throws: DiagnosticError.self) { try SourceFile(path: "latin1.yaml", bytes: bytes) }
        do {
            _ = try SourceFile(path: "latin1.yaml", bytes: bytes)
        } catch {
            #expect(
                error.description
                    == "latin1.yaml:2:10: error[file.invalid-utf8]: invalid UTF-8: byte 0xE9 at byte offset 18 is not valid UTF-8 text"
            )
            #expect(error.first.help?.contains("save the file as UTF-8") == true)
        }
    }

    /// UTF-16 text is recognised and the hint says so.
    @Test func utf16Hint() {
        let bytes: [UInt8] = [0xFF, 0xFE, 0x61, 0x00, 0x3A, 0x00]
        do {
            _ = try SourceFile(path: "u16.yaml", bytes: bytes)
            Issue.record("UTF-16 bytes were accepted")
        } catch {
            #expect(error.first.location == SourceLocation(file: "u16.yaml", line: 1, column: 1))
            #expect(error.first.help == "the file looks like UTF-16; save it as UTF-8")
        }
    }

    /// Files that are missing, folders, too large or unreadable give their own messages.
    @Test func fileProblems() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "readiness-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("missing.yaml").path
        #expect(readError(missing) == "\(missing): error[file.not-found]: no such file")
        #expect(
            readError(folder.path)
                == "\(folder.path): error[file.is-directory]: this is a folder, but a file is expected here"
        )
        let big = folder.appendingPathComponent("big.yaml")
        try Data(repeating: 0x61, count: 2_000).write(to: big)
        #expect(
            readError(big.path, maxBytes: 1_000)
                == "\(big.path): error[file.too-large]: the file is larger than the limit of 1000 bytes"
        )
        // A pipe would block the read for ever; a link loop never resolves.
        let pipe = folder.appendingPathComponent("pipe.yaml").path
        #expect(mkfifo(pipe, 0o644) == 0)
        #expect(
            readError(pipe)
                == "\(pipe): error[file.unreadable]: the file cannot be read (it is a pipe, socket or device, not a regular file)"
        )
        let loop = folder.appendingPathComponent("loop.yaml").path
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
        #expect(
            readError(loop)
                == "\(loop): error[file.unreadable]: the file cannot be read (a loop of symbolic links)"
        )
        // A 50 MB file is refused from its size, before it is read.
        let huge = folder.appendingPathComponent("huge.yaml").path
        #expect(FileManager.default.createFile(atPath: huge, contents: nil))
        #expect(truncate(huge, 50_000_000) == 0)
        #expect(readError(huge).hasSuffix("larger than the limit of 16777216 bytes"))
        // Permissions only bind other users than root, so this runs only where they bind.
        if geteuid() != 0 {
            let locked = folder.appendingPathComponent("locked.yaml")
            try Data("a: 1\n".utf8).write(to: locked)
            #expect(chmod(locked.path, 0) == 0)
            #expect(
                readError(locked.path)
                    == "\(locked.path): error[file.unreadable]: the file cannot be read (permission denied)"
            )
        }
        // Reading a process's own memory map fails at the read, whoever runs the tests (root
        // reads any file, so permissions alone cannot make a file unreadable in CI).
        #if os(Linux)
            #expect(
                readError("/proc/self/mem").hasPrefix(
                    "/proc/self/mem: error[file.unreadable]: the file cannot be read")
            )
        #endif
    }

    private func readError(_ path: String, maxBytes: Int = SourceFile.defaultMaxBytes) -> String {
        do {
            _ = try SourceFile.read(path: path, maxBytes: maxBytes)
            return ""
        } catch {
            return error.description
        }
    }
}
