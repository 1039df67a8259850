/// Parses CEL source into an ``AST`` (cel-spec's grammar), expanding macros as it goes.
///
/// Recursive descent, one function per precedence level. Two limits keep hostile input from
/// overflowing the stack: the source length, and the depth of the tree built (every node's
/// depth is known when it is made, so a long `a.b.b.b…` chain or `1+1+1…` is caught as surely
/// as deep parentheses).
struct Parser {
    private var tokens: [Token]
    private var index = 0
    private var offsets: [Int] = []
    private var depths: [Int] = []
    private let limits: ParserLimits
    private let macros: [String: [Macro]]
    private var recursion = 0

    private static let reserved: Set<String> = [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let",
        "loop",
        "package", "namespace", "return", "var", "void", "while",
    ]

    init(tokens: [Token], limits: ParserLimits, macros: [Macro]) {
        self.tokens = tokens
        self.limits = limits
        self.macros = Dictionary(grouping: macros, by: \.function)
    }

    /// Parses the whole token stream as one expression.
    mutating func parse() throws(CELIssueError) -> (Expr, [Int]) {
        let root = try expression()
        guard case .end = current.kind else {
            throw unexpected("end of expression")
        }
        return (root, offsets)
    }

    // MARK: - Node construction

    /// Makes a node at `offset` whose children are `children`, enforcing the depth limit.
    mutating func node(_ kind: Expr.Kind, at offset: Int, children: [Int] = [])
        throws(CELIssueError) -> Expr
    {
        let depth = 1 + (children.map { depths[$0] }.max() ?? 0)
        if depth > limits.maxDepth {
            throw CELIssueError(
                CELIssue(
                    code: "cel.too-deep",
                    message: "the expression is nested more than \(limits.maxDepth) levels deep",
                    offset: offset, help: "split it into simpler expressions"))
        }
        let id = offsets.count
        offsets.append(offset)
        depths.append(depth)
        return Expr(id: id, kind: kind)
    }

    private mutating func call(
        _ function: String, _ args: [Expr], at offset: Int, target: Expr? = nil
    )
        throws(CELIssueError) -> Expr
    {
        try node(
            .call(target: target, function: function, args: args), at: offset,
            children: ((target.map { [$0] } ?? []) + args).map(\.id))
    }

    /// Offsets of the nodes made so far (for macros' error positions).
    var offsetsSoFar: [Int] { offsets }

    // MARK: - Tokens

    private var current: Token { tokens[index] }

    private mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    private func isPunctuation(_ symbol: String) -> Bool {
        current.kind == .punctuation(symbol)
    }

    private func isKeyword(_ word: String) -> Bool {
        current.kind == .identifier(word)
    }

    private mutating func expect(_ symbol: String) throws(CELIssueError) {
        guard isPunctuation(symbol) else { throw unexpected("`\(symbol)`") }
        advance()
    }

    private func unexpected(_ expected: String) -> CELIssueError {
        let found: String
        switch current.kind {
        case .end: found = "the end of the expression"
        case .identifier(let name): found = "`\(name)`"
        case .punctuation(let symbol): found = "`\(symbol)`"
        case .string, .bytes: found = "a string"
        default: found = "a number"
        }
        return CELIssueError(
            CELIssue(
                code: "cel.parse", message: "expected \(expected), found \(found)",
                offset: current.offset))
    }

    // MARK: - Grammar

    private mutating func expression() throws(CELIssueError) -> Expr {
        try enterNesting()
        defer { recursion -= 1 }
        let condition = try logicalOr()
        guard isPunctuation("?") else { return condition }
        let offset = current.offset
        advance()
        let whenTrue = try logicalOr()
        try expect(":")
        let whenFalse = try expression()
        return try call(Operator.conditional, [condition, whenTrue, whenFalse], at: offset)
    }

    private mutating func logicalOr() throws(CELIssueError) -> Expr {
        var left = try logicalAnd()
        while isPunctuation("||") {
            let offset = current.offset
            advance()
            left = try call(Operator.logicalOr, [left, try logicalAnd()], at: offset)
        }
        return left
    }

    private mutating func logicalAnd() throws(CELIssueError) -> Expr {
        var left = try relation()
        while isPunctuation("&&") {
            let offset = current.offset
            advance()
            left = try call(Operator.logicalAnd, [left, try relation()], at: offset)
        }
        return left
    }

    private mutating func relation() throws(CELIssueError) -> Expr {
        var left = try addition()
        let operators = [
            "<": Operator.less, "<=": Operator.lessEquals, ">": Operator.greater,
            ">=": Operator.greaterEquals,
            "==": Operator.equals, "!=": Operator.notEquals,
        ]
        while true {
            let offset = current.offset
            if case .punctuation(let symbol) = current.kind, let function = operators[symbol] {
                advance()
                left = try call(function, [left, try addition()], at: offset)
            } else if isKeyword("in") {
                advance()
                left = try call(Operator.in, [left, try addition()], at: offset)
            } else {
                return left
            }
        }
    }

    private mutating func addition() throws(CELIssueError) -> Expr {
        var left = try multiplication()
        while isPunctuation("+") || isPunctuation("-") {
            let function = isPunctuation("+") ? Operator.add : Operator.subtract
            let offset = current.offset
            advance()
            left = try call(function, [left, try multiplication()], at: offset)
        }
        return left
    }

    private mutating func multiplication() throws(CELIssueError) -> Expr {
        var left = try unary()
        while isPunctuation("*") || isPunctuation("/") || isPunctuation("%") {
            let function =
                isPunctuation("*")
                ? Operator.multiply : isPunctuation("/") ? Operator.divide : Operator.modulo
            let offset = current.offset
            advance()
            left = try call(function, [left, try unary()], at: offset)
        }
        return left
    }

    /// Counts one level of the parser's own recursion, which must stop at the depth limit
    /// before the stack does: the tree's depth is only known once a level returns.
    private mutating func enterNesting() throws(CELIssueError) {
        recursion += 1
        if recursion > limits.maxDepth {
            recursion -= 1
            throw CELIssueError(
                CELIssue(
                    code: "cel.too-deep",
                    message: "the expression is nested more than \(limits.maxDepth) levels deep",
                    offset: current.offset, help: "split it into simpler expressions"))
        }
    }

    /// The operand of `!` or `-`: a nested unary, counted like any nesting (`!!!!…x`).
    private mutating func nestedUnary() throws(CELIssueError) -> Expr {
        try enterNesting()
        defer { recursion -= 1 }
        return try unary()
    }

    private mutating func unary() throws(CELIssueError) -> Expr {
        if isPunctuation("!") {
            let offset = current.offset
            advance()
            return try call(Operator.logicalNot, [try nestedUnary()], at: offset)
        }
        if isPunctuation("-") {
            let offset = current.offset
            advance()
            // A minus directly before a number literal is part of the literal, so the most
            // negative int can be written.
            switch current.kind {
            case .int(let value) where !isFollowedByMember():
                advance()
                return try node(.literal(.int(-value)), at: offset)
            case .intOverflow(let text) where !isFollowedByMember():
                guard let value = Int64("-" + text) else {
                    throw CELIssueError(
                        CELIssue(
                            code: "cel.parse", message: "the number is too large for int",
                            offset: offset))
                }
                advance()
                return try node(.literal(.int(value)), at: offset)
            case .double(let value) where !isFollowedByMember():
                advance()
                return try node(.literal(.double(-value)), at: offset)
            default:
                return try call(Operator.negate, [try nestedUnary()], at: offset)
            }
        }
        return try member()
    }

    /// Whether the token after the current one continues a member expression (`-1.foo()`
    /// negates the call's result, so the minus is not folded).
    private func isFollowedByMember() -> Bool {
        let next = tokens[min(index + 1, tokens.count - 1)].kind
        return next == .punctuation(".") || next == .punctuation("[")
    }

    private mutating func member() throws(CELIssueError) -> Expr {
        var operand = try primary()
        while true {
            if isPunctuation(".") {
                advance()
                let offset = current.offset
                if case .quotedIdentifier(let name) = current.kind {
                    advance()
                    operand = try node(
                        .select(operand: operand, field: name, testOnly: false), at: offset,
                        children: [operand.id])
                    continue
                }
                guard case .identifier(let name) = current.kind else {
                    throw unexpected("a field or method name")
                }
                advance()
                if isPunctuation("(") {
                    advance()
                    let args = try expressionList(closing: ")")
                    operand = try expandOrCall(name, target: operand, args: args, at: offset)
                } else {
                    operand = try node(
                        .select(operand: operand, field: name, testOnly: false), at: offset,
                        children: [operand.id])
                }
            } else if isPunctuation("[") {
                let offset = current.offset
                advance()
                let key = try expression()
                try expect("]")
                operand = try call(Operator.index, [operand, key], at: offset)
            } else {
                return operand
            }
        }
    }

    private mutating func primary() throws(CELIssueError) -> Expr {
        let token = current
        switch token.kind {
        case .int(let value):
            advance()
            return try node(.literal(.int(value)), at: token.offset)
        case .intOverflow:
            throw CELIssueError(
                CELIssue(
                    code: "cel.parse", message: "the number is too large for int",
                    offset: token.offset,
                    help: "add a `u` suffix for a uint, or a `.0` for a double"))
        case .uint(let value):
            advance()
            return try node(.literal(.uint(value)), at: token.offset)
        case .double(let value):
            advance()
            return try node(.literal(.double(value)), at: token.offset)
        case .string(let text):
            advance()
            return try node(.literal(.string(text)), at: token.offset)
        case .bytes(let bytes):
            advance()
            return try node(.literal(.bytes(bytes)), at: token.offset)
        case .punctuation("("):
            advance()
            let inner = try expression()
            try expect(")")
            return inner
        case .punctuation("["):
            advance()
            let items = try expressionList(closing: "]")
            return try node(.list(items), at: token.offset, children: items.map(\.id))
        case .punctuation("{"):
            advance()
            return try mapLiteral(at: token.offset)
        case .punctuation("."):
            // A leading dot names the root namespace: `.name`.
            advance()
            guard case .identifier(let name) = current.kind else {
                throw unexpected("a name after `.`")
            }
            return try identifier(name, at: token.offset, leadingDot: true)
        case .identifier(let name):
            return try identifier(name, at: token.offset, leadingDot: false)
        default:
            throw unexpected("an expression")
        }
    }

    private mutating func identifier(_ name: String, at offset: Int, leadingDot: Bool)
        throws(CELIssueError) -> Expr
    {
        advance()
        switch name {
        case "true": return try node(.literal(.bool(true)), at: offset)
        case "false": return try node(.literal(.bool(false)), at: offset)
        case "null": return try node(.literal(.null), at: offset)
        default: break
        }
        if name == "in" || Self.reserved.contains(name) {
            throw CELIssueError(
                CELIssue(
                    code: "cel.parse",
                    message: "`\(name)` is a reserved word and cannot be used as a name",
                    offset: offset))
        }
        if isPunctuation("(") {
            advance()
            let args = try expressionList(closing: ")")
            return try expandOrCall(
                leadingDot ? "." + name : name, target: nil, args: args, at: offset)
        }
        if isPunctuation("{") {
            throw CELIssueError(
                CELIssue(
                    code: "cel.unsupported",
                    message: "message construction (`\(name){...}`) is not supported",
                    offset: offset,
                    help: "readiness has no protobuf messages; use a map literal {\"key\": value}"))
        }
        return try node(.ident(leadingDot ? "." + name : name), at: offset)
    }

    private mutating func expressionList(closing: String) throws(CELIssueError) -> [Expr] {
        var items: [Expr] = []
        if isPunctuation(closing) {
            advance()
            return items
        }
        while true {
            items.append(try expression())
            if isPunctuation(",") {
                advance()
                if isPunctuation(closing) {  // A trailing comma is allowed.
                    advance()
                    return items
                }
                continue
            }
            try expect(closing)
            return items
        }
    }

    private mutating func mapLiteral(at offset: Int) throws(CELIssueError) -> Expr {
        var entries: [Expr.MapEntry] = []
        var children: [Int] = []
        while !isPunctuation("}") {
            let keyOffset = current.offset
            let key = try expression()
            try expect(":")
            let value = try expression()
            let entry = try node(.literal(.null), at: keyOffset, children: [key.id, value.id])
            entries.append(Expr.MapEntry(id: entry.id, key: key, value: value))
            children.append(entry.id)
            if isPunctuation(",") {
                advance()
            } else {
                break
            }
        }
        try expect("}")
        return try node(.map(entries), at: offset, children: children)
    }

    // MARK: - Macros

    private mutating func expandOrCall(
        _ function: String, target: Expr?, args: [Expr], at offset: Int
    )
        throws(CELIssueError) -> Expr
    {
        if let candidates = macros[function] {
            for macro in candidates
            where macro.isReceiverStyle == (target != nil) && macro.argumentCount == args.count {
                var context = MacroContext(parser: self, offset: offset)
                let expanded = try macro.expand(&context, target, args)
                self = context.parser
                if let expanded { return expanded }
            }
        }
        return try call(function, args, at: offset, target: target)
    }
}

/// Limits on what the parser accepts.
public struct ParserLimits: Sendable, Hashable {
    /// The longest expression, in Unicode scalars.
    public var maxLength: Int
    /// The deepest expression tree (after macro expansion).
    public var maxDepth: Int

    /// The defaults: 100,000 characters and 100 levels — rule conditions are a line or two and
    /// nest a handful of levels.
    public static let `default` = ParserLimits(maxLength: 100_000, maxDepth: 100)

    /// Creates limits.
    public init(maxLength: Int, maxDepth: Int) {
        self.maxLength = maxLength
        self.maxDepth = maxDepth
    }
}
