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
        case "cel.too-long": flag = "--max-expression-length"
        case "cel.too-deep": flag = "--max-expression-depth"
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

    /// The codes that mean an input is missing or cannot be read (exit 66) rather than
    /// malformed.
    static let inputMissingCodes: Set<Diagnostic.Code> = [
        "file.not-found", "file.unreadable", "file.is-directory",
    ]

    /// The exit status for a failure to read input files: missing or unreadable, or malformed.
    static func status(for error: DiagnosticError) -> ExitStatus {
        error.diagnostics.contains { inputMissingCodes.contains($0.code) }
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
/// the target only when everything is written. A failure, a thrown error or an interruption
/// (Ctrl-C, `kill`) removes the temporary file, so no partial file is left and an existing
/// target is untouched.
final class StreamedOutput {
    private let path: String?
    private let temporary: URL?
    private let handle: FileHandle
    private var finished = false
    /// The first write error, reported by ``finish()``.
    private var writeError: Error?
    /// Text not yet written: rows are gathered into writes of about 64 KiB (a write per row
    /// was a system call and a copy for each of 10,000 rows), except on a terminal, where
    /// each shows as it comes.
    private var pending: [UInt8] = []
    private let writesThrough: Bool
    private static let chunk = 65_536

    init(path: String?) throws {
        self.path = path
        guard let path else {
            temporary = nil
            handle = FileHandle.standardOutput
            writesThrough = isatty(STDOUT_FILENO) != 0
            return
        }
        if Self.isSpecialFile(path) {
            // A device, a pipe or a socket (`-o /dev/null`, `-o /dev/stdout`, a FIFO) is
            // written to directly: renaming a file over it would replace the device itself
            // with a plain file, and a temporary file beside it would land in /dev.
            guard let opened = FileHandle(forWritingAtPath: path) else {
                Output.report([
                    Diagnostic(
                        .error, code: "output.write",
                        message: "the output cannot be written here", path: path,
                        help: "check it is writable")
                ])
                throw ExitStatus.outputFailed.code
            }
            temporary = nil
            handle = opened
            writesThrough = isatty(opened.fileDescriptor) != 0
            return
        }
        let url = URL(fileURLWithPath: path)
        let temp = url.deletingLastPathComponent()
            .appendingPathComponent(
                ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(atPath: temp.path, contents: nil),
            let opened = try? FileHandle(forWritingTo: temp)
        else {
            Output.report([
                Diagnostic(
                    .error, code: "output.write", message: "the output cannot be written here",
                    path: path, help: "check the folder exists and is writable")
            ])
            throw ExitStatus.outputFailed.code
        }
        temporary = temp
        handle = opened
        writesThrough = false
        Interruption.removeOnSignal(temp.path)
    }

    deinit {
        // Reached without `finish()` when the command threw: what went to standard output or
        // a device goes out as it would have; a partial file is dropped.
        if !finished, temporary == nil { flush() }
        if !finished, let temporary {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
            Interruption.forget(temporary.path)
        }
    }

    func write(_ text: String) {
        guard !text.isEmpty, writeError == nil else { return }
        pending.append(contentsOf: text.utf8)
        if writesThrough || pending.count >= Self.chunk { flush() }
    }

    /// Writes what is pending.
    private func flush() {
        guard !pending.isEmpty, writeError == nil else { return }
        do {
            try handle.write(contentsOf: pending)
        } catch {
            // A full disk or closed pipe: remember it; `finish()` reports it for a file.
            writeError = error
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Whether `path` exists and is neither a regular file nor a folder.
    private static func isSpecialFile(_ path: String) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else { return false }
        let kind = status.st_mode & S_IFMT
        return kind != S_IFREG && kind != S_IFDIR
    }

    /// Moves the finished file into place (a device or a pipe was written in place).
    func finish() throws {
        flush()
        finished = true
        guard let path else { return }
        try? handle.close()
        var failure = writeError?.localizedDescription
        if let temporary {
            // Once interrupted, the file is removed and the process about to end: never rename.
            guard Interruption.claim(temporary.path) else { Interruption.awaitEnd() }
            if failure == nil, rename(temporary.path, path) != 0 {
                failure = SourceFile.systemReason(errno)
            }
            if failure != nil { try? FileManager.default.removeItem(at: temporary) }
        }
        if let failure {
            Output.report([
                Diagnostic(
                    .error, code: "output.write",
                    message: "the output could not be written (\(failure))", path: path)
            ])
            throw ExitStatus.outputFailed.code
        }
    }
}

/// Removes temporary output files when the process is interrupted (SIGINT, SIGTERM, SIGHUP),
/// then lets the signal end the process as it would have.
enum Interruption {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var paths: Set<String> = []
    nonisolated(unsafe) private static var interrupted = false
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    private static let queue = DispatchQueue(label: "readiness.interruption")

    /// Registers a file to remove if the process is interrupted before ``forget(_:)``.
    static func removeOnSignal(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        paths.insert(path)
        guard sources.isEmpty else { return }
        // Handled on a queue rather than in a signal handler, where removing a file and
        // taking a lock would not be safe.
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                lock.lock()
                interrupted = true
                for path in paths { unlink(path) }
                paths.removeAll()
                lock.unlock()
                // End as the signal would have (the shell sees "interrupted"). Dispatch
                // blocks the signal in every thread to receive it, so unblock it here first.
                signal(signalNumber, SIG_DFL)
                var unblocked = sigset_t()
                sigemptyset(&unblocked)
                sigaddset(&unblocked, signalNumber)
                pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
                raise(signalNumber)
                awaitEnd()
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The file is removed; an interruption need not remove it.
    static func forget(_ path: String) {
        lock.lock()
        paths.remove(path)
        lock.unlock()
    }

    /// Takes the file back to move it into place: `false` if an interruption removed it.
    static func claim(_ path: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        paths.remove(path)
        return !interrupted
    }

    /// Waits for the pending signal to end the process.
    static func awaitEnd() -> Never {
        while true { pause() }
    }
}
