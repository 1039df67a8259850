import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One case of the broken-input corpus (`Tests/readinessTests/Fixtures/broken-input`, described
/// in its README): its `case.txt` read. Shared by the corpus test and `readiness-bench corpus`.
public struct CorpusCase: Sendable {
    /// The corpus folder, relative to the repository.
    public static let corpus = "Tests/readinessTests/Fixtures/broken-input"

    /// The case names, sorted.
    public static var names: [String] {
        let folder = Paths.repositoryRoot.appendingPathComponent(corpus).path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix("_") && !$0.hasSuffix(".md") }.sorted()
    }

    /// The case's folder, relative to the repository.
    public let folder: String
    let corpus: String
    var generators: [[String]] = []
    var run: [String] = []
    /// The exit status expected.
    public var exit: Int32 = -1
    /// The `generate:` and `run:` lines, as written.
    public var header = ""

    /// Reads the case `name`.
    public init(name: String, corpus: String = CorpusCase.corpus) throws {
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

    /// The command line, with `{work}` the folder given.
    public func arguments(work: String) -> [String] { run.map { expand($0, work: work) } }

    /// Prepares the inputs git cannot hold: pipes, link loops, empty folders, huge files.
    public func generate(work: String) throws {
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

/// A malformed `case.txt` or a generator that failed.
public struct CorpusError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
