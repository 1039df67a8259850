import CEL

/// Writes an expression tree back as CEL text (macros in their written form), for
/// explanations that show each sub-expression beside its value.
enum Unparser {
    private static let binary: [String: (symbol: String, precedence: Int)] = [
        Operator.logicalOr: ("||", 1), Operator.logicalAnd: ("&&", 2), Operator.equals: ("==", 3),
        Operator.notEquals: ("!=", 3), Operator.less: ("<", 3), Operator.lessEquals: ("<=", 3),
        Operator.greater: (">", 3), Operator.greaterEquals: (">=", 3), Operator.in: ("in", 3),
        Operator.add: ("+", 4),
        Operator.subtract: ("-", 4), Operator.multiply: ("*", 5), Operator.divide: ("/", 5),
        Operator.modulo: ("%", 5),
    ]

    static func text(_ expr: Expr) -> String {
        switch expr.kind {
        case .literal(let constant):
            switch constant {
            case .string(let text):
                return "'" + text.replacingOccurrences(of: "'", with: "\\'") + "'"
            default: return constant.value.debugText
            }
        case .ident(let name):
            return name
        case .select(let operand, let field, let testOnly):
            return testOnly ? "has(\(text(operand)).\(field))" : "\(text(operand)).\(field)"
        case .list(let items):
            return "[" + items.map(text).joined(separator: ", ") + "]"
        case .map(let entries):
            return "{"
                + entries.map { "\(text($0.key)): \(text($0.value))" }.joined(separator: ", ") + "}"
        case .call(let target, let function, let args):
            if target == nil, let (symbol, precedence) = binary[function], args.count == 2 {
                return
                    "\(operand(args[0], precedence)) \(symbol) \(operand(args[1], precedence + 1))"
            }
            switch (function, args.count) {
            case (Operator.logicalNot, 1): return "!" + operand(args[0], 6)
            case (Operator.negate, 1): return "-" + operand(args[0], 6)
            case (Operator.index, 2): return "\(operand(args[0], 7))[\(text(args[1]))]"
            case (Operator.conditional, 3):
                return "\(operand(args[0], 1)) ? \(text(args[1])) : \(text(args[2]))"
            default: break
            }
            let arguments = args.map(text).joined(separator: ", ")
            if let target { return "\(operand(target, 7)).\(function)(\(arguments))" }
            return "\(function)(\(arguments))"
        case .comprehension(let loop):
            return comprehension(loop)
        }
    }

    private static func operand(_ expr: Expr, _ precedence: Int) -> String {
        if case .call(nil, let function, let args) = expr.kind, args.count == 2,
            let inner = binary[function], inner.precedence < precedence
        {
            return "(\(text(expr)))"
        }
        if case .call(nil, Operator.conditional, _) = expr.kind { return "(\(text(expr)))" }
        return text(expr)
    }

    /// The macro a loop was written as.
    static func comprehension(_ loop: Comprehension) -> String {
        let range = operand(loop.iterRange, 7)
        let variable = loop.iterVar
        switch (loop.accuInit.kind, loop.loopStep.kind) {
        case (.literal(.bool(true)), .call(nil, Operator.logicalAnd, let args))
        where args.count == 2:
            return "\(range).all(\(variable), \(text(args[1])))"
        case (.literal(.bool(false)), .call(nil, Operator.logicalOr, let args))
        where args.count == 2:
            return "\(range).exists(\(variable), \(text(args[1])))"
        case (.literal(.int(0)), .call(nil, Operator.conditional, let args)) where args.count == 3:
            return "\(range).exists_one(\(variable), \(text(args[0])))"
        case (.list, .call(nil, Operator.add, let args)) where args.count == 2:
            if case .list(let items) = args[1].kind, items.count == 1 {
                return "\(range).map(\(variable), \(text(items[0])))"
            }
        case (.list, .call(nil, Operator.conditional, let args)) where args.count == 3:
            if case .call(nil, Operator.add, let append) = args[1].kind, append.count == 2,
                case .list(let items) = append[1].kind,
                items.count == 1
            {
                if case .ident(let name) = items[0].kind, name == variable {
                    return "\(range).filter(\(variable), \(text(args[0])))"
                }
                return "\(range).map(\(variable), \(text(args[0])), \(text(items[0])))"
            }
        default:
            break
        }
        return "\(range).<loop over \(variable)>"
    }
}
