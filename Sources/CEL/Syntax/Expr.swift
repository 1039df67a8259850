/// A node of a parsed CEL expression.
///
/// Nodes carry an integer ``id``; positions, types and resolved references live in side tables
/// keyed by it (``AST/offsets``, the checker's type map), as in cel-go, so the tree stays small
/// and one tree can be annotated by several passes.
public struct Expr: Sendable {
    /// What a node is.
    public indirect enum Kind: Sendable {
        /// A literal value.
        case literal(Constant)
        /// A name: a variable, a type name, or the start of a qualified name.
        case ident(String)
        /// `operand.field`; with `testOnly`, the presence test `has(operand.field)`.
        case select(operand: Expr, field: String, testOnly: Bool)
        /// A global call `f(args)` (target `nil`) or a receiver call `target.f(args)`.
        /// Operators are calls to functions with reserved names such as `_+_`.
        case call(target: Expr?, function: String, args: [Expr])
        /// `[a, b, c]`.
        case list([Expr])
        /// `{k: v, ...}`.
        case map([MapEntry])
        /// A loop produced by macro expansion (`all`, `exists`, `map`, `filter`, ...).
        case comprehension(Comprehension)
    }

    /// One `key: value` entry of a map literal.
    public struct MapEntry: Sendable {
        /// The entry's node id (its position is the key's).
        public var id: Int
        /// The key expression.
        public var key: Expr
        /// The value expression.
        public var value: Expr
    }

    /// The node's id, unique within its ``AST``.
    public var id: Int
    /// The node's kind.
    public var kind: Kind

    /// Creates a node.
    public init(id: Int, kind: Kind) {
        self.id = id
        self.kind = kind
    }
}

/// A literal constant.
public enum Constant: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
}

extension Constant {
    /// The literal's value.
    public var value: CELValue {
        switch self {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let number): .int(number)
        case .uint(let number): .uint(number)
        case .double(let number): .double(number)
        case .string(let text): .string(text)
        case .bytes(let bytes): .bytes(bytes)
        }
    }
}

/// The loop every comprehension macro expands to, as the CEL specification defines it:
///
/// ```
/// accu = accuInit
/// for iterVar in iterRange {
///     if !loopCondition { break }
///     accu = loopStep
/// }
/// return result
/// ```
public struct Comprehension: Sendable {
    /// The loop variable.
    public var iterVar: String
    /// What is iterated: a list's elements or a map's keys.
    public var iterRange: Expr
    /// The accumulator's name (`@result` for the standard macros).
    public var accuVar: String
    /// The accumulator's first value.
    public var accuInit: Expr
    /// Evaluated before each step; the loop stops when it is `false`.
    public var loopCondition: Expr
    /// The accumulator's next value.
    public var loopStep: Expr
    /// The value of the whole loop.
    public var result: Expr

    /// Creates a comprehension.
    public init(
        iterVar: String, iterRange: Expr, accuVar: String, accuInit: Expr, loopCondition: Expr,
        loopStep: Expr, result: Expr
    ) {
        self.iterVar = iterVar
        self.iterRange = iterRange
        self.accuVar = accuVar
        self.accuInit = accuInit
        self.loopCondition = loopCondition
        self.loopStep = loopStep
        self.result = result
    }
}

/// A parsed expression: its tree and the side table of where each node was written.
public struct AST: Sendable {
    /// The root node.
    public var root: Expr
    /// The source text.
    public var source: CELSource
    /// The offset (in Unicode scalars from the start of the source) of each node, by id.
    public var offsets: [Int]

    /// The offset of a node.
    public func offset(of id: Int) -> Int {
        id < offsets.count ? offsets[id] : 0
    }
}

/// The reserved function names of CEL's operators.
public enum Operator {
    public static let conditional = "_?_:_"
    public static let logicalAnd = "_&&_"
    public static let logicalOr = "_||_"
    public static let logicalNot = "!_"
    public static let negate = "-_"
    public static let equals = "_==_"
    public static let notEquals = "_!=_"
    public static let less = "_<_"
    public static let lessEquals = "_<=_"
    public static let greater = "_>_"
    public static let greaterEquals = "_>=_"
    public static let add = "_+_"
    public static let subtract = "_-_"
    public static let multiply = "_*_"
    public static let divide = "_/_"
    public static let modulo = "_%_"
    public static let index = "_[_]"
    public static let `in` = "@in"
    /// Internal: true unless its argument is `false` (errors count as not false). Used by the
    /// `all` and `exists` macros' loop conditions.
    public static let notStrictlyFalse = "@not_strictly_false"

    /// How an operator is written, for messages.
    public static func display(_ name: String) -> String {
        switch name {
        case conditional: "?:"
        case logicalAnd: "&&"
        case logicalOr: "||"
        case logicalNot: "!"
        case negate: "-"
        case equals: "=="
        case notEquals: "!="
        case less: "<"
        case lessEquals: "<="
        case greater: ">"
        case greaterEquals: ">="
        case add: "+"
        case subtract: "-"
        case multiply: "*"
        case divide: "/"
        case modulo: "%"
        case index: "[]"
        case `in`: "in"
        default: name
        }
    }
}
