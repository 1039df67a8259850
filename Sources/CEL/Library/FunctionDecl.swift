/// A function the checker and the interpreter know: its name, documentation and overloads.
///
/// Operators are functions with reserved names (`_+_`); their overloads carry no
/// implementation because the interpreter evaluates them natively.
public struct FunctionDecl: Sendable {
    /// The name as called (`size`, `startsWith`, `_+_`, `days_since`).
    public var name: String
    /// What it does, for generated documentation.
    public var summary: String
    /// Example expressions, each with the value it gives, for documentation and tests.
    public var examples: [(expression: String, result: String)]
    /// The overloads.
    public var overloads: [Overload]

    /// Creates a function declaration.
    public init(
        _ name: String, summary: String = "", examples: [(String, String)] = [],
        overloads: [Overload]
    ) {
        self.name = name
        self.summary = summary
        self.examples = examples.map { (expression: $0.0, result: $0.1) }
        self.overloads = overloads
    }
}

/// One signature of a function, with its implementation.
public struct Overload: Sendable {
    /// A unique id, such as `size_string`.
    public var id: String
    /// Whether it is called as `target.f(args)`; the target is the first parameter.
    public var isReceiver: Bool
    /// The parameter types, the receiver first for receiver-style overloads. Type parameters
    /// are written `.parameter("A")`.
    public var parameters: [CELType]
    /// The result type.
    public var result: CELType
    /// What it computes; `nil` for operators the interpreter implements itself.
    public var implementation: Implementation?

    /// Creates an overload.
    public init(
        _ id: String, receiver: Bool = false, _ parameters: [CELType], _ result: CELType,
        _ implementation: Implementation? = nil
    ) {
        self.id = id
        isReceiver = receiver
        self.parameters = parameters
        self.result = result
        self.implementation = implementation
    }

    /// Whether run-time arguments fit this overload's parameter kinds.
    func accepts(_ args: [CELValue]) -> Bool {
        guard args.count == parameters.count else { return false }
        for (parameter, value) in zip(parameters, args) where !parameter.admits(value) {
            return false
        }
        return true
    }

    /// Whether one run-time argument fits this overload's parameter kinds.
    func accepts(_ arg: CELValue) -> Bool {
        parameters.count == 1 && parameters[0].admits(arg)
    }

    /// Whether two run-time arguments fit this overload's parameter kinds.
    func accepts(_ first: CELValue, _ second: CELValue) -> Bool {
        parameters.count == 2 && parameters[0].admits(first) && parameters[1].admits(second)
    }
}

/// An overload's implementation. Arguments arrive already evaluated and free of errors.
public enum Implementation: Sendable {
    case unary(@Sendable (CELValue) -> CELValue)
    case binary(@Sendable (CELValue, CELValue) -> CELValue)
    case ternary(@Sendable (CELValue, CELValue, CELValue) -> CELValue)
    case variadic(@Sendable ([CELValue]) -> CELValue)

    func call(_ args: [CELValue]) -> CELValue {
        switch self {
        case .unary(let body): body(args[0])
        case .binary(let body): body(args[0], args[1])
        case .ternary(let body): body(args[0], args[1], args[2])
        case .variadic(let body): body(args)
        }
    }

    /// Calls with one argument (an overload of one parameter).
    func call(_ arg: CELValue) -> CELValue {
        switch self {
        case .unary(let body): body(arg)
        case .variadic(let body): body([arg])
        case .binary, .ternary: preconditionFailure("an overload of one parameter takes more")
        }
    }

    /// Calls with two arguments (an overload of two parameters).
    func call(_ first: CELValue, _ second: CELValue) -> CELValue {
        switch self {
        case .unary(let body): body(first)
        case .binary(let body): body(first, second)
        case .variadic(let body): body([first, second])
        case .ternary: preconditionFailure("an overload of two parameters takes three")
        }
    }
}

extension CELType {
    /// Whether a run-time value is of this (declared) type's kind.
    func admits(_ value: CELValue) -> Bool {
        switch (self, value) {
        case (.dyn, _), (.parameter, _), (.error, _): return true
        case (.null, .null), (.bool, .bool), (.int, .int), (.uint, .uint), (.double, .double),
            (.string, .string),
            (.bytes, .bytes), (.list, .list), (.map, .map), (.object, .map),
            (.timestamp, .timestamp),
            (.duration, .duration), (.type, .type):
            return true
        default:
            return false
        }
    }
}
