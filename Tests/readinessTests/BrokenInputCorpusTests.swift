import Foundation
import ReadinessTestSupport
import Testing

/// The broken-input corpus (`Fixtures/broken-input`, described in its README): every kind of
/// file, broken every way a stranger's file can be, gives its exact message and exit status.
struct BrokenInputCorpusTests {
    static let corpus = CorpusCase.corpus

    /// The case folders, by name.
    static let cases = CorpusCase.names

    /// The corpus holds every kind of file, broken in each of the ways the issue lists.
    @Test func corpusIsComplete() {
        #expect(Self.cases.count >= 100)
        for kind in ["profile", "ruleset", "tailoring", "testfile"] {
            for problem in [
                "yaml-syntax", "invalid-utf8", "nul-byte", "bom", "crlf", "empty", "folder",
                "fifo", "symlink-loop", "alias-bomb", "deep-nesting", "large-50mb",
                "wrong-type", "misspelt-key", "duplicate-key",
            ] {
                #expect(Self.cases.contains("\(kind)-\(problem)"), "no case \(kind)-\(problem)")
            }
        }
    }

    @Test(arguments: cases)
    func brokenInput(_ name: String) throws {
        let brokenCase = try CorpusCase(name: name)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent(
            "readiness-corpus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try brokenCase.generate(work: work.path)
        let result = try CommandRunner.run(brokenCase.arguments(work: work.path))
        let stderr = result.stderr.replacingOccurrences(of: work.path, with: "{work}")
        let stdout = result.stdout.replacingOccurrences(of: work.path, with: "{work}")
        let expectedPath = "\(Self.corpus)/\(name)/stderr.txt"
        let expectedOutPath = "\(Self.corpus)/\(name)/stdout.txt"
        if Golden.isRecording {
            try stderr.write(
                to: Paths.repositoryRoot.appendingPathComponent(expectedPath), atomically: true,
                encoding: .utf8)
            try stdout.write(
                to: Paths.repositoryRoot.appendingPathComponent(expectedOutPath),
                atomically: true, encoding: .utf8)
            try "\(brokenCase.header)exit: \(result.status)\n".write(
                to: Paths.repositoryRoot.appendingPathComponent("\(Self.corpus)/\(name)/case.txt"),
                atomically: true, encoding: .utf8)
            Issue.record("recorded \(name); run the tests again without RECORD_GOLDEN")
            return
        }
        let expected = try String(
            contentsOf: Paths.repositoryRoot.appendingPathComponent(expectedPath), encoding: .utf8)
        #expect(result.status == brokenCase.exit, "\(name): exit status")
        #expect(stderr == expected, "\(name): standard error")
        // A rejected input produces no report (only `check`'s and `test`'s tallies); the
        // accepted ones (a BOM, CRLF) produce the report a clean file would.
        let expectedOut = try String(
            contentsOf: Paths.repositoryRoot.appendingPathComponent(expectedOutPath),
            encoding: .utf8)
        #expect(stdout == expectedOut, "\(name): standard output")
    }
}
