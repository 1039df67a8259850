/// A CEL type, as the checker reasons about it and as `type(x)` returns it.
public indirect enum CELType: Sendable, Hashable, CustomStringConvertible {
    case dyn
    case null
    case bool
    case int
    case uint
    case double
    case string
    case bytes
    case list(CELType)
    case map(CELType, CELType)
    case timestamp
    case duration
    /// The type of a type value; `type(int)` is the type of `int`.
    case type(CELType?)
    /// A type parameter in a function signature (`A` in `size(list(A))`).
    case parameter(String)
    /// A record: a map from field names to typed values, declared by the embedder (the
    /// readiness profile schema). At run time its values are maps.
    case object(ObjectType)
    /// An opaque named type with parameters (`optional_type(int)`).
    case opaque(String, [CELType])
    /// A value of the inner type, or `null` (as CEL's wrapper types are): it fits wherever
    /// the inner type does, and compares with `null`. Used on the value null stands for
    /// (a training never done), so `x == null` and `x != null` check.
    case nullable(CELType)
    /// The type of an expression that failed to check.
    case error

    /// The name CEL prints for the type (`list(int)`, `google.protobuf.Timestamp`, ...).
    public var description: String {
        switch self {
        case .dyn: "dyn"
        case .null: "null_type"
        case .bool: "bool"
        case .int: "int"
        case .uint: "uint"
        case .double: "double"
        case .string: "string"
        case .bytes: "bytes"
        case .list(let element): "list(\(element))"
        case .map(let key, let value): "map(\(key), \(value))"
        case .timestamp: "google.protobuf.Timestamp"
        case .duration: "google.protobuf.Duration"
        case .type(let inner): inner.map { "type(\($0))" } ?? "type"
        case .parameter(let name): name
        case .object(let object): object.name
        case .opaque(let name, let parameters):
            parameters.isEmpty
                ? name : "\(name)(\(parameters.map(\.description).joined(separator: ", ")))"
        case .nullable(let inner): "wrapper(\(inner))"
        case .error: "*error*"
        }
    }

    /// The name of the runtime type, as `type(x)` compares it: `list` and `map` without
    /// parameters, records as `map`.
    public var runtimeName: String {
        switch self {
        case .list: "list"
        case .map, .object: "map"
        case .type: "type"
        case .nullable(let inner): inner.runtimeName
        default: description
        }
    }
}

/// A record type: named, with typed fields. Used for data whose shape is known in advance
/// (an organisation profile), so the checker can report unknown fields with a did-you-mean.
public final class ObjectType: Sendable, Hashable, CustomStringConvertible {
    /// The type's name, shown in messages (`profile.peer_workers`).
    public let name: String
    /// The fields and their types.
    public let fields: [String: CELType]

    /// Creates a record type.
    public init(name: String, fields: [String: CELType]) {
        self.name = name
        self.fields = fields
    }

    /// The type's name.
    public var description: String { name }

    /// Record types are equal when they have the same name and fields.
    public static func == (lhs: ObjectType, rhs: ObjectType) -> Bool {
        lhs === rhs || (lhs.name == rhs.name && lhs.fields == rhs.fields)
    }

    /// Hashes the name (fields are compared on equality).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
    }
}
