/// A macro: a call shape that the parser rewrites into other syntax, as CEL's `has`, `all`,
/// `exists`, `exists_one`, `map` and `filter` are. An embedding program may add its own.
public struct Macro: Sendable {
    /// The function name that triggers it.
    public var function: String
    /// Whether it is written `target.f(args)` (`true`) or `f(args)`.
    public var isReceiverStyle: Bool
    /// How many arguments it takes (the target not counted).
    public var argumentCount: Int
    /// Rewrites the call; returning `nil` leaves it an ordinary call.
    public var expand: @Sendable (inout MacroContext, Expr?, [Expr]) throws(CELIssueError) -> Expr?

    /// Creates a macro.
    public init(
        function: String, isReceiverStyle: Bool, argumentCount: Int,
        expand:
            @escaping @Sendable (inout MacroContext, Expr?, [Expr]) throws(CELIssueError) -> Expr?
    ) {
        self.function = function
        self.isReceiverStyle = isReceiverStyle
        self.argumentCount = argumentCount
        self.expand = expand
    }
}

/// What a macro may do while it rewrites: make nodes (all placed at the macro call's position)
/// and report errors.
public struct MacroContext {
    var parser: Parser
    /// Where the macro call was written.
    public let offset: Int

    /// A literal node.
    public mutating func literal(_ constant: Constant) throws(CELIssueError) -> Expr {
        try parser.node(.literal(constant), at: offset)
    }

    /// A name node.
    public mutating func ident(_ name: String) throws(CELIssueError) -> Expr {
        try parser.node(.ident(name), at: offset)
    }

    /// A call node.
    public mutating func call(_ function: String, _ args: [Expr], target: Expr? = nil)
        throws(CELIssueError) -> Expr
    {
        try parser.node(
            .call(target: target, function: function, args: args), at: offset,
            children: ((target.map { [$0] } ?? []) + args).map(\.id))
    }

    /// A list literal node.
    public mutating func list(_ items: [Expr]) throws(CELIssueError) -> Expr {
        try parser.node(.list(items), at: offset, children: items.map(\.id))
    }

    /// A field selection, or with `testOnly` a presence test.
    public mutating func select(_ operand: Expr, _ field: String, testOnly: Bool)
        throws(CELIssueError) -> Expr
    {
        try parser.node(
            .select(operand: operand, field: field, testOnly: testOnly), at: offset,
            children: [operand.id])
    }

    /// A comprehension node.
    public mutating func comprehension(_ loop: Comprehension) throws(CELIssueError) -> Expr {
        try parser.node(
            .comprehension(loop), at: offset,
            children: [
                loop.iterRange.id, loop.accuInit.id, loop.loopCondition.id, loop.loopStep.id,
                loop.result.id,
            ])
    }

    /// An error at the macro call (or at `expr`, when given).
    public func error(_ message: String, at expr: Expr? = nil, help: String? = nil) -> CELIssueError
    {
        let at = expr.map { parser.offsetOf($0.id) } ?? offset
        return CELIssueError(CELIssue(code: "cel.parse", message: message, offset: at, help: help))
    }
}

extension Parser {
    func offsetOf(_ id: Int) -> Int { offsetsSoFar[id] }
}

extension Macro {
    /// The accumulator name the standard macros use; `@` keeps it out of reach of user names.
    public static let accumulator = "@result"

    /// CEL's standard macros.
    public static let standard: [Macro] = [has, all, exists, existsOne, map2, map3, filter]

    /// `has(a.b)`: whether field `b` is present in `a`.
    public static let has = Macro(function: "has", isReceiverStyle: false, argumentCount: 1) {
        context, _, args throws(CELIssueError) in
        guard case .select(let operand, let field, false) = args[0].kind else {
            throw context.error(
                "has() needs a field selection", at: args[0],
                help: "write has(object.field), e.g. has(org.peer_workers)")
        }
        return try context.select(operand, field, testOnly: true)
    }

    /// `list.all(x, p)`: `p` holds for every element.
    public static let all = Macro(function: "all", isReceiverStyle: true, argumentCount: 2) {
        context, target, args throws(CELIssueError) in
        let name = try loopVariable(args[0], &context)
        let accu = try context.ident(accumulator)
        return try context.comprehension(
            Comprehension(
                iterVar: name, iterRange: try receiver(target, context), accuVar: accumulator,
                accuInit: try context.literal(.bool(true)),
                loopCondition: try context.call(
                    Operator.notStrictlyFalse, [try context.ident(accumulator)]),
                loopStep: try context.call(Operator.logicalAnd, [accu, args[1]]),
                result: try context.ident(accumulator)))
    }

    /// `list.exists(x, p)`: `p` holds for at least one element.
    public static let exists = Macro(function: "exists", isReceiverStyle: true, argumentCount: 2) {
        context, target, args throws(CELIssueError) in
        let name = try loopVariable(args[0], &context)
        let notAccu = try context.call(Operator.logicalNot, [try context.ident(accumulator)])
        return try context.comprehension(
            Comprehension(
                iterVar: name, iterRange: try receiver(target, context), accuVar: accumulator,
                accuInit: try context.literal(.bool(false)),
                loopCondition: try context.call(Operator.notStrictlyFalse, [notAccu]),
                loopStep: try context.call(
                    Operator.logicalOr, [try context.ident(accumulator), args[1]]),
                result: try context.ident(accumulator)))
    }

    /// `list.exists_one(x, p)`: `p` holds for exactly one element.
    public static let existsOne = Macro(
        function: "exists_one", isReceiverStyle: true, argumentCount: 2
    ) { context, target, args throws(CELIssueError) in
        let name = try loopVariable(args[0], &context)
        let increment = try context.call(
            Operator.add, [try context.ident(accumulator), try context.literal(.int(1))])
        return try context.comprehension(
            Comprehension(
                iterVar: name, iterRange: try receiver(target, context), accuVar: accumulator,
                accuInit: try context.literal(.int(0)),
                loopCondition: try context.literal(.bool(true)),
                loopStep: try context.call(
                    Operator.conditional, [args[1], increment, try context.ident(accumulator)]),
                result: try context.call(
                    Operator.equals, [try context.ident(accumulator), try context.literal(.int(1))])
            ))
    }

    /// `list.map(x, t)`: `t` for each element.
    public static let map2 = Macro(function: "map", isReceiverStyle: true, argumentCount: 2) {
        context, target, args throws(CELIssueError) in
        let name = try loopVariable(args[0], &context)
        let step = try context.call(
            Operator.add, [try context.ident(accumulator), try context.list([args[1]])])
        return try context.comprehension(
            Comprehension(
                iterVar: name, iterRange: try receiver(target, context), accuVar: accumulator,
                accuInit: try context.list([]),
                loopCondition: try context.literal(.bool(true)), loopStep: step,
                result: try context.ident(accumulator)))
    }

    /// `list.map(x, p, t)`: `t` for each element where `p` holds.
    public static let map3 = Macro(function: "map", isReceiverStyle: true, argumentCount: 3) {
        context, target, args throws(CELIssueError) in
        let name = try loopVariable(args[0], &context)
        let append = try context.call(
            Operator.add, [try context.ident(accumulator), try context.list([args[2]])])
        let step = try context.call(
            Operator.conditional, [args[1], append, try context.ident(accumulator)])
        return try context.comprehension(
            Comprehension(
                iterVar: name, iterRange: try receiver(target, context), accuVar: accumulator,
                accuInit: try context.list([]),
                loopCondition: try context.literal(.bool(true)), loopStep: step,
                result: try context.ident(accumulator)))
    }

    /// `list.filter(x, p)`: the elements where `p` holds.
    public static let filter = Macro(function: "filter", isReceiverStyle: true, argumentCount: 2) {
        context, target, args throws(CELIssueError) in
        let name = try loopVariable(args[0], &context)
        let append = try context.call(
            Operator.add,
            [try context.ident(accumulator), try context.list([try context.ident(name)])])
        let step = try context.call(
            Operator.conditional, [args[1], append, try context.ident(accumulator)])
        return try context.comprehension(
            Comprehension(
                iterVar: name, iterRange: try receiver(target, context), accuVar: accumulator,
                accuInit: try context.list([]),
                loopCondition: try context.literal(.bool(true)), loopStep: step,
                result: try context.ident(accumulator)))
    }

    private static func receiver(_ target: Expr?, _ context: MacroContext) throws(CELIssueError)
        -> Expr
    {
        guard let target else {
            throw context.error("this macro needs a receiver, as in list.all(x, p)")
        }
        return target
    }

    private static func loopVariable(_ expr: Expr, _ context: inout MacroContext)
        throws(CELIssueError) -> String
    {
        guard case .ident(let name) = expr.kind, !name.hasPrefix(".") else {
            throw context.error(
                "the loop variable must be a simple name", at: expr,
                help: "write e.g. list.all(x, x > 0)")
        }
        return name
    }
}
