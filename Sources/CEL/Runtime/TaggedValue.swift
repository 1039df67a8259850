import Foundation

/// The tagged JSON form of CEL values used by the CEL conformance suite and by
/// `readiness eval --format json`: `{"int": "3"}`, `{"double": 1.5}`, `{"list": [...]}`,
/// `{"map": [[k, v], ...]}`, `{"timestamp": "..."}` and so on.
public enum TaggedValue {
    /// Reads a tagged value from decoded JSON (`JSONSerialization` output).
    ///
    /// - Throws: ``CELError`` naming what is malformed.
    public static func decode(_ json: Any) throws(CELError) -> CELValue {
        guard let object = json as? [String: Any], object.count == 1,
            let (tag, payload) = object.first
        else {
            throw CELError("a tagged value is an object with one key, such as {\"int\": \"3\"}")
        }
        switch tag {
        case "null": return .null
        case "bool":
            guard let number = payload as? NSNumber, isBoolean(number) else {
                throw CELError("\"bool\" needs true or false")
            }
            return .bool(number.boolValue)
        case "int":
            guard let number = integer(payload, Int64.self) else {
                throw CELError("\"int\" needs a 64-bit integer")
            }
            return .int(number)
        case "uint":
            guard let number = integer(payload, UInt64.self) else {
                throw CELError("\"uint\" needs an unsigned 64-bit integer")
            }
            return .uint(number)
        case "double":
            if let text = payload as? String {
                switch text {
                case "NaN": return .double(.nan)
                case "Infinity": return .double(.infinity)
                case "-Infinity": return .double(-.infinity)
                default:
                    guard let number = Double(text) else {
                        throw CELError("\"double\" text '\(text)' is not a number")
                    }
                    return .double(number)
                }
            }
            guard let number = payload as? NSNumber, !isBoolean(number) else {
                throw CELError("\"double\" needs a number")
            }
            return .double(number.doubleValue)
        case "string":
            guard let text = payload as? String else { throw CELError("\"string\" needs text") }
            return .string(text)
        case "bytes_b64", "bytes":
            guard let text = payload as? String, let data = Data(base64Encoded: text) else {
                throw CELError("\"\(tag)\" needs base64 text")
            }
            return .bytes([UInt8](data))
        case "list":
            guard let items = payload as? [Any] else { throw CELError("\"list\" needs an array") }
            var values: [CELValue] = []
            for item in items { values.append(try decode(item)) }
            return .list(values)
        case "map":
            guard let pairs = payload as? [Any] else {
                throw CELError("\"map\" needs an array of [key, value] pairs")
            }
            var decoded: [(CELValue, CELValue)] = []
            for pair in pairs {
                guard let entry = pair as? [Any], entry.count == 2 else {
                    throw CELError("each \"map\" entry is a [key, value] pair")
                }
                decoded.append((try decode(entry[0]), try decode(entry[1])))
            }
            switch CELMap.make(decoded) {
            case .success(let map): return .map(map)
            case .failure(let error): throw error
            }
        case "timestamp":
            guard let text = payload as? String, let time = CELTimestamp(rfc3339: text) else {
                throw CELError("\"timestamp\" needs RFC 3339 text")
            }
            return .timestamp(time)
        case "duration":
            guard let text = payload as? String, let span = CELDuration(parsing: text) else {
                throw CELError("\"duration\" needs text such as \"1.5s\"")
            }
            return .duration(span)
        case "type":
            guard let name = payload as? String, let type = CELType(name: name) else {
                throw CELError("unknown type name")
            }
            return .type(type)
        default:
            throw CELError("unknown tag \"\(tag)\"")
        }
    }

    /// Writes a value in tagged form, as a JSON-serialisable object.
    public static func encode(_ value: CELValue) -> Any {
        switch value {
        case .null: return ["null": NSNull()]
        case .bool(let flag): return ["bool": flag]
        case .int(let number): return ["int": String(number)]
        case .uint(let number): return ["uint": String(number)]
        case .double(let number):
            if number.isNaN { return ["double": "NaN"] }
            if number.isInfinite { return ["double": number < 0 ? "-Infinity" : "Infinity"] }
            return ["double": number]
        case .string(let text): return ["string": text]
        case .bytes(let bytes): return ["bytes_b64": Data(bytes).base64EncodedString()]
        case .list(let items): return ["list": items.map(encode)]
        case .map(let map): return ["map": map.entries.map { [encode($0.key), encode($0.value)] }]
        case .timestamp(let time): return ["timestamp": time.rfc3339]
        case .duration(let span): return ["duration": span.text]
        case .type(let type): return ["type": type.runtimeName]
        case .error(let error): return ["error": error.message]
        }
    }

    /// One line of JSON for a value, keys sorted, so output is byte-for-byte repeatable.
    public static func json(_ value: CELValue) -> String {
        let object = encode(value)
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: object,
                options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
        else { return "{\"error\":\"the value cannot be written as JSON\"}" }
        return String(decoding: data, as: UTF8.self)
    }

    private static func integer<T: FixedWidthInteger>(_ payload: Any, _: T.Type) -> T? {
        if let text = payload as? String { return T(text) }
        if let number = payload as? NSNumber, !isBoolean(number) {
            return T(exactly: number.doubleValue)
        }
        return nil
    }

    private static func isBoolean(_ number: NSNumber) -> Bool {
        // JSONSerialization gives booleans as NSNumber; tell them apart by their type.
        String(cString: number.objCType) == "c"
    }
}

extension CELType {
    /// A type from its CEL name (`int`, `list(int)`, `map(string, dyn)`, `google.protobuf.Timestamp`);
    /// `nil` for names it does not know.
    public init?(name: String) {
        var parser = TypeNameParser(text: Array(name.unicodeScalars))
        guard let type = parser.parse(), parser.atEnd else { return nil }
        self = type
    }
}

private struct TypeNameParser {
    let text: [Unicode.Scalar]
    var position = 0

    var atEnd: Bool {
        text[position...].allSatisfy { $0 == " " }
    }

    mutating func word() -> String {
        while position < text.count, text[position] == " " { position += 1 }
        var name = ""
        while position < text.count, text[position] != "(", text[position] != ")",
            text[position] != ",", text[position] != " "
        {
            name.unicodeScalars.append(text[position])
            position += 1
        }
        return name
    }

    mutating func parse() -> CELType? {
        let name = word()
        var parameters: [CELType] = []
        if position < text.count, text[position] == "(" {
            position += 1
            while true {
                guard let parameter = parse() else { return nil }
                parameters.append(parameter)
                while position < text.count, text[position] == " " { position += 1 }
                guard position < text.count else { return nil }
                if text[position] == "," {
                    position += 1
                    continue
                }
                guard text[position] == ")" else { return nil }
                position += 1
                break
            }
        }
        switch (name, parameters.count) {
        case ("dyn", 0): return .dyn
        case ("null_type", 0): return .null
        case ("bool", 0): return .bool
        case ("int", 0): return .int
        case ("uint", 0): return .uint
        case ("double", 0): return .double
        case ("string", 0): return .string
        case ("bytes", 0): return .bytes
        case ("list", 0): return .list(.dyn)
        case ("list", 1): return .list(parameters[0])
        case ("map", 0): return .map(.dyn, .dyn)
        case ("map", 2): return .map(parameters[0], parameters[1])
        case ("type", 0): return .type(nil)
        case ("type", 1): return .type(parameters[0])
        case ("google.protobuf.Timestamp", 0): return .timestamp
        case ("google.protobuf.Duration", 0): return .duration
        case ("*error*", 0): return .error
        default:
            guard let first = name.unicodeScalars.first else { return nil }
            if parameters.isEmpty && name.count <= 2 && ("A"..."Z").contains(first) {
                return .parameter(name)
            }
            return .opaque(name, parameters)
        }
    }
}
