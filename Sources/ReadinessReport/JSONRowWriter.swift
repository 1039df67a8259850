import ReadinessCore

/// A batch row's JSON, written byte by byte in the layout of the totals around it (Foundation's
/// pretty printing: `"key" : value`, two spaces a level, keys in order) but with empty lists as
/// `[]`.
///
/// `JSONEncoder` cost 180,000 instructions a row, on the one thread that takes rows in order:
/// as much as a twelfth of assessing the profile. `JSONRowWriterTests` holds this writer to
/// what `JSONEncoder` writes, read back, for texts with every kind of character.
struct JSONRowWriter {
    private(set) var bytes: [UInt8] = []
    /// The indentation of the row's own braces, in spaces.
    private let margin: Int

    init(margin: Int) {
        self.margin = margin
        bytes.reserveCapacity(1_024)
    }

    /// The row as one JSON object, its braces at the margin (the first not indented: it
    /// follows whatever precedes the row on its line).
    static func write(_ row: Batch.Row, margin: Int) -> String {
        var writer = JSONRowWriter(margin: margin)
        writer.row(row)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    private mutating func row(_ row: Batch.Row) {
        bytes.append(UInt8(ascii: "{"))
        var first = true
        // The keys in order, as the encoder's sorted keys put them.
        if let asOf = row.asOf {
            key("as_of", &first)
            string(asOf)
        }
        if let band = row.band {
            key("band", &first)
            string(band)
        }
        if let compliant = row.compliant {
            key("compliant", &first)
            append(compliant ? "true" : "false")
        }
        key("domain_scores", &first)
        bytes.append(UInt8(ascii: "{"))
        var firstDomain = true
        for (domain, score) in row.domainScores.sorted(by: { $0.key < $1.key }) {
            key(domain, &firstDomain, level: 2)
            number(score)
        }
        close("}", level: 1, empty: firstDomain)
        key("errors", &first)
        strings(row.errors)
        key("failed_rules", &first)
        strings(row.failedRules)
        key("file", &first)
        string(row.file)
        key("mandatory_failed", &first)
        strings(row.mandatoryFailed)
        key("mandatory_unknown", &first)
        strings(row.mandatoryUnknown)
        if let organisation = row.organisation {
            key("organisation", &first)
            string(organisation)
        }
        if let score = row.score {
            key("score", &first)
            number(score)
        }
        key("unknowns", &first)
        append(String(row.unknowns))
        close("}", level: 0, empty: first)
    }

    /// A line break and the indentation of `level` levels inside the row.
    private mutating func newline(level: Int) {
        bytes.append(UInt8(ascii: "\n"))
        let width = margin + 2 * level
        if width <= Self.spaces.utf8CodeUnitCount {
            // Part of a line of spaces: appending `repeatElement` went element by element
            // through its generic path, a fifth of a row's cost.
            bytes.append(
                contentsOf: UnsafeBufferPointer(start: Self.spaces.utf8Start, count: width))
        } else {
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: width))
        }
    }

    /// A literal, so reading it needs no run-time initialisation.
    private static let spaces: StaticString = "                                "

    /// A key of an object `level` levels inside the row (1: the row's own).
    private mutating func key(_ name: String, _ first: inout Bool, level: Int = 1) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        newline(level: level)
        string(name)
        append(" : ")
    }

    /// Closes a list or object whose items were `level + 1` levels in.
    private mutating func close(_ bracket: Unicode.Scalar, level: Int, empty: Bool) {
        if !empty { newline(level: level) }
        bytes.append(UInt8(ascii: bracket))
    }

    /// A list of texts, one a line.
    private mutating func strings(_ texts: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (position, text) in texts.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            newline(level: 2)
            string(text)
        }
        close("]", level: 1, empty: texts.isEmpty)
    }

    private mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// A number as the encoder writes it: Swift's shortest form that reads back the same, less
    /// a trailing `.0`; `null` for a value JSON cannot hold (never a score).
    private mutating func number(_ value: Double) {
        guard value.isFinite else {
            append("null")
            return
        }
        // A score has at most two decimals: the shortest form is then its hundredths with
        // trailing zeros dropped, written here digit by digit (`description` made a string
        // for each).
        let hundredths = (value * 100).rounded()
        if value != 0, abs(value) < 1e9, hundredths / 100 == value {
            var whole = Int64(hundredths)
            if whole < 0 {
                bytes.append(UInt8(ascii: "-"))
                whole = -whole
            }
            NumberFormat.appendDigits(whole / 100, to: &bytes)
            let fraction = whole % 100
            if fraction != 0 {
                bytes.append(UInt8(ascii: "."))
                bytes.append(UInt8(ascii: "0") + UInt8(fraction / 10))
                if fraction % 10 != 0 { bytes.append(UInt8(ascii: "0") + UInt8(fraction % 10)) }
            }
            return
        }
        let text = value.description
        append(text.hasSuffix(".0") ? String(text.dropLast(2)) : text)
    }

    /// A string literal: quote, backslash and control characters escaped as the encoder
    /// escapes them (the short forms where JSON has them, else `\u00XX`), everything else,
    /// `/` included, as it is.
    private mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        // In place where the text is stored contiguously (always, for a native string); a
        // copy made contiguous otherwise.
        if text.utf8.withContiguousStorageIfAvailable({ appendEscaped($0) }) == nil {
            var text = text
            text.withUTF8 { appendEscaped($0) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// UTF-8 text with quote, backslash and control characters escaped.
    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        // Most texts need no escape at all: found eight bytes at a time, they are copied whole
        // (a loop over every byte cost ten instructions a byte).
        if !Self.mayNeedEscape(utf8) {
            bytes.append(contentsOf: utf8)
            return
        }
        // Runs that need no escape are copied whole.
        var start = 0
        for index in utf8.indices {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                continue
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
            escape(byte)
            start = index + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
    }

    /// Whether any byte is a control character, a quote or a backslash; checked a word at a
    /// time (a byte below 0x20, or one equal to `"` or `\\`, shows as a high bit set in the
    /// word's tests below; other bytes can set one only by borrowing from such a byte).
    private static func mayNeedEscape(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = utf8.baseAddress else { return false }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var offset = 0
        while offset + 8 <= utf8.count {
            let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
            let quote = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
            let backslash = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
            // A zero byte in `quote` or `backslash`, or a byte below 0x20 in `word`.
            let found =
                ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                | ((word &- ones &* 0x20) & ~word)
            if found & highs != 0 { return true }
            offset += 8
        }
        while offset < utf8.count {
            let byte = utf8[offset]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                return true
            }
            offset += 1
        }
        return false
    }

    /// A byte that cannot stand in a JSON string as it is.
    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): append("\\\"")
        case UInt8(ascii: "\\"): append("\\\\")
        case 0x08: append("\\b")
        case 0x0C: append("\\f")
        case UInt8(ascii: "\n"): append("\\n")
        case UInt8(ascii: "\r"): append("\\r")
        case UInt8(ascii: "\t"): append("\\t")
        default:
            let hex = Array("0123456789abcdef".utf8)
            append("\\u00")
            bytes.append(hex[Int(byte >> 4)])
            bytes.append(hex[Int(byte & 0x0F)])
        }
    }
}
