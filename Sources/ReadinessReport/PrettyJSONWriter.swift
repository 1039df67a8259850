import ReadinessCore

/// JSON written byte by byte in the layout of Foundation's `JSONEncoder` with
/// `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`: two spaces a level,
/// `"key" : value`, strings escaped as it escapes them, numbers in Swift's shortest form less a
/// trailing `.0`. The caller gives the keys in sorted order.
///
/// `JSONEncoder` built a tree of boxed values, converted every key to snake case anew and
/// then sorted and wrote it: 1.5 ms of a 37 KB report, the largest single cost of a web
/// submission. Tests hold each writer built on this one to `JSONEncoder`'s bytes.
struct PrettyJSONWriter {
    /// How an empty list or object is written.
    enum EmptyContainers {
        /// As `JSONEncoder` writes them: the brackets two lines apart (`[\n\n  ]`).
        case encoder
        /// As `[]` and `{}`.
        case compact
    }

    private(set) var bytes: [UInt8] = []
    /// The indentation of the outermost brackets' lines, in spaces.
    private let margin: Int
    private let empty: EmptyContainers
    /// How many lists and objects are open.
    private var depth = 0
    /// Whether the innermost open list or object has no item yet.
    private var atFirstItem = true

    init(margin: Int = 0, emptyContainers: EmptyContainers = .encoder, capacity: Int = 1_024) {
        self.margin = margin
        empty = emptyContainers
        bytes.reserveCapacity(capacity)
    }

    /// The bytes as text.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    // MARK: Structure

    mutating func openObject() { open(UInt8(ascii: "{")) }
    mutating func closeObject() { close(UInt8(ascii: "}")) }
    mutating func openList() { open(UInt8(ascii: "[")) }
    mutating func closeList() { close(UInt8(ascii: "]")) }

    /// The next key of the open object, on its own line; its value follows.
    mutating func key(_ name: StaticString) {
        nextItem()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(
            contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        appendLiteral("\" : ")
    }

    /// A key not known in advance (a dictionary's), escaped like any text.
    mutating func key(text name: String) {
        nextItem()
        string(name)
        appendLiteral(" : ")
    }

    /// The start of the open list's next item, on its own line.
    mutating func nextItem() {
        if !atFirstItem { bytes.append(UInt8(ascii: ",")) }
        atFirstItem = false
        newline(level: depth)
    }

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        depth += 1
        atFirstItem = true
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if atFirstItem {
            if empty == .encoder {
                bytes.append(UInt8(ascii: "\n"))
                newline(level: depth)
            }
        } else {
            newline(level: depth)
        }
        bytes.append(bracket)
        // The container just closed was an item of the one around it.
        atFirstItem = false
    }

    /// The line break a document ends with.
    mutating func newlineAtEnd() {
        bytes.append(UInt8(ascii: "\n"))
    }

    /// A line break and the indentation of `level` levels.
    private mutating func newline(level: Int) {
        bytes.append(UInt8(ascii: "\n"))
        let width = margin + 2 * level
        if width <= Self.spaces.utf8CodeUnitCount {
            // Part of a line of spaces: appending `repeatElement` went element by element
            // through its generic path.
            bytes.append(
                contentsOf: UnsafeBufferPointer(start: Self.spaces.utf8Start, count: width))
        } else {
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: width))
        }
    }

    /// A literal, so reading it needs no run-time initialisation.
    private static let spaces: StaticString = "                                "

    private mutating func appendLiteral(_ literal: StaticString) {
        bytes.append(
            contentsOf: UnsafeBufferPointer(
                start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    // MARK: Fields: a key and its value; nothing at all for an absent value, as the encoder
    // leaves out a `nil`.

    mutating func field(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    mutating func field(_ name: StaticString, _ value: Bool?) {
        guard let value else { return }
        key(name)
        bool(value)
    }

    mutating func field(_ name: StaticString, _ value: Int?) {
        guard let value else { return }
        key(name)
        int(value)
    }

    mutating func field(_ name: StaticString, number value: Double?) {
        guard let value else { return }
        key(name)
        number(value)
    }

    mutating func field(_ name: StaticString, _ texts: [String]) {
        key(name)
        strings(texts)
    }

    // MARK: Values

    mutating func bool(_ value: Bool) {
        appendLiteral(value ? "true" : "false")
    }

    mutating func int(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        NumberFormat.appendDigits(Int64(value.magnitude), to: &bytes)
    }

    /// A list of values, each written by `item`, one a line.
    mutating func list<Element>(
        _ elements: [Element], _ item: (inout PrettyJSONWriter, Element) -> Void
    ) {
        openList()
        for element in elements {
            nextItem()
            item(&self, element)
        }
        closeList()
    }

    /// A list of texts, one a line.
    mutating func strings(_ texts: [String]) {
        openList()
        for text in texts {
            nextItem()
            string(text)
        }
        closeList()
    }

    /// A number as the encoder writes it: Swift's shortest form that reads back the same, less
    /// a trailing `.0`; `null` for a value JSON cannot hold (never a score).
    mutating func number(_ value: Double) {
        guard value.isFinite else {
            appendLiteral("null")
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
        bytes.append(contentsOf: (text.hasSuffix(".0") ? String(text.dropLast(2)) : text).utf8)
    }

    /// A string literal: quote, backslash and control characters escaped as the encoder
    /// escapes them (the short forms where JSON has them, else `\u00XX`), everything else,
    /// `/` included, as it is.
    mutating func string(_ text: String) {
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
        case UInt8(ascii: "\""): appendLiteral("\\\"")
        case UInt8(ascii: "\\"): appendLiteral("\\\\")
        case 0x08: appendLiteral("\\b")
        case 0x0C: appendLiteral("\\f")
        case UInt8(ascii: "\n"): appendLiteral("\\n")
        case UInt8(ascii: "\r"): appendLiteral("\\r")
        case UInt8(ascii: "\t"): appendLiteral("\\t")
        default:
            let hex: StaticString = "0123456789abcdef"
            appendLiteral("\\u00")
            bytes.append(hex.utf8Start[Int(byte >> 4)])
            bytes.append(hex.utf8Start[Int(byte & 0x0F)])
        }
    }
}
