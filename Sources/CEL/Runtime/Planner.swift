/// Turns a (checked) AST into a tree of ``Interpretable`` nodes, once per program: names are
/// resolved to slots, operators to native nodes, calls to the overloads that can apply.
struct Planner {
    private let environment: Environment
    private let checked: CheckedAST?
    private let options: ProgramOptions
    private(set) var globals: [String] = []
    private var globalSlots: [String: Int] = [:]
    private var scopes: [[String: Int]] = []
    /// How many loop-local slots (iteration variables and accumulators) the program uses.
    private(set) var localCount = 0

    init(environment: Environment, checked: CheckedAST?, options: ProgramOptions) {
        self.environment = environment
        self.checked = checked
        self.options = options
        for name in options.layout { _ = globalSlot(name) }
    }

    mutating func plan(_ expr: Expr) -> Interpretable {
        node(expr)
    }

    /// A variable's node: its constant when planning knows its value, else its slot.
    private mutating func variable(_ id: Int, _ name: String) -> Interpretable {
        if !options.observes, let value = options.constants[name] {
            return ConstNode(id: id, value)
        }
        return SlotNode(id: id, slot: globalSlot(name))
    }

    private mutating func globalSlot(_ name: String) -> Int {
        if let slot = globalSlots[name] { return slot }
        let slot = globals.count
        globals.append(name)
        globalSlots[name] = slot
        return slot
    }

    private func observed(_ node: Interpretable) -> Interpretable {
        options.observes ? ObservedNode(node) : node
    }

    private mutating func node(_ expr: Expr) -> Interpretable {
        observed(plainNode(expr))
    }

    private mutating func plainNode(_ expr: Expr) -> Interpretable {
        let id = expr.id
        switch expr.kind {
        case .literal(let constant):
            return ConstNode(id: id, constant.value)
        case .ident(let name):
            for scope in scopes.reversed() {
                if let slot = scope[name] { return LocalNode(id: id, local: slot) }
            }
            switch checked?.references[id] {
            case .variable(let name): return variable(id, name)
            case .type(let type): return ConstNode(id: id, .type(type))
            default: break
            }
            let bare = name.hasPrefix(".") ? String(name.dropFirst()) : name
            if checked == nil, environment.variables[bare] == nil,
                let type = Environment.typeNames[bare]
            {
                return ConstNode(id: id, .type(type))
            }
            return variable(id, bare)
        case .select(let operand, let field, let testOnly):
            switch checked?.references[id] {
            case .variable(let name): return variable(id, name)
            case .type(let type): return ConstNode(id: id, .type(type))
            default: break
            }
            if checked == nil, !testOnly, let qualified = Checker.qualifiedName(expr),
                !isLocal(qualified)
            {
                if environment.variables[qualified] != nil { return variable(id, qualified) }
                if qualified.contains("."), let type = Environment.typeNames[qualified] {
                    return ConstNode(id: id, .type(type))
                }
            }
            if !testOnly && !options.observes, let (base, fields) = fieldPath(expr) {
                let baseNode = node(base)
                if let constant = baseNode as? ConstNode,
                    let value = FieldPathNode.fold(constant.value, fields)
                {
                    return ConstNode(id: id, value)
                }
                return FieldPathNode(id: id, base: baseNode, fields: fields.map(fieldName))
            }
            return SelectNode(
                id: id, operand: node(operand), field: fieldName(field), testOnly: testOnly)
        case .list(let items):
            return ListNode(id: id, items.map { node($0) })
        case .map(let entries):
            return MapNode(id: id, entries.map { (node($0.key), node($0.value)) })
        case .comprehension(let loop):
            if let deciding = Self.quantifier(loop) {
                let range = node(loop.iterRange)
                let iterSlot = allocateLocal()
                scopes.append([loop.iterVar: iterSlot])
                let predicate = node(Self.predicate(loop))
                scopes.removeLast()
                return QuantifierNode(
                    id: id, iterSlot: iterSlot, range: range, predicate: predicate,
                    deciding: deciding)
            }
            let range = node(loop.iterRange)
            let initial = node(loop.accuInit)
            let accuSlot = allocateLocal()
            let iterSlot = allocateLocal()
            scopes.append([loop.accuVar: accuSlot, loop.iterVar: iterSlot])
            let condition = node(loop.loopCondition)
            let append = appendStep(loop.loopStep, accuVar: loop.accuVar, accuSlot: accuSlot)
            let step = append ?? node(loop.loopStep)
            scopes.removeLast()
            scopes.append([loop.accuVar: accuSlot])
            let result = node(loop.result)
            scopes.removeLast()
            return ComprehensionNode(
                id: id, iterSlot: iterSlot, accuSlot: accuSlot, range: range, initial: initial,
                condition: condition,
                step: step, result: result, appendsToList: append != nil)
        case .call(let target, let function, let args):
            return call(id, target: target, function: function, args: args)
        }
    }

    /// `accu + [x]`, or `p ? accu + [x] : accu`, planned as an in-place append.
    private mutating func appendStep(_ step: Expr, accuVar: String, accuSlot: Int) -> Interpretable?
    {
        func isAccumulator(_ expr: Expr) -> Bool {
            if case .ident(let name) = expr.kind { return name == accuVar }
            return false
        }
        if case .call(nil, Operator.add, let args) = step.kind, args.count == 2,
            isAccumulator(args[0]),
            case .list(let items) = args[1].kind
        {
            return observed(
                AppendNode(id: step.id, accuSlot: accuSlot, items: items.map { node($0) }))
        }
        if case .call(nil, Operator.conditional, let args) = step.kind, args.count == 3,
            isAccumulator(args[2]),
            let append = appendStep(args[1], accuVar: accuVar, accuSlot: accuSlot)
        {
            return observed(ConditionalNode(id: step.id, node(args[0]), append, node(args[2])))
        }
        return nil
    }

    /// `name` as ``ProgramOptions/fieldNames`` has it (``FieldNames/shared(_:in:)``).
    private func fieldName(_ name: String) -> String {
        FieldNames.shared(name, in: options.fieldNames)
    }

    /// `a.b.c` as its base and field names, when there are at least two plain selections
    /// and no part of it names a declared variable or type (those resolve as wholes).
    private func fieldPath(_ expr: Expr) -> (Expr, [String])? {
        var fields: [String] = []
        var current = expr
        while case .select(let operand, let field, false) = current.kind {
            if checked?.references[current.id] != nil { break }
            fields.append(field)
            current = operand
        }
        guard !fields.isEmpty, current.id != expr.id else { return nil }
        if checked == nil, let qualified = Checker.qualifiedName(expr), !isLocal(qualified) {
            // Unchecked programs resolve dotted variable names at plan time; keep those.
            var prefix = qualified
            while let dot = prefix.lastIndex(of: ".") {
                prefix = String(prefix[..<dot])
                if environment.variables[prefix] != nil { return nil }
            }
        }
        return (current, fields.reversed())
    }

    /// Whether a loop is the standard `all` (deciding value `false`) or `exists` (`true`)
    /// expansion.
    private static func quantifier(_ loop: Comprehension) -> Bool? {
        func isAccumulator(_ expr: Expr) -> Bool {
            if case .ident(let name) = expr.kind { return name == loop.accuVar }
            return false
        }
        guard case .literal(.bool(let initial)) = loop.accuInit.kind, isAccumulator(loop.result),
            case .call(nil, Operator.notStrictlyFalse, let conditionArgs) = loop.loopCondition.kind,
            conditionArgs.count == 1,
            case .call(nil, let stepFunction, let stepArgs) = loop.loopStep.kind,
            stepArgs.count == 2,
            isAccumulator(stepArgs[0])
        else { return nil }
        if initial, stepFunction == Operator.logicalAnd, isAccumulator(conditionArgs[0]) {
            return false
        }
        if !initial, stepFunction == Operator.logicalOr,
            case .call(nil, Operator.logicalNot, let notArgs) = conditionArgs[0].kind,
            notArgs.count == 1, isAccumulator(notArgs[0])
        {
            return true
        }
        return nil
    }

    private static func predicate(_ loop: Comprehension) -> Expr {
        if case .call(_, _, let args) = loop.loopStep.kind { return args[1] }
        return loop.loopStep
    }

    private func isLocal(_ qualified: String) -> Bool {
        let head = String(qualified.split(separator: ".").first ?? "")
        return scopes.contains { $0[head] != nil }
    }

    private mutating func allocateLocal() -> Int {
        localCount += 1
        return localCount - 1
    }

    private mutating func call(_ id: Int, target: Expr?, function: String, args: [Expr])
        -> Interpretable
    {
        var function = function
        var target = target
        if case .function(let resolved, _) = checked?.references[id], resolved != function {
            function = resolved  // A namespaced global function written as a method call.
            target = nil
        }
        let operands = ((target.map { [$0] } ?? []) + args)
        if target == nil {
            switch (function, args.count) {
            case (Operator.logicalAnd, 2):
                return LogicalNode(id: id, node(args[0]), node(args[1]), deciding: false)
            case (Operator.logicalOr, 2):
                return LogicalNode(id: id, node(args[0]), node(args[1]), deciding: true)
            case (Operator.logicalNot, 1): return NotNode(id: id, node(args[0]))
            case (Operator.notStrictlyFalse, 1): return NotStrictlyFalseNode(id: id, node(args[0]))
            case (Operator.conditional, 3):
                return ConditionalNode(id: id, node(args[0]), node(args[1]), node(args[2]))
            case (Operator.equals, 2):
                return EqualsNode(id: id, node(args[0]), node(args[1]), negated: false)
            case (Operator.notEquals, 2):
                return EqualsNode(id: id, node(args[0]), node(args[1]), negated: true)
            case (Operator.less, 2):
                return CompareNode(
                    id: id, node(args[0]), node(args[1]), relation: .less, function: function)
            case (Operator.lessEquals, 2):
                return CompareNode(
                    id: id, node(args[0]), node(args[1]), relation: .lessEquals, function: function)
            case (Operator.greater, 2):
                return CompareNode(
                    id: id, node(args[0]), node(args[1]), relation: .greater, function: function)
            case (Operator.greaterEquals, 2):
                return CompareNode(
                    id: id, node(args[0]), node(args[1]), relation: .greaterEquals,
                    function: function)
            case (Operator.add, 2):
                return BinaryNode(id: id, node(args[0]), node(args[1]), Arithmetic.add)
            case (Operator.subtract, 2):
                return BinaryNode(id: id, node(args[0]), node(args[1]), Arithmetic.subtract)
            case (Operator.multiply, 2):
                return BinaryNode(id: id, node(args[0]), node(args[1]), Arithmetic.multiply)
            case (Operator.divide, 2):
                return BinaryNode(id: id, node(args[0]), node(args[1]), Arithmetic.divide)
            case (Operator.modulo, 2):
                return BinaryNode(id: id, node(args[0]), node(args[1]), Arithmetic.modulo)
            case (Operator.negate, 1): return UnaryNode(id: id, node(args[0]), Arithmetic.negate)
            case (Operator.index, 2):
                return BinaryNode(id: id, node(args[0]), node(args[1]), Collections.index)
            case (Operator.in, 2):
                return BinaryNode(id: id, node(args[0]), node(args[1]), Collections.contains)
            default: break
            }
        }
        var overloads = (environment.functions[function]?.overloads ?? []).filter {
            $0.isReceiver == (target != nil) && $0.parameters.count == operands.count
                && $0.implementation != nil
        }
        if case .function(_, let ids) = checked?.references[id] {
            let allowed = Set(ids)
            overloads = overloads.filter { allowed.contains($0.id) }
        }
        if overloads.isEmpty {
            let message =
                environment.functions[function] == nil
                ? "undeclared function '\(function)'"
                : "no such overload: \(function) with \(operands.count) arguments"
            return ErrorCallNode(id: id, message: message, args: operands.map { node($0) })
        }
        return CallNode(
            id: id, function: function, overloads: overloads, args: operands.map { node($0) })
    }

}
