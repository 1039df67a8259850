/// A CEL value at run time.
public enum CELValue: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case list([CELValue])
    case map(CELMap)
    case timestamp(CELTimestamp)
    case duration(CELDuration)
    case type(CELType)
    /// An evaluation error, carried as a value so `&&`, `||` and `?:` can absorb it as the
    /// specification requires (`false && (1/0 == 1)` is `false`).
    indirect case error(CELError)

    /// The value's runtime type, as `type(x)` returns it.
    public var type: CELType {
        switch self {
        case .null: .null
        case .bool: .bool
        case .int: .int
        case .uint: .uint
        case .double: .double
        case .string: .string
        case .bytes: .bytes
        case .list: .list(.dyn)
        case .map: .map(.dyn, .dyn)
        case .timestamp: .timestamp
        case .duration: .duration
        case .type: .type(nil)
        case .error: .error
        }
    }

    /// Whether the value is an error.
    public var isError: Bool {
        if case .error = self { return true }
        return false
    }
}

/// An evaluation error: what went wrong, in plain words.
public struct CELError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The message.
    public var message: String
    /// When the error is a read of data that is not there (a map key or a variable), the
    /// name that was missing. Embedders use it to tell missing evidence from a defect.
    public var missingField: String?

    /// Creates an error.
    public init(_ message: String, missingField: String? = nil) {
        self.message = message
        self.missingField = missingField
    }

    /// A read of a map key or variable that is not there.
    public static func missing(_ field: String) -> CELError {
        CELError("no such key: '\(field)'", missingField: field)
    }

    /// The message.
    public var description: String { message }

    static func noSuchOverload(_ function: String, _ args: [CELValue]) -> CELError {
        CELError(
            "no such overload: \(Operator.display(function))(\(args.map { $0.type.runtimeName }.joined(separator: ", ")))"
        )
    }

    static let divideByZero = CELError("division by zero")
    static let moduloByZero = CELError("modulus by zero")
    static func overflow(_ what: String) -> CELError { CELError("\(what) overflow") }
}

extension CELValue {
    /// Wraps an error.
    static func fail(_ message: String) -> CELValue { .error(CELError(message)) }
}
