import Foundation

/// The text of one input file with a table of where its lines start.
///
/// The text is valid UTF-8 (``SourceFile/init(path:bytes:)`` rejects anything else, naming the
/// position) with any byte-order mark removed. Line breaks follow libyaml's reading, so the
/// line numbers here match the ones libyaml reports: `\n`, `\r\n`, a lone `\r`, and U+0085,
/// U+2028, U+2029 each end a line.
public struct SourceFile: Sendable {
    /// The path as the user gave it; diagnostics print it unchanged.
    public let path: String
    /// The decoded text, without a byte-order mark.
    public let text: String
    /// Whether the file began with a UTF-8 byte-order mark (which `text` no longer holds).
    public let hadByteOrderMark: Bool
    /// The UTF-8 offset of the first byte of each line; `lineStarts[0] == 0`.
    private let lineStarts: [Int]

    /// Makes a source file from text already in memory (tests, expressions typed on a command
    /// line).
    public init(path: String, text: String) {
        self.path = path
        var text = text
        hadByteOrderMark = text.unicodeScalars.first == "\u{FEFF}"
        if hadByteOrderMark { text.unicodeScalars.removeFirst() }
        self.text = text
        lineStarts = Self.lineStarts(of: text)
    }

    /// Decodes raw bytes as UTF-8.
    ///
    /// - Throws: ``DiagnosticError`` with code `file.invalid-utf8` at the first byte that is not
    ///   valid UTF-8 (its line and column counted over the valid text before it).
    public init(path: String, bytes: [UInt8]) throws(DiagnosticError) {
        // The standard library's decoder is fast; the scalar-by-scalar walk below runs only to
        // find where a file that failed to decode went wrong.
        var decoded = String(decoding: bytes, as: UTF8.self)
        let unchanged = decoded.withUTF8 { text in
            bytes.withUnsafeBytes { raw in
                guard text.count == raw.count else { return false }
                guard let left = text.baseAddress, let right = raw.baseAddress else { return true }
                return memcmp(left, right, raw.count) == 0
            }
        }
        if unchanged {
            self.init(path: path, text: decoded)
            return
        }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var consumed = 0
        var line = 1
        var column = 1
        var previousWasCR = false
        loop: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                let scalar = Unicode.UTF8.decode(encoded)
                consumed += encoded.count
                if scalar == "\n" && previousWasCR {
                    previousWasCR = false
                } else if Self.isLineBreak(scalar) {
                    line += 1
                    column = 1
                    previousWasCR = scalar == "\r"
                } else {
                    column += 1
                    previousWasCR = false
                }
            case .emptyInput:
                break loop
            case .error(let length):
                let location = SourceLocation(file: path, line: line, column: column)
                let bad = bytes[consumed..<(consumed + length)]
                throw DiagnosticError(
                    .invalidUTF8(
                        at: location, byteOffset: consumed, bytes: Array(bad),
                        looksLikeUTF16: Self.looksLikeUTF16(bytes)))
            }
        }
        self.init(path: path, text: decoded)
    }

    /// The number of lines (a final line break does not start a new, empty line).
    public var lineCount: Int {
        lineStarts.count
    }

    /// The text of 1-based line `number`, without its line break; `nil` past the end.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= lineStarts.count else { return nil }
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: lineStarts[number - 1])
        var end =
            number < lineStarts.count
            ? utf8.index(utf8.startIndex, offsetBy: lineStarts[number])
            : utf8.endIndex
        // Step back over the break itself, which may be one or two scalars.
        var scalars = text.unicodeScalars[start..<end]
        while let last = scalars.last, Self.isLineBreak(last) {
            end = scalars.index(before: scalars.endIndex)
            scalars = text.unicodeScalars[start..<end]
        }
        return text[start..<end]
    }

    /// The 1-based location of a UTF-8 byte offset into ``text`` (libyaml reports reader errors
    /// this way).
    public func location(ofUTF8Offset offset: Int) -> SourceLocation {
        let clamped = max(0, min(offset, text.utf8.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        let utf8 = text.utf8
        let lineStart = utf8.index(utf8.startIndex, offsetBy: lineStarts[low])
        let target = utf8.index(utf8.startIndex, offsetBy: clamped)
        let column = text.unicodeScalars[lineStart..<target].count + 1
        return SourceLocation(file: path, line: low + 1, column: column)
    }

    /// The location of the start of the file.
    public var startLocation: SourceLocation {
        SourceLocation(file: path, line: 1, column: 1)
    }

    static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}": return true
        default: return false
        }
    }

    private static func lineStarts(of text: String) -> [Int] {
        // Work on bytes: every break but U+0085, U+2028 and U+2029 is ASCII, and those three
        // are recognised from their UTF-8 lead bytes.
        var starts = [0]
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            var breakLength = 0
            switch byte {
            case 0x0A:
                breakLength = 1
            case 0x0D:
                breakLength = index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85:
                breakLength = 2
            case 0xE2
            where index + 2 < bytes.count && bytes[index + 1] == 0x80
                && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                breakLength = 3
            default:
                index += 1
                continue
            }
            index += breakLength
            starts.append(index)
        }
        // A final line break ends the last line rather than starting an empty one.
        if starts.count > 1 && starts.last == bytes.count { starts.removeLast() }
        return starts
    }

    private static func looksLikeUTF16(_ bytes: [UInt8]) -> Bool {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return true }
        // ASCII text in UTF-16 has a zero byte beside most letters.
        let sample = bytes.prefix(64)
        return sample.count >= 4 && sample.filter { $0 == 0 }.count * 3 >= sample.count
    }
}
