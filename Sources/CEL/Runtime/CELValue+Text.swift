extension CELValue {
    /// The value written as CEL source would write it: `1`, `2u`, `1.5`, `"text"`, `b"\x00"`,
    /// `[1, 2]`, `{"k": v}`, `timestamp("...")`, `duration("...")`.
    public var debugText: String {
        switch self {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .uint(let number): return "\(number)u"
        case .double(let number): return Self.format(number)
        case .string(let text): return Self.quote(text)
        case .bytes(let bytes):
            return "b\""
                + bytes.map { byte in
                    byte >= 0x20 && byte < 0x7F && byte != 0x22 && byte != 0x5C
                        ? String(UnicodeScalar(byte))
                        : "\\x" + String(byte, radix: 16).leftPadded(2)
                }.joined() + "\""
        case .list(let items): return "[" + items.map(\.debugText).joined(separator: ", ") + "]"
        case .map(let map):
            return "{"
                + map.entries.map { "\($0.key.debugText): \($0.value.debugText)" }.joined(
                    separator: ", ") + "}"
        case .timestamp(let time): return "timestamp(\"\(time.rfc3339)\")"
        case .duration(let span): return "duration(\"\(span.text)\")"
        case .type(let type): return type.runtimeName
        case .error(let error): return "error(\(Self.quote(error.message)))"
        }
    }

    /// A double as debug text: Swift's shortest round-trip form (`1.0`, `1e+100`).
    static func format(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        return "\(number)"
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\x" + String(scalar.value, radix: 16).leftPadded(2)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
