/// A JSON value whose objects keep their members in the order written, for documents people
/// read as well as programs (the JSON Schemas `readiness schema` prints: fields in the order
/// the rule set declares them, `type` before `description`).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The value as JSON text, two spaces a level, ending with a newline.
    public var text: String {
        var out = ""
        write(to: &out, indent: "")
        return out + "\n"
    }

    private func write(to out: inout String, indent: String) {
        switch self {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .int(let number): out += String(number)
        case .number(let number):
            // A whole number is written without `.0`, as JSON readers expect of `"minimum": 0`.
            if number.rounded() == number, abs(number) < 1e15 {
                out += String(Int(number))
            } else {
                out += "\(number)"
            }
        case .string(let text): Self.quote(text, into: &out)
        case .array(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            // A short list of scalars stays on one line (`"type": ["integer", "null"]`).
            if items.count <= 8, items.allSatisfy(\.isScalar) {
                var line = ""
                for (index, item) in items.enumerated() {
                    if index > 0 { line += ", " }
                    item.write(to: &line, indent: indent)
                }
                if line.count + indent.count <= 80 {
                    out += "[" + line + "]"
                    return
                }
            }
            let inner = indent + "  "
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += inner
                item.write(to: &out, indent: inner)
                out += index == items.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case .object(let object):
            guard !object.members.isEmpty else {
                out += "{}"
                return
            }
            // A small object of scalars stays on one line (`{"type": "null"}`).
            if object.members.count <= 2, object.members.allSatisfy(\.value.isScalar) {
                var line = ""
                for (index, member) in object.members.enumerated() {
                    if index > 0 { line += ", " }
                    Self.quote(member.key, into: &line)
                    line += ": "
                    member.value.write(to: &line, indent: indent)
                }
                if line.count + indent.count <= 80 {
                    out += "{" + line + "}"
                    return
                }
            }
            let inner = indent + "  "
            out += "{\n"
            for (index, member) in object.members.enumerated() {
                out += inner
                Self.quote(member.key, into: &out)
                out += ": "
                member.value.write(to: &out, indent: inner)
                out += index == object.members.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    private static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// The member `key` of an object; `nil` for anything else.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }
}

/// A JSON object: its members in order, each key once.
public struct JSONObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// One key and its value.
    public struct Member: Sendable, Equatable {
        /// The key.
        public var key: String
        /// Its value.
        public var value: JSONValue
    }

    /// The members in order.
    public private(set) var members: [Member] = []

    /// An empty object.
    public init() {}

    /// An object of the members written, in order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        for (key, value) in elements { self[key] = value }
    }

    /// The value of `key`; setting one keeps an existing key's place, adds a new key at the
    /// end, and removes the key when set to `nil`.
    public subscript(key: String) -> JSONValue? {
        get { members.first { $0.key == key }?.value }
        set {
            let index = members.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let index?, let value?): members[index].value = value
            case (let index?, nil): members.remove(at: index)
            case (nil, let value?): members.append(Member(key: key, value: value))
            case (nil, nil): break
            }
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral,
    ExpressibleByFloatLiteral
{
    /// A string.
    public init(stringLiteral value: String) { self = .string(value) }
    /// A whole number.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// A number.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// `true` or `false`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An array of the values written.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// An object of the members written, in order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var object = JSONObject()
        for (key, value) in elements { object[key] = value }
        self = .object(object)
    }
}
