/// Type conversions: `int`, `uint`, `double`, `string`, `bytes`, `bool`, `dyn`, `type`,
/// `timestamp`, `duration`.
enum ConversionLibrary {
    private static let a = CELType.parameter("A")

    private static let toInt: Implementation = .unary { value in
        switch value {
        case .int: return value
        case .uint(let number):
            guard let exact = Int64(exactly: number) else {
                return .fail("int range error: \(number)u")
            }
            return .int(exact)
        case .double(let number):
            // Go's and cel-go's rule: the truncated value must lie strictly inside int's range.
            guard number.isFinite, number > -9_223_372_036_854_775_808.0,
                number < 9_223_372_036_854_775_807.0
            else {
                return .fail("int range error: \(number)")
            }
            return .int(Int64(number.rounded(.towardZero)))
        case .string(let text):
            guard let number = Int64(text) else { return .fail("cannot convert '\(text)' to int") }
            return .int(number)
        case .timestamp(let time): return .int(time.seconds)
        default: return .error(.noSuchOverload("int", [value]))
        }
    }

    private static let toUInt: Implementation = .unary { value in
        switch value {
        case .uint: return value
        case .int(let number):
            guard number >= 0 else { return .fail("uint range error: \(number)") }
            return .uint(UInt64(number))
        case .double(let number):
            guard number.isFinite, number > -1, number < 18_446_744_073_709_551_616.0 else {
                return .fail("uint range error: \(number)")
            }
            return .uint(UInt64(number.rounded(.towardZero)))
        case .string(let text):
            guard let number = UInt64(text) else {
                return .fail("cannot convert '\(text)' to uint")
            }
            return .uint(number)
        default: return .error(.noSuchOverload("uint", [value]))
        }
    }

    private static let toDouble: Implementation = .unary { value in
        switch value {
        case .double: return value
        case .int(let number): return .double(Double(number))
        case .uint(let number): return .double(Double(number))
        case .string(let text):
            guard let number = parseDouble(text) else {
                return .fail("cannot convert '\(text)' to double")
            }
            return .double(number)
        default: return .error(.noSuchOverload("double", [value]))
        }
    }

    private static let toString: Implementation = .unary { value in
        switch value {
        case .string: return value
        case .int(let number): return .string(String(number))
        case .uint(let number): return .string(String(number))
        case .double(let number): return .string(GoFloatFormat.g(number))
        case .bool(let flag): return .string(flag ? "true" : "false")
        case .bytes(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else {
                return .fail("bytes are not valid UTF-8 and cannot convert to string")
            }
            return .string(text)
        case .timestamp(let time): return .string(time.rfc3339)
        case .duration(let span): return .string(span.text)
        default: return .error(.noSuchOverload("string", [value]))
        }
    }

    private static let toBytes: Implementation = .unary { value in
        switch value {
        case .bytes: value
        case .string(let text): .bytes(Array(text.utf8))
        default: .error(.noSuchOverload("bytes", [value]))
        }
    }

    private static let toBool: Implementation = .unary { value in
        switch value {
        case .bool: return value
        case .string(let text):
            switch text {
            case "1", "t", "T", "true", "TRUE", "True": return .bool(true)
            case "0", "f", "F", "false", "FALSE", "False": return .bool(false)
            default: return .fail("cannot convert '\(text)' to bool")
            }
        default: return .error(.noSuchOverload("bool", [value]))
        }
    }

    private static let toTimestamp: Implementation = .unary { value in
        switch value {
        case .timestamp: return value
        case .string(let text):
            guard let time = CELTimestamp(rfc3339: text) else {
                return .fail(
                    "cannot convert '\(text)' to a timestamp (expected RFC 3339, e.g. 2024-03-01T00:00:00Z)"
                )
            }
            return .timestamp(time)
        case .int(let seconds):
            guard let time = CELTimestamp(seconds: seconds) else {
                return .fail("timestamp out of range")
            }
            return .timestamp(time)
        default: return .error(.noSuchOverload("timestamp", [value]))
        }
    }

    private static let toDuration: Implementation = .unary { value in
        switch value {
        case .duration: return value
        case .string(let text):
            guard let span = CELDuration(parsing: text) else {
                return .fail("cannot convert '\(text)' to a duration (e.g. 90s, 1h30m, 250ms)")
            }
            return .duration(span)
        default: return .error(.noSuchOverload("duration", [value]))
        }
    }

    /// Decimal text as CEL reads it for `double()`: digits, a fraction, an exponent, and the
    /// words for infinity and NaN that cel-go accepts.
    static func parseDouble(_ text: String) -> Double? {
        switch text.lowercased() {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan": return .nan
        default: break
        }
        let allowed = Set("0123456789+-.eE")
        guard !text.isEmpty, text.allSatisfy(allowed.contains) else { return nil }
        return Double(text)
    }

    static var declarations: [FunctionDecl] {
        [
            FunctionDecl(
                "int",
                summary:
                    "Converts to int: truncates doubles, parses decimal text, gives a timestamp's Unix seconds.",
                examples: [("int(2.7)", "2"), ("int('42')", "42")],
                overloads: [
                    Overload("int64_to_int64", [.int], .int, toInt),
                    Overload("uint64_to_int64", [.uint], .int, toInt),
                    Overload("double_to_int64", [.double], .int, toInt),
                    Overload("string_to_int64", [.string], .int, toInt),
                    Overload("timestamp_to_int64", [.timestamp], .int, toInt),
                ]),
            FunctionDecl(
                "uint", summary: "Converts to uint; negative values are an error.",
                examples: [("uint(42)", "42u")],
                overloads: [
                    Overload("uint64_to_uint64", [.uint], .uint, toUInt),
                    Overload("int64_to_uint64", [.int], .uint, toUInt),
                    Overload("double_to_uint64", [.double], .uint, toUInt),
                    Overload("string_to_uint64", [.string], .uint, toUInt),
                ]),
            FunctionDecl(
                "double", summary: "Converts to double.",
                examples: [("double(3)", "3.0"), ("double('0.25')", "0.25")],
                overloads: [
                    Overload("double_to_double", [.double], .double, toDouble),
                    Overload("int64_to_double", [.int], .double, toDouble),
                    Overload("uint64_to_double", [.uint], .double, toDouble),
                    Overload("string_to_double", [.string], .double, toDouble),
                ]),
            FunctionDecl(
                "string", summary: "Converts to text.",
                examples: [("string(42)", "'42'"), ("string(true)", "'true'")],
                overloads: [
                    Overload("string_to_string", [.string], .string, toString),
                    Overload("int64_to_string", [.int], .string, toString),
                    Overload("uint64_to_string", [.uint], .string, toString),
                    Overload("double_to_string", [.double], .string, toString),
                    Overload("bool_to_string", [.bool], .string, toString),
                    Overload("bytes_to_string", [.bytes], .string, toString),
                    Overload("timestamp_to_string", [.timestamp], .string, toString),
                    Overload("duration_to_string", [.duration], .string, toString),
                ]),
            FunctionDecl(
                "bytes", summary: "Converts text to its UTF-8 bytes.",
                examples: [("bytes('a')", "b'a'")],
                overloads: [
                    Overload("bytes_to_bytes", [.bytes], .bytes, toBytes),
                    Overload("string_to_bytes", [.string], .bytes, toBytes),
                ]),
            FunctionDecl(
                "bool", summary: "Converts 'true', 'false' (and t, f, 1, 0) to a boolean.",
                examples: [("bool('true')", "true")],
                overloads: [
                    Overload("bool_to_bool", [.bool], .bool, toBool),
                    Overload("string_to_bool", [.string], .bool, toBool),
                ]),
            FunctionDecl(
                "dyn",
                summary: "Marks a value as dynamically typed, so the checker accepts it anywhere.",
                examples: [("dyn(1) == 1.0", "true")],
                overloads: [Overload("to_dyn", [a], .dyn, .unary { $0 })]),
            FunctionDecl(
                "type", summary: "The type of a value.", examples: [("type(1) == int", "true")],
                overloads: [Overload("type", [a], .type(a), .unary { .type($0.type) })]),
            FunctionDecl(
                "timestamp", summary: "A point in time from RFC 3339 text or Unix seconds.",
                examples: [("timestamp('2024-03-01T00:00:00Z').getFullYear()", "2024")],
                overloads: [
                    Overload("string_to_timestamp", [.string], .timestamp, toTimestamp),
                    Overload("int64_to_timestamp", [.int], .timestamp, toTimestamp),
                    Overload("timestamp_to_timestamp", [.timestamp], .timestamp, toTimestamp),
                ]),
            FunctionDecl(
                "duration", summary: "A span of time from text such as '90s', '1h30m' or '250ms'.",
                examples: [("duration('1h30m').getMinutes()", "90")],
                overloads: [
                    Overload("string_to_duration", [.string], .duration, toDuration),
                    Overload("duration_to_duration", [.duration], .duration, toDuration),
                ]),
        ]
    }
}

/// Go's `%g` formatting of a double with the shortest precision, which cel-go uses for
/// `string(double)`: plain decimals for exponents from -4 to 20, otherwise `1e+21` style.
enum GoFloatFormat {
    static func g(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Inf" : "+Inf" }
        if number == 0 { return number.sign == .minus ? "-0" : "0" }
        // Swift's description is the shortest round-trip form; take its digits and exponent.
        let (digits, pointPosition) = decimalDigits(abs(number))
        let exponent = pointPosition - 1
        let sign = number < 0 ? "-" : ""
        if exponent < -4 || exponent >= 21 {
            var mantissa = String(digits.first ?? "0")
            if digits.count > 1 { mantissa += "." + digits.dropFirst() }
            let exponentText = String(abs(exponent))
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + (exponentText.count < 2 ? "0" : "") + exponentText
        }
        if pointPosition <= 0 {
            return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
        }
        if pointPosition >= digits.count {
            return sign + digits + String(repeating: "0", count: pointPosition - digits.count)
        }
        let index = digits.index(digits.startIndex, offsetBy: pointPosition)
        return sign + digits[..<index] + "." + digits[index...]
    }

    /// The significant digits of a positive double and where its decimal point falls.
    private static func decimalDigits(_ number: Double) -> (String, Int) {
        let text = "\(number)"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let integerPart = String(parts[0])
        let fractionPart = parts.count > 1 ? String(parts[1]) : ""
        var digits = integerPart + fractionPart
        var pointPosition = integerPart.count + exponent
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        return (digits, pointPosition)
    }
}
