import Foundation

#if canImport(Glibc)
    import Glibc
    private let systemRead = Glibc.read
#elseif canImport(Darwin)
    import Darwin
    private let systemRead = Darwin.read
#endif

extension SourceFile {
    /// The default cap on an input file's size: 16 MiB, far above any real rule set or
    /// profile, low enough that a hostile file cannot exhaust memory.
    public static let defaultMaxBytes = 16 * 1024 * 1024

    /// Reads and decodes a file from disk.
    ///
    /// - Parameters:
    ///   - path: The path as the user gave it; messages repeat it unchanged.
    ///   - maxBytes: Files larger than this are refused before they are read.
    /// - Returns: The decoded file.
    /// - Throws: ``DiagnosticError`` with code `file.not-found`, `file.is-directory`,
    ///   `file.unreadable`, `file.too-large` or `file.invalid-utf8`.
    public static func read(path: String, maxBytes: Int = defaultMaxBytes) throws(DiagnosticError)
        -> SourceFile
    {
        try SourceFile(path: path, bytes: readBytes(path: path, maxBytes: maxBytes))
    }

    /// Reads a file's bytes from disk, undecoded, with the same checks and messages as
    /// ``read(path:maxBytes:)``: for a reader that decodes the bytes its own way first and
    /// makes a ``SourceFile`` only when it has something to report.
    ///
    /// - Throws: ``DiagnosticError`` with code `file.not-found`, `file.is-directory`,
    ///   `file.unreadable` or `file.too-large`.
    public static func readBytes(path: String, maxBytes: Int = defaultMaxBytes)
        throws(DiagnosticError) -> [UInt8]
    {
        // One open and one fstat for the usual readable file (a batch reads thousands).
        // O_NONBLOCK keeps opening a FIFO from blocking; regular files ignore it.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let openError = errno
            // Say why in the words of the checks below, from what stat can tell.
            try check(path: path, maxBytes: maxBytes)
            throw DiagnosticError(.fileUnreadable(path, reason: Self.systemReason(openError)))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw DiagnosticError(.fileUnreadable(path, reason: Self.systemReason(errno)))
        }
        try check(status, path: path, maxBytes: maxBytes)
        return try readAll(
            descriptor, expected: Int(status.st_size), path: path, maxBytes: maxBytes)
    }

    /// The first `count` bytes of a regular file (fewer when it is shorter), and whether they
    /// are the whole file; `nil` when it cannot be opened or is not a regular file. For a
    /// reader that needs only a file's head (a batch reading each profile's header first).
    public static func readPrefix(path: String, count: Int) -> (bytes: [UInt8], whole: Bool)? {
        // Open and read only (a batch does this for every profile): a read shorter than asked
        // is the end of a regular file. Anything else (a pipe gives no data without a writer,
        // a device may give endless data) is not taken as whole, and its caller's full read
        // then refuses it.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: count)
        let read = bytes.withUnsafeMutableBytes { buffer in
            Foundation.read(descriptor, buffer.baseAddress, count)
        }
        guard read > 0 else { return nil }
        bytes.removeLast(count - read)
        return (bytes, read < count)
    }

    /// Why a file that could not be opened cannot be read: missing, a loop of links, a folder,
    /// not a regular file, too large, or without permission.
    private static func check(path: String, maxBytes: Int) throws(DiagnosticError) {
        var status = stat()
        if stat(path, &status) != 0 {
            let code = errno
            switch code {
            case ENOENT, ENOTDIR: throw DiagnosticError(.fileNotFound(path))
            case ELOOP:
                throw DiagnosticError(
                    .fileUnreadable(
                        path, reason: "a loop of symbolic links",
                        help: "point the symbolic link at a file"))
            default: throw DiagnosticError(.fileUnreadable(path, reason: Self.systemReason(code)))
            }
        }
        try check(status, path: path, maxBytes: maxBytes)
        if access(path, R_OK) != 0 {
            throw DiagnosticError(.fileUnreadable(path, reason: Self.systemReason(errno)))
        }
    }

    /// Refuses a folder, a pipe, socket or device, and a file over `maxBytes` by its size,
    /// before anything is read.
    private static func check(_ status: stat, path: String, maxBytes: Int)
        throws(DiagnosticError)
    {
        switch status.st_mode & S_IFMT {
        case S_IFDIR: throw DiagnosticError(.fileIsDirectory(path))
        case S_IFREG: break
        default:
            throw DiagnosticError(
                .fileUnreadable(
                    path, reason: "it is a pipe, socket or device, not a regular file",
                    help: "save the content to a file and name that file"))
        }
        if Int(status.st_size) > maxBytes {
            throw DiagnosticError(.fileTooLarge(path, maxBytes: maxBytes))
        }
    }

    /// Reads to the end of the file, into a buffer of the size `fstat` gave (plus one byte,
    /// to see the end), then in chunks only if the file grew meanwhile, up to one byte past
    /// the cap so an oversized file is detected without reading it all.
    private static func readAll(_ descriptor: Int32, expected: Int, path: String, maxBytes: Int)
        throws(DiagnosticError) -> [UInt8]
    {
        let capacity = min(expected, maxBytes) + 1
        var failure: Int32 = 0
        // Read into storage left uninitialised: zeroing it first cost a tenth as much as
        // parsing the file.
        var bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            count = 0
            guard let base = buffer.baseAddress else { return }
            while count < capacity {
                let read = systemRead(descriptor, base + count, capacity - count)
                if read < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if read == 0 { return }
                count += read
            }
        }
        if failure != 0 {
            throw DiagnosticError(.fileUnreadable(path, reason: Self.systemReason(failure)))
        }
        if bytes.count == capacity {
            // Longer than fstat said: the file grew while it was read.
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while bytes.count <= maxBytes {
                let wanted = min(chunk.count, maxBytes + 1 - bytes.count)
                let read = chunk.withUnsafeMutableBytes { buffer -> Int in
                    guard let base = buffer.baseAddress else { return 0 }
                    return systemRead(descriptor, base, wanted)
                }
                if read < 0 {
                    if errno == EINTR { continue }
                    throw DiagnosticError(.fileUnreadable(path, reason: Self.systemReason(errno)))
                }
                if read == 0 { break }
                bytes += chunk[..<read]
            }
        }
        if bytes.count > maxBytes {
            throw DiagnosticError(.fileTooLarge(path, maxBytes: maxBytes))
        }
        return bytes
    }

    /// The system's words for an `errno` value, in lower case ("permission denied"), as a
    /// reason in a message.
    public static func systemReason(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        let message = String(cString: text)
        return message.prefix(1).lowercased() + message.dropFirst()
    }
}

extension Diagnostic {
    /// `file.not-found`: the named file does not exist.
    public static func fileNotFound(_ path: String) -> Diagnostic {
        Diagnostic(
            .error, code: "file.not-found", message: "no such file", path: path,
            help: "check the path; it is read relative to the current folder")
    }

    /// `file.is-directory`: a folder was named where a file belongs.
    public static func fileIsDirectory(_ path: String) -> Diagnostic {
        Diagnostic(
            .error, code: "file.is-directory",
            message: "this is a folder, but a file is expected here",
            path: path, help: "name a YAML file inside it")
    }

    /// `file.unreadable`: the file exists but could not be read.
    public static func fileUnreadable(
        _ path: String, reason: String, help: String = "check the file's permissions"
    ) -> Diagnostic {
        Diagnostic(
            .error, code: "file.unreadable", message: "the file cannot be read (\(reason))",
            path: path, help: help)
    }

    /// `file.too-large`: the file is over the size limit.
    public static func fileTooLarge(_ path: String, maxBytes: Int) -> Diagnostic {
        Diagnostic(
            .error, code: "file.too-large",
            message: "the file is larger than the limit of \(maxBytes) bytes", path: path,
            help: "split it into smaller files, or raise the limit if the file is trusted")
    }

    /// `file.invalid-utf8`: bytes that are not UTF-8.
    public static func invalidUTF8(
        at location: SourceLocation, byteOffset: Int, bytes: [UInt8], looksLikeUTF16: Bool
    ) -> Diagnostic {
        let shown = bytes.map { "0x" + String($0, radix: 16, uppercase: true) }.joined(
            separator: " ")
        return Diagnostic(
            .error, code: "file.invalid-utf8",
            message:
                "invalid UTF-8: byte \(shown) at byte offset \(byteOffset) is not valid UTF-8 text",
            at: SourceRange(start: location),
            help: looksLikeUTF16
                ? "the file looks like UTF-16; save it as UTF-8"
                : "save the file as UTF-8 (most editors offer this under \"Save with encoding\")")
    }
}
