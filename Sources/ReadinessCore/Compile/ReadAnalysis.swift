import CEL

/// Which profile fields an expression reads, from its checked tree: top-level fields it names,
/// and fields it selects from profile records (`peer_workers[].supervision.interval_days`).
/// Presence tests (`has(...)`) are not reads: they handle absence themselves.
enum ReadAnalysis {
    static func paths(_ checked: CheckedAST) -> Set<String> {
        var paths: Set<String> = []
        func visit(_ expr: Expr) {
            if let read = readPath(expr, checked) { paths.insert(read) }
            children(expr).forEach(visit)
        }
        visit(checked.ast.root)
        return paths
    }

    /// The fields an expression tests the presence of (`has(staff.trained)`): not reads, for
    /// a rule that tests presence handles absence itself, but uses of the field all the same.
    static func presenceTests(_ checked: CheckedAST) -> Set<String> {
        var paths: Set<String> = []
        func visit(_ expr: Expr) {
            if case .select(let operand, let field, true) = expr.kind,
                case .object(let object) = checked.types[operand.id], object.name != "params"
            {
                paths.insert(object.name == "profile" ? field : "\(object.name).\(field)")
            }
            children(expr).forEach(visit)
        }
        visit(checked.ast.root)
        return paths
    }

    /// The profile field a node reads: a top-level field it names, or a field it selects from
    /// a profile record (`peer_workers[].supervision.interval_days`); `nil` for anything else,
    /// `params`, `as_of` and presence tests included.
    static func readPath(_ expr: Expr, _ checked: CheckedAST) -> String? {
        switch expr.kind {
        case .ident:
            if case .variable(let name) = checked.references[expr.id], name != "params",
                name != "as_of"
            {
                return name
            }
        case .select(let operand, let field, false):
            if case .object(let object) = checked.types[operand.id], object.name != "params" {
                return object.name == "profile" ? field : "\(object.name).\(field)"
            }
        default: break
        }
        return nil
    }

    /// A node's operands, in order; none for `has(field)` on a top-level record, which reads
    /// only presence.
    static func children(_ expr: Expr) -> [Expr] {
        switch expr.kind {
        case .literal, .ident: return []
        case .select(let operand, _, let testOnly):
            if testOnly, case .ident = operand.kind { return [] }
            return [operand]
        case .call(let target, _, let args): return (target.map { [$0] } ?? []) + args
        case .list(let items): return items
        case .map(let entries): return entries.flatMap { [$0.key, $0.value] }
        case .comprehension(let loop):
            return [loop.iterRange, loop.accuInit, loop.loopCondition, loop.loopStep, loop.result]
        }
    }
}

extension ReadAnalysis {
    /// The comparison functions whose outcome, for a field compared with a constant, changes
    /// only at that constant.
    static let comparisons: Set<String> = [
        Operator.less, Operator.lessEquals, Operator.greater, Operator.greaterEquals,
        Operator.equals, Operator.notEquals,
    ]

    /// The fields an expression reads only by comparing them with constants (a literal or a
    /// parameter: `cadetship.study_days_per_week >= params.cadetship_study_days`), each with
    /// the constants: where such a field is missing, its outcome can change only at those
    /// values, so a few values either side of each stand for all the others
    /// (``MissingData``). A field read in any other way (in arithmetic, passed to a
    /// function) is left out.
    static func comparisonThresholds(_ checked: CheckedAST, parameters: [Parameter]) -> [String:
        [Double]]
    {
        var thresholds: [String: Set<Double>] = [:]
        var otherwise: Set<String> = []
        var compared: Set<Int> = []
        func path(_ expr: Expr) -> String? { readPath(expr, checked) }
        func constant(_ expr: Expr) -> Double? {
            switch expr.kind {
            case .literal(.int(let value)): return Double(value)
            case .literal(.uint(let value)): return Double(value)
            case .literal(.double(let value)): return value
            case .select(let operand, let field, false):
                guard case .ident("params") = operand.kind,
                    let parameter = parameters.first(where: { $0.name == field })
                else { return nil }
                switch parameter.value {
                case .int(let value): return Double(value)
                case .double(let value): return value
                default: return nil
                }
            default: return nil
            }
        }
        func visit(_ expr: Expr) {
            if let read = path(expr), !compared.contains(expr.id) { otherwise.insert(read) }
            if case .call(_, let function, let args) = expr.kind, comparisons.contains(function),
                args.count == 2
            {
                for (index, arg) in args.enumerated() {
                    if let read = path(arg), let value = constant(args[1 - index]) {
                        thresholds[read, default: []].insert(value)
                        compared.insert(arg.id)
                    }
                }
            }
            children(expr).forEach(visit)
        }
        visit(checked.ast.root)
        var result: [String: [Double]] = [:]
        for (read, values) in thresholds where !otherwise.contains(read) {
            result[read] = values.sorted()
        }
        return result
    }
}
