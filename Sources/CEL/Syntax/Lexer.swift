/// One token of CEL source.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case identifier(String)
        /// A field name in backticks.
        case quotedIdentifier(String)
        case int(Int64)
        /// A decimal integer too large for `int`, kept so `-9223372036854775808` can be folded.
        case intOverflow(String)
        case uint(UInt64)
        case double(Double)
        case string(String)
        case bytes([UInt8])
        case punctuation(String)
        case end
    }

    var kind: Kind
    /// Scalar offset of the token's first character.
    var offset: Int
}

/// Splits CEL source into tokens (cel-spec's lexis).
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var position = 0

    init(_ source: CELSource) {
        scalars = source.scalars
    }

    private static let punctuation: [String] = [
        "==", "!=", "<=", ">=", "&&", "||", "<", ">", "+", "-", "*", "/", "%", "!", "?", ":", ".",
        ",", "(", ")", "[", "]", "{", "}",
    ]

    /// Reads every token, ending with `.end`.
    mutating func tokens() throws(CELIssueError) -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = try next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        position + ahead < scalars.count ? scalars[position + ahead] : nil
    }

    private mutating func skipTrivia() {
        while let scalar = peek() {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
                || scalar == "\u{0C}"
            {
                position += 1
            } else if scalar == "/" && peek(1) == "/" {
                while let next = peek(), next != "\n" { position += 1 }
            } else {
                return
            }
        }
    }

    private mutating func next() throws(CELIssueError) -> Token {
        skipTrivia()
        let start = position
        guard let scalar = peek() else { return Token(kind: .end, offset: position) }
        if ("0"..."9").contains(scalar)
            || (scalar == "." && peek(1).map { ("0"..."9").contains($0) } == true)
        {
            return try number(start)
        }
        if isIdentifierStart(scalar) {
            // String prefixes: r, b, rb, br (any case) directly before a quote.
            var prefix = ""
            var lookahead = 0
            while lookahead < 2, let letter = peek(lookahead),
                "rRbB".unicodeScalars.contains(letter)
            {
                prefix.unicodeScalars.append(letter)
                lookahead += 1
                if let quote = peek(lookahead), quote == "\"" || quote == "'" {
                    let lower = prefix.lowercased()
                    if lower == "r" || lower == "b" || lower == "rb" || lower == "br" {
                        position += lookahead
                        return try string(
                            start, raw: lower.contains("r"), bytes: lower.contains("b"))
                    }
                }
            }
            var name = ""
            while let letter = peek(), isIdentifierPart(letter) {
                name.unicodeScalars.append(letter)
                position += 1
            }
            return Token(kind: .identifier(name), offset: start)
        }
        if scalar == "\"" || scalar == "'" {
            return try string(start, raw: false, bytes: false)
        }
        if scalar == "`" {
            // A quoted field name: `content-type`, for map keys that are not identifiers.
            position += 1
            var name = ""
            while let next = peek(), next != "`", next != "\n" {
                name.unicodeScalars.append(next)
                position += 1
            }
            guard peek() == "`", !name.isEmpty else {
                throw issue("unterminated quoted field name", start)
            }
            position += 1
            return Token(kind: .quotedIdentifier(name), offset: start)
        }
        for symbol in Self.punctuation where matches(symbol) {
            position += symbol.unicodeScalars.count
            return Token(kind: .punctuation(symbol), offset: start)
        }
        throw CELIssueError(
            CELIssue(
                code: "cel.parse",
                message: "unexpected character `\(scalar.escaped(asASCII: false))`", offset: start))
    }

    private func matches(_ symbol: String) -> Bool {
        var index = 0
        for scalar in symbol.unicodeScalars {
            guard peek(index) == scalar else { return false }
            index += 1
        }
        return true
    }

    private func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_"
    }

    private func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || ("0"..."9").contains(scalar)
    }

    // MARK: - Numbers

    private mutating func number(_ start: Int) throws(CELIssueError) -> Token {
        func digits(_ isDigit: (Unicode.Scalar) -> Bool) -> String {
            var text = ""
            while let scalar = peek(), isDigit(scalar) {
                text.unicodeScalars.append(scalar)
                position += 1
            }
            return text
        }
        let isDecimal: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) }
        if peek() == "0", let x = peek(1), x == "x" || x == "X" {
            position += 2
            let hex = digits { $0.properties.isASCIIHexDigit }
            guard !hex.isEmpty else {
                throw issue("a hexadecimal number needs digits after `0x`", start)
            }
            if let suffix = peek(), suffix == "u" || suffix == "U" {
                position += 1
                guard let value = UInt64(hex, radix: 16) else {
                    throw issue("the number is too large for uint", start)
                }
                return Token(kind: .uint(value), offset: start)
            }
            guard let value = Int64(hex, radix: 16) else {
                throw issue("the number is too large for int", start)
            }
            return Token(kind: .int(value), offset: start)
        }
        var text = digits(isDecimal)
        var isDouble = false
        if peek() == ".", let after = peek(1), isDecimal(after) {
            position += 1
            text += "." + digits(isDecimal)
            isDouble = true
        }
        if let e = peek(), e == "e" || e == "E" {
            var lookahead = 1
            if let sign = peek(1), sign == "+" || sign == "-" { lookahead = 2 }
            if let digit = peek(lookahead), isDecimal(digit) {
                text += "e"
                if lookahead == 2, let sign = peek(1) { text.unicodeScalars.append(sign) }
                position += lookahead
                text += digits(isDecimal)
                isDouble = true
            }
        }
        if isDouble {
            guard let value = Double(text) else {
                throw issue("`\(text)` is not a valid number", start)
            }
            return Token(kind: .double(value), offset: start)
        }
        if let suffix = peek(), suffix == "u" || suffix == "U" {
            position += 1
            guard let value = UInt64(text) else {
                throw issue("the number is too large for uint", start)
            }
            return Token(kind: .uint(value), offset: start)
        }
        guard let value = Int64(text) else { return Token(kind: .intOverflow(text), offset: start) }
        return Token(kind: .int(value), offset: start)
    }

    // MARK: - Strings

    private mutating func string(_ start: Int, raw: Bool, bytes isBytes: Bool) throws(CELIssueError)
        -> Token
    {
        guard let quote = peek() else { throw issue("unterminated string", start) }
        let triple = peek(1) == quote && peek(2) == quote
        position += triple ? 3 : 1
        var bytes: [UInt8] = []
        func append(_ scalar: Unicode.Scalar) {
            bytes.append(contentsOf: Array(String(scalar).utf8))
        }
        while true {
            guard let scalar = peek() else {
                throw CELIssueError(
                    CELIssue(
                        code: "cel.parse", message: "unterminated string", offset: start,
                        help:
                            "add the closing \(triple ? String(repeating: String(quote), count: 3) : String(quote))"
                    ))
            }
            if scalar == quote && (!triple || (peek(1) == quote && peek(2) == quote)) {
                position += triple ? 3 : 1
                break
            }
            if !triple && (scalar == "\n" || scalar == "\r") {
                throw CELIssueError(
                    CELIssue(
                        code: "cel.parse", message: "a line break inside a quoted string",
                        offset: position,
                        help: "use \\n, or triple quotes for text over several lines"))
            }
            if scalar == "\\" && !raw {
                try escape(into: &bytes, isBytes: isBytes)
                continue
            }
            append(scalar)
            position += 1
        }
        if isBytes { return Token(kind: .bytes(bytes), offset: start) }
        return Token(kind: .string(String(decoding: bytes, as: UTF8.self)), offset: start)
    }

    private mutating func escape(into bytes: inout [UInt8], isBytes: Bool) throws(CELIssueError) {
        let start = position
        position += 1
        guard let code = peek() else { throw issue("a backslash at the end of the text", start) }
        position += 1
        let simple: [Unicode.Scalar: UInt8] = [
            "a": 0x07, "b": 0x08, "f": 0x0C, "n": 0x0A, "r": 0x0D, "t": 0x09, "v": 0x0B, "\\": 0x5C,
            "'": 0x27, "\"": 0x22, "`": 0x60, "?": 0x3F,
        ]
        if let byte = simple[code] {
            bytes.append(byte)
            return
        }
        func hex(_ count: Int) throws(CELIssueError) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<count {
                guard let digit = peek(), digit.properties.isASCIIHexDigit,
                    let number = UInt32(String(digit), radix: 16)
                else {
                    throw issue("`\\\(code)` needs \(count) hexadecimal digits", start)
                }
                value = value * 16 + number
                position += 1
            }
            return value
        }
        switch code {
        case "x", "X":
            let value = try hex(2)
            if isBytes {
                bytes.append(UInt8(value))
            } else {
                try appendScalar(value, to: &bytes, at: start)
            }
        case "u":
            try appendScalar(try hex(4), to: &bytes, at: start)
        case "U":
            try appendScalar(try hex(8), to: &bytes, at: start)
        case "0"..."3":
            var value = UInt32(code.value - 48)
            for _ in 0..<2 {
                guard let digit = peek(), ("0"..."7").contains(digit) else {
                    throw issue("an octal escape needs three digits (\\000 to \\377)", start)
                }
                value = value * 8 + (digit.value - 48)
                position += 1
            }
            if isBytes {
                bytes.append(UInt8(value))
            } else {
                try appendScalar(value, to: &bytes, at: start)
            }
        default:
            throw CELIssueError(
                CELIssue(
                    code: "cel.parse", message: "unknown escape `\\\(code)`", offset: start,
                    help: "write \\\\ for a backslash, or use a raw string r'...'"))
        }
    }

    private func appendScalar(_ value: UInt32, to bytes: inout [UInt8], at offset: Int)
        throws(CELIssueError)
    {
        guard let scalar = Unicode.Scalar(value) else {
            throw issue(
                "`\\u\(String(value, radix: 16))` is not a valid Unicode code point", offset)
        }
        bytes.append(contentsOf: Array(String(scalar).utf8))
    }

    private func issue(_ message: String, _ offset: Int) -> CELIssueError {
        CELIssueError(CELIssue(code: "cel.parse", message: message, offset: offset))
    }
}

/// A single issue thrown inside the parser or a macro, turned into a ``CELCompileError`` at
/// the parser's surface.
public struct CELIssueError: Error, Sendable {
    /// The issue.
    public var issue: CELIssue
    /// Wraps an issue.
    public init(_ issue: CELIssue) { self.issue = issue }
}
