import Foundation
import ReadinessTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The broken-input corpus (`Fixtures/broken-input`, described in its README): every kind of
/// file, broken every way a stranger's file can be, gives its exact message and exit status.
struct BrokenInputCorpusTests {
    static let corpus = "Tests/readinessTests/Fixtures/broken-input"

    /// The case folders, by name.
    static let cases: [String] = {
        let folder = Paths.repositoryRoot.appendingPathComponent(corpus).path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix("_") && !$0.hasSuffix(".md") }.sorted()
    }()

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
        let brokenCase = try CorpusCase(name: name, corpus: Self.corpus)
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

/// One case of the corpus: its `case.txt` read.
struct CorpusCase {
    let folder: String
    let corpus: String
    var generators: [[String]] = []
    var run: [String] = []
    var exit: Int32 = -1
    /// The `generate:` and `run:` lines, as written.
    var header = ""

    init(name: String, corpus: String) throws {
        self.corpus = corpus
        folder = "\(corpus)/\(name)"
        let text = try String(
            contentsOf: Paths.repositoryRoot.appendingPathComponent("\(folder)/case.txt"),
            encoding: .utf8)
        for line in text.split(separator: "\n") {
            let (key, value) = (
                line.prefix { $0 != ":" },
                line.drop { $0 != ":" }.dropFirst().trimmingCharacters(in: .whitespaces)
            )
            let words = value.split(separator: " ").map(String.init)
            switch key {
            case "generate":
                generators.append(words)
                header += line + "\n"
            case "run":
                run = words
                header += line + "\n"
            case "exit": exit = Int32(value) ?? -1
            default: throw CorpusError("\(folder)/case.txt: unknown line `\(line)`")
            }
        }
    }

    private func expand(_ word: String, work: String) -> String {
        word.replacingOccurrences(of: "{case}", with: folder)
            .replacingOccurrences(of: "{corpus}", with: corpus)
            .replacingOccurrences(of: "{work}", with: work)
    }

    func arguments(work: String) -> [String] { run.map { expand($0, work: work) } }

    /// Prepares the inputs git cannot hold: pipes, link loops, empty folders, huge files.
    func generate(work: String) throws {
        let files = FileManager.default
        let root = Paths.repositoryRoot
        func absolute(_ word: String) -> String {
            let path = expand(word, work: work)
            return path.hasPrefix("/") ? path : root.appendingPathComponent(path).path
        }
        for generator in generators {
            let arguments = generator.dropFirst().map(absolute)
            switch (generator.first, arguments.count) {
            case ("copy", 2):
                if files.fileExists(atPath: arguments[1]) {
                    try files.removeItem(atPath: arguments[1])
                }
                try files.copyItem(atPath: arguments[0], toPath: arguments[1])
            case ("remove", 1): try? files.removeItem(atPath: arguments[0])
            case ("folder", 1):
                try files.createDirectory(atPath: arguments[0], withIntermediateDirectories: true)
            case ("fifo", 1):
                guard mkfifo(arguments[0], 0o644) == 0 else {
                    throw CorpusError("mkfifo \(arguments[0]) failed")
                }
            case ("loop", 1):
                try files.createSymbolicLink(
                    atPath: arguments[0], withDestinationPath: arguments[0])
            case ("large", 2):
                guard let bytes = Int(generator[2]) else { throw CorpusError("bad size") }
                // A valid YAML comment repeated: large, not malformed.
                let line = Data("# padding padding padding padding padding padding padding\n".utf8)
                var block = Data()
                while block.count < 1 << 20 { block.append(line) }
                guard files.createFile(atPath: arguments[0], contents: nil) else {
                    throw CorpusError("cannot create \(arguments[0])")
                }
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: arguments[0]))
                var written = 0
                while written < bytes {
                    let chunk = block.prefix(bytes - written)
                    try handle.write(contentsOf: chunk)
                    written += chunk.count
                }
                try handle.close()
            default: throw CorpusError("\(folder)/case.txt: unknown generator \(generator)")
            }
        }
    }
}

struct CorpusError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
