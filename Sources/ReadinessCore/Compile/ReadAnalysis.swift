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
