/// The declarations an expression is compiled against: variables with their types, functions
/// with their overloads, and macros. Compile once with ``compile(_:)``; evaluate the
/// ``Program`` many times.
///
/// ```swift
/// var env = Environment()
/// env.declare("org", .map(.string, .dyn))
/// let program = try env.compile("size(org.peer_workers) > 0")
/// let result = program.evaluate(["org": .map(...)])
/// ```
public struct Environment: Sendable {
    /// Declared variables.
    public private(set) var variables: [String: CELType] = [:]
    /// Declared functions by name, the standard library included.
    public private(set) var functions: [String: FunctionDecl] = [:]
    /// Macros the parser expands.
    public var macros: [Macro] = Macro.standard
    /// Parser limits.
    public var parserLimits: ParserLimits = .default

    /// Type names usable as values (`type(x) == int`).
    static let typeNames: [String: CELType] = [
        "int": .int, "uint": .uint, "double": .double, "bool": .bool, "string": .string,
        "bytes": .bytes,
        "list": .list(.dyn), "map": .map(.dyn, .dyn), "null_type": .null, "type": .type(nil),
        "google.protobuf.Timestamp": .timestamp, "google.protobuf.Duration": .duration,
    ]

    /// An environment with CEL's standard library and macros.
    public init() {
        for declaration in Self.standardLibrary { declare(declaration) }
    }

    /// The standard library: operators, `size`, string tests, conversions and time getters.
    public static var standardLibrary: [FunctionDecl] {
        OperatorLibrary.declarations + CoreLibrary.declarations + ConversionLibrary.declarations
            + TimeLibrary.declarations
    }

    /// Declares (or redeclares) a variable.
    public mutating func declare(_ name: String, _ type: CELType) {
        variables[name] = type
    }

    /// Declares a function, adding its overloads to any already declared under its name.
    public mutating func declare(_ function: FunctionDecl) {
        if var existing = functions[function.name] {
            let known = Set(existing.overloads.map(\.id))
            existing.overloads += function.overloads.filter { !known.contains($0.id) }
            if existing.summary.isEmpty { existing.summary = function.summary }
            existing.examples += function.examples
            functions[function.name] = existing
        } else {
            functions[function.name] = function
        }
    }

    /// Parses an expression, expanding macros.
    ///
    /// - Throws: ``CELCompileError`` with code `cel.parse`, `cel.too-long` or
    ///   `cel.too-deep`.
    public func parse(_ text: String) throws(CELCompileError) -> AST {
        let source = CELSource(text)
        if source.scalars.count > parserLimits.maxLength {
            throw CELCompileError(
                issues: [
                    CELIssue(
                        code: "cel.too-long",
                        message:
                            "the expression is \(source.scalars.count) characters long, over the limit of \(parserLimits.maxLength)",
                        offset: 0, help: "split it into smaller expressions")
                ], source: source)
        }
        do {
            var lexer = Lexer(source)
            var parser = Parser(tokens: try lexer.tokens(), limits: parserLimits, macros: macros)
            let (root, offsets) = try parser.parse()
            return AST(root: root, source: source, offsets: offsets)
        } catch {
            throw CELCompileError(issues: [error.issue], source: source)
        }
    }

    /// Type-checks a parsed expression against the declarations.
    ///
    /// - Throws: ``CELCompileError`` with code `cel.type` listing every problem found.
    public func check(_ ast: AST) throws(CELCompileError) -> CheckedAST {
        var checker = Checker(environment: self, ast: ast)
        return try checker.check(ast)
    }

    /// Parses, checks and plans an expression.
    public func compile(_ text: String, options: ProgramOptions = .init()) throws(CELCompileError)
        -> Program
    {
        let checked = try check(try parse(text))
        return program(checked.ast, checked: checked, options: options)
    }

    /// Plans an expression for evaluation; without a checked AST, names resolve at run time
    /// (the `--no-check` mode).
    public func program(_ ast: AST, checked: CheckedAST? = nil, options: ProgramOptions = .init())
        -> Program
    {
        var planner = Planner(environment: self, checked: checked, options: options)
        let root = planner.plan(ast.root)
        return Program(
            root: root, globals: planner.globals, localCount: planner.localCount, options: options,
            resultType: checked?.resultType ?? .dyn)
    }
}
