import Foundation
import SourceDiagnostics

/// Writing to the terminal: results to standard output, messages to standard error.
enum Output {
    /// Whether standard output is a terminal that wants colour: a TTY, and no `NO_COLOR`.
    static var colorsStandardOutput: Bool {
        isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// Writes text to standard output as is.
    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes diagnostics to standard error, with source lines and carets.
    static func report(_ diagnostics: [Diagnostic], sources: [SourceFile] = []) {
        let diagnostics = diagnostics.map(namingLimitFlag)
        var sourceFiles = sources
        // Quote lines from files the diagnostics name, when they can be read.
        for path in Set(diagnostics.compactMap(\.location?.file))
        where !sourceFiles.contains(where: { $0.path == path }) {
            if let file = try? SourceFile.read(path: path) { sourceFiles.append(file) }
        }
        let text = DiagnosticRenderer(sources: sourceFiles).render(diagnostics)
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// A diagnostic about a limit, with its help naming the flag that raises the limit; any
    /// other diagnostic unchanged. The libraries do not know the command line's flags.
    static func namingLimitFlag(_ diagnostic: Diagnostic) -> Diagnostic {
        let flag: String
        switch diagnostic.code {
        case "file.too-large": flag = "--max-file-bytes"
        case "yaml.depth-limit": flag = "--max-yaml-depth"
        case "yaml.alias-budget": flag = "--max-alias-nodes"
        case "cel.limit":
            flag =
                diagnostic.message.contains("characters long")
                ? "--max-expression-length" : "--max-expression-depth"
        default: return diagnostic
        }
        var named = diagnostic
        named.help = (diagnostic.help ?? "raise the limit if the input is trusted") + " (\(flag))"
        return named
    }

    /// Writes one message line to standard error.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// The exit status for a failure to read input files: missing or unreadable, or malformed.
    static func status(for error: DiagnosticError) -> ExitStatus {
        let missing: Set<Diagnostic.Code> = [
            "file.not-found", "file.unreadable", "file.is-directory",
        ]
        return error.diagnostics.contains { missing.contains($0.code) }
            ? .inputMissing : .invalidData
    }
}

extension Output {
    /// Writes text to a file atomically: to a temporary file beside it, then renamed over it,
    /// so an error or an interruption never leaves a partial file or spoils an existing one.
    static func write(_ text: String, to path: String) throws {
        let output = try StreamedOutput(path: path)
        output.write(text)
        try output.finish()
    }

    /// Writes a result to `path`, or to standard output when there is none.
    static func emit(_ text: String, to path: String?) throws {
        if let path { try write(text, to: path) } else { print(text) }
    }
}

/// Output written as it is produced: to standard output, or to a temporary file that replaces
/// the target only when everything is written (so a failure leaves no partial file).
final class StreamedOutput {
    private let path: String?
    private let temporary: URL?
    private let handle: FileHandle

    init(path: String?) throws {
        self.path = path
        guard let path else {
            temporary = nil
            handle = FileHandle.standardOutput
            return
        }
        let url = URL(fileURLWithPath: path)
        let temp = url.deletingLastPathComponent()
            .appendingPathComponent(
                ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(atPath: temp.path, contents: nil),
            let opened = try? FileHandle(forWritingTo: temp)
        else {
            Output.error(
                "\(path): error[output.write]: the output cannot be written here (check the folder exists and is writable)"
            )
            throw ExitStatus.outputFailed.code
        }
        temporary = temp
        handle = opened
    }

    func write(_ text: String) {
        guard !text.isEmpty else { return }
        handle.write(Data(text.utf8))
    }

    /// Moves the finished file into place.
    func finish() throws {
        guard let path, let temporary else { return }
        try? handle.close()
        guard rename(temporary.path, path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            Output.error(
                "\(path): error[output.write]: the output could not be written (\(String(cString: strerror(errno))))"
            )
            throw ExitStatus.outputFailed.code
        }
    }
}
