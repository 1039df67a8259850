/// The YAML 1.2 core schema: how an untagged plain scalar becomes a typed value, and how the
/// standard `!!` tags are honoured.
///
/// YAML 1.1 words such as `yes`, `no`, `on`, `off`, `y` and `n` are strings here, as YAML 1.2
/// says; a profile that writes `paid: yes` therefore fails a boolean field with a clear
/// message instead of being read as `true` by accident.
public enum CoreSchema {
    /// The prefix of the standard tags (`!!str` is `tag:yaml.org,2002:str`).
    public static let tagPrefix = "tag:yaml.org,2002:"

    /// The outcome of resolving one scalar.
    public enum Resolution: Sendable, Equatable {
        /// The scalar's value.
        case value(ScalarValue)
        /// The text does not fit the explicit tag (`!!int abc`); `expected` names the type.
        case mismatch(expected: String)
        /// A number the tag or the schema calls an integer, outside 64 bits.
        case outOfRange
        /// A tag this loader does not know.
        case unknownTag
    }

    /// Resolves a scalar's text.
    ///
    /// - Parameters:
    ///   - text: The scalar's text.
    ///   - isPlain: Whether it was written unquoted (only plain scalars are resolved by the
    ///     schema; quoted and block scalars are strings).
    ///   - tag: The explicit tag, if any; `"!"` (the non-specific tag) means string.
    /// - Returns: The value, or why the text has none.
    public static func resolve(_ text: String, isPlain: Bool, tag: String?) -> Resolution {
        guard let tag else {
            return isPlain ? resolveUntaggedPlain(text) : .value(.string(text))
        }
        if tag == "!" { return .value(.string(text)) }
        guard tag.hasPrefix(tagPrefix) else { return .unknownTag }
        return resolveTagged(text, tag: String(tag.dropFirst(tagPrefix.count)))
    }

    private static func resolveUntaggedPlain(_ text: String) -> Resolution {
        // Most plain scalars are words (keys, names); decide those from the first byte alone.
        guard let first = text.utf8.first else { return .value(.null) }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"),
            UInt8(ascii: "."):
            let integer = resolveTagged(text, tag: "int")
            if integer != .mismatch(expected: "integer") { return integer }
            if let special = special(text) { return .value(special) }
            if case .value(let value) = resolveTagged(text, tag: "float") { return .value(value) }
            return .value(.string(text))
        case UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
            UInt8(ascii: "f"),
            UInt8(ascii: "F"), UInt8(ascii: "~"):
            return .value(special(text) ?? .string(text))
        default:
            return .value(.string(text))
        }
    }

    /// What a plain scalar's UTF-8 bytes resolve to, decided without making a string for the
    /// common cases: see ``QuickValue``. Agrees with ``resolve(_:isPlain:tag:)`` on every
    /// untagged plain scalar (a test holds them together).
    package static func quickResolvePlain(_ bytes: UnsafeBufferPointer<UInt8>) -> QuickValue {
        guard let first = bytes.first else { return .null }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"):
            // A decimal integer of up to 18 digits cannot overflow; anything else is decided
            // by the full resolution.
            var position = first == UInt8(ascii: "+") || first == UInt8(ascii: "-") ? 1 : 0
            let digits = bytes.count - position
            guard digits >= 1, digits <= 18 else { return .other }
            var magnitude: Int64 = 0
            var fractionDigits = -1  // -1 until a `.` is seen
            while position < bytes.count {
                if bytes[position] == UInt8(ascii: "."), fractionDigits < 0 {
                    fractionDigits = 0
                    position += 1
                    continue
                }
                let digit = bytes[position] &- UInt8(ascii: "0")
                guard digit <= 9 else { return .other }
                magnitude = magnitude * 10 + Int64(digit)
                if fractionDigits >= 0 { fractionDigits += 1 }
                position += 1
            }
            let negative = first == UInt8(ascii: "-")
            if fractionDigits < 0 { return .int(negative ? -magnitude : magnitude) }
            // `12.5`: at most 15 digits are exact in a double, and so is 10^k for k ≤ 15, so
            // one division gives the correctly rounded value, as parsing the text would
            // (Clinger's fast path). Anything longer is left to the full resolution.
            guard fractionDigits >= 1, digits <= 16 else { return .other }
            let value = Double(magnitude) / Self.powersOfTen[fractionDigits]
            return .float(negative ? -value : value)
        case UInt8(ascii: "."):
            return .other
        case UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
            UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "~"):
            // Compared as bytes: making a string of every word starting with n, t or f (a
            // name, a `true`) cost more than the rest of the resolution. (A list of the words
            // here was allocated on every call.)
            func spells(_ word: StaticString) -> Bool {
                word.utf8CodeUnitCount == bytes.count
                    && (0..<bytes.count).allSatisfy { word.utf8Start[$0] == bytes[$0] }
            }
            switch bytes.count {
            case 1: return first == UInt8(ascii: "~") ? .null : .string
            case 4:
                if spells("null") || spells("Null") || spells("NULL") { return .null }
                if spells("true") || spells("True") || spells("TRUE") { return .bool(true) }
                return .string
            case 5:
                return spells("false") || spells("False") || spells("FALSE")
                    ? .bool(false) : .string
            default: return .string
            }
        default:
            return .string
        }
    }

    private static let powersOfTen: [Double] = (0...15).map { pow10($0) }

    private static func pow10(_ exponent: Int) -> Double {
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// A plain scalar's value as ``quickResolvePlain(_:)`` decides it.
    public enum QuickValue: Sendable, Equatable {
        case null
        case bool(Bool)
        case int(Int64)
        /// A decimal fraction of up to 15 digits (`0.5`, `-12.25`).
        case float(Double)
        /// A string: the scalar's text.
        case string
        /// Not decided here (a float, a large or non-decimal integer, a named float): resolve
        /// the text with ``resolve(_:isPlain:tag:)``.
        case other
    }

    /// `null`, booleans, and the named floats.
    private static func special(_ text: String) -> ScalarValue? {
        switch text {
        case "", "~", "null", "Null", "NULL": .null
        case "true", "True", "TRUE": .bool(true)
        case "false", "False", "FALSE": .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": .float(-.infinity)
        case ".nan", ".NaN", ".NAN": .float(.nan)
        default: nil
        }
    }

    /// Resolves a scalar's text against a standard tag's short name (`int`, `str`, ...).
    static func resolveTagged(_ text: String, tag: String) -> Resolution {
        switch tag {
        case "str":
            return .value(.string(text))
        case "null":
            return special(text) == .null ? .value(.null) : .mismatch(expected: "null")
        case "bool":
            if case .bool(let flag) = special(text) { return .value(.bool(flag)) }
            return .mismatch(expected: "boolean (true or false)")
        case "int":
            guard let (digits, radix, negative) = integerDigits(text) else {
                return .mismatch(expected: "integer")
            }
            guard let magnitude = UInt64(digits, radix: radix) else { return .outOfRange }
            if negative {
                if magnitude == UInt64(Int64.max) + 1 { return .value(.int(Int64.min)) }
                guard magnitude <= UInt64(Int64.max) else { return .outOfRange }
                return .value(.int(-Int64(magnitude)))
            }
            guard magnitude <= UInt64(Int64.max) else { return .outOfRange }
            return .value(.int(Int64(magnitude)))
        case "float":
            if case .float(let number) = special(text) { return .value(.float(number)) }
            if isDecimalFloat(text), let number = Double(text) { return .value(.float(number)) }
            return .mismatch(expected: "number")
        default:
            return .unknownTag
        }
    }

    /// Splits `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+` into digits, radix and sign.
    private static func integerDigits(_ text: String) -> (Substring, Int, Bool)? {
        let bytes = text.utf8
        if bytes.starts(with: [UInt8(ascii: "0"), UInt8(ascii: "o")]) {
            let digits = bytes.dropFirst(2)
            guard !digits.isEmpty,
                digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") })
            else {
                return nil
            }
            return (Substring(text.dropFirst(2)), 8, false)
        }
        if bytes.starts(with: [UInt8(ascii: "0"), UInt8(ascii: "x")]) {
            let digits = bytes.dropFirst(2)
            guard !digits.isEmpty, digits.allSatisfy(isHexDigit) else { return nil }
            return (Substring(text.dropFirst(2)), 16, false)
        }
        var digits = Substring(text)
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.utf8.allSatisfy(isDigit) else { return nil }
        return (digits, 10, negative)
    }

    /// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
    private static func isDecimalFloat(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        func dropSign() {
            if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
                bytes = bytes.dropFirst()
            }
        }
        func dropDigits() -> Int {
            let count = bytes.prefix(while: isDigit).count
            bytes = bytes.dropFirst(count)
            return count
        }
        dropSign()
        let integerDigits = dropDigits()
        var fractionDigits = 0
        var hasDot = false
        if bytes.first == UInt8(ascii: ".") {
            hasDot = true
            bytes = bytes.dropFirst()
            fractionDigits = dropDigits()
        }
        if integerDigits == 0 && (!hasDot || fractionDigits == 0) { return false }
        if let marker = bytes.first, marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            dropSign()
            if dropDigits() == 0 { return false }
        }
        return bytes.isEmpty
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
    }
}
