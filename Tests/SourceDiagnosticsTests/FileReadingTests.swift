import Foundation
import SourceDiagnostics
import Testing

/// Reading a file's bytes: exactly what is there, whether or not `fstat` knew its size, and
/// never more than the cap.
struct FileReadingTests {
    private func temporaryFile(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "readiness-read-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        return url
    }

    @Test(arguments: [0, 1, 4095, 4096, 70_000])
    func exactBytes(count: Int) throws {
        let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let url = try temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try SourceFile.readBytes(path: url.path) == bytes)
    }

    /// A file `fstat` gives no size for (as Linux does for /proc) is read to its end.
    @Test func fileLongerThanItsSize() throws {
        let path = "/proc/version"
        guard let expected = FileManager.default.contents(atPath: path), !expected.isEmpty else {
            return  // Not Linux: nothing to read past its size.
        }
        #expect(try SourceFile.readBytes(path: path) == [UInt8](expected))
        // Over the cap while being read: refused as too large, not cut short.
        #expect(throws: DiagnosticError.self) {
            try SourceFile.readBytes(path: path, maxBytes: expected.count - 1)
        }
        #expect(
            try SourceFile.readBytes(path: path, maxBytes: expected.count).count == expected.count)
    }

    @Test func overTheCapBySize() throws {
        let url = try temporaryFile([UInt8](repeating: 0x61, count: 100))
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try SourceFile.readBytes(path: url.path, maxBytes: 99)
            Issue.record("a file over the cap was read")
        } catch {
            #expect(error.first.code == "file.too-large")
        }
        #expect(try SourceFile.readBytes(path: url.path, maxBytes: 100).count == 100)
    }
}
