import CEL

/// Which profile fields an expression reads, from its checked tree: top-level fields it names,
/// and fields it selects from profile records (`peer_workers[].supervision.interval_days`).
/// Presence tests (`has(...)`) are not reads: they handle absence themselves.
enum ReadAnalysis {
    static func paths(_ checked: CheckedAST) -> Set<String> {
        var paths: Set<String> = []
        func visit(_ expr: Expr) {
            switch expr.kind {
            case .literal:
                break
            case .ident:
                if case .variable(let name) = checked.references[expr.id], name != "params",
                    name != "as_of"
                {
                    paths.insert(name)
                }
            case .select(let operand, let field, let testOnly):
                if !testOnly, case .object(let object) = checked.types[operand.id],
                    object.name != "params"
                {
                    paths.insert(object.name == "profile" ? field : "\(object.name).\(field)")
                }
                if testOnly, case .ident = operand.kind {
                    break  // `has(field)` on a top-level record reads only presence.
                }
                visit(operand)
            case .call(let target, _, let args):
                if let target { visit(target) }
                args.forEach(visit)
            case .list(let items):
                items.forEach(visit)
            case .map(let entries):
                for entry in entries {
                    visit(entry.key)
                    visit(entry.value)
                }
            case .comprehension(let loop):
                [loop.iterRange, loop.accuInit, loop.loopCondition, loop.loopStep, loop.result]
                    .forEach(visit)
            }
        }
        visit(checked.ast.root)
        return paths
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
        func path(_ expr: Expr) -> String? {
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
            switch expr.kind {
            case .literal, .ident: break
            case .select(let operand, _, _): visit(operand)
            case .call(let target, let function, let args):
                if comparisons.contains(function), args.count == 2 {
                    for (index, arg) in args.enumerated() {
                        if let read = path(arg), let value = constant(args[1 - index]) {
                            thresholds[read, default: []].insert(value)
                            compared.insert(arg.id)
                        }
                    }
                }
                if let target { visit(target) }
                args.forEach(visit)
            case .list(let items): items.forEach(visit)
            case .map(let entries):
                for entry in entries {
                    visit(entry.key)
                    visit(entry.value)
                }
            case .comprehension(let loop):
                [loop.iterRange, loop.accuInit, loop.loopCondition, loop.loopStep, loop.result]
                    .forEach(visit)
            }
        }
        visit(checked.ast.root)
        var result: [String: [Double]] = [:]
        for (read, values) in thresholds where !otherwise.contains(read) {
            result[read] = values.sorted()
        }
        return result
    }
}
