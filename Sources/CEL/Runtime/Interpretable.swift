/// A planned node: evaluates itself against a frame. Planned once per program; evaluated
/// many times.
class Interpretable: @unchecked Sendable {
    /// The AST node this was planned from.
    let id: Int

    init(id: Int) {
        self.id = id
    }

    func eval(_ frame: Frame) -> CELValue {
        .fail("internal error: unplanned node \(id)")
    }
}

final class ConstNode: Interpretable, @unchecked Sendable {
    let value: CELValue
    init(id: Int, _ value: CELValue) {
        self.value = value
        super.init(id: id)
    }
    override func eval(_ frame: Frame) -> CELValue { value }
}

final class SlotNode: Interpretable, @unchecked Sendable {
    let slot: Int
    init(id: Int, slot: Int) {
        self.slot = slot
        super.init(id: id)
    }
    override func eval(_ frame: Frame) -> CELValue {
        frame.variables[slot]
    }
}

/// Records every value its child gives, for `explain`; planned only when asked for.
final class LocalNode: Interpretable, @unchecked Sendable {
    let local: Int
    init(id: Int, local: Int) {
        self.local = local
        super.init(id: id)
    }
    override func eval(_ frame: Frame) -> CELValue { frame.locals[local] }
}

final class ObservedNode: Interpretable, @unchecked Sendable {
    let inner: Interpretable
    init(_ inner: Interpretable) {
        self.inner = inner
        super.init(id: inner.id)
    }
    override func eval(_ frame: Frame) -> CELValue {
        let value = inner.eval(frame)
        frame.observer?(id, value)
        return value
    }
}

final class SelectNode: Interpretable, @unchecked Sendable {
    let operand: Interpretable
    let field: String
    let fingerprint: UInt64
    let testOnly: Bool
    init(id: Int, operand: Interpretable, field: String, testOnly: Bool) {
        self.operand = operand
        self.field = field
        fingerprint = CELMap.fingerprint(field)
        self.testOnly = testOnly
        super.init(id: id)
    }
    override func eval(_ frame: Frame) -> CELValue {
        guard frame.charge() else { return Frame.budgetError }
        let value = operand.eval(frame)
        switch value {
        case .map(let map):
            let found = map[field: field, fingerprint: fingerprint]
            if testOnly { return .bool(found != nil) }
            return found ?? .error(.missing(field))
        default:
            return CELMap.unselectable(value)
        }
    }
}

/// `&&` (deciding value `false`) and `||` (deciding value `true`): the deciding value on
/// either side wins, even over an error on the other side, as the specification requires.
final class LogicalNode: Interpretable, @unchecked Sendable {
    let lhs: Interpretable
    let rhs: Interpretable
    let deciding: Bool
    init(id: Int, _ lhs: Interpretable, _ rhs: Interpretable, deciding: Bool) {
        self.lhs = lhs
        self.rhs = rhs
        self.deciding = deciding
        super.init(id: id)
    }
    override func eval(_ frame: Frame) -> CELValue {
        let left = lhs.eval(frame)
        if case .bool(let flag) = left, flag == deciding { return left }
        let right = rhs.eval(frame)
        switch (left, right) {
        case (_, .bool(let flag)) where flag == deciding: return right
        case (.bool, .bool): return right
        case (.error, _): return left
        case (_, .error): return right
        default:
            return .error(
                .noSuchOverload(deciding ? Operator.logicalOr : Operator.logicalAnd, [left, right]))
        }
    }
}

final class ConditionalNode: Interpretable, @unchecked Sendable {
    let condition: Interpretable
    let whenTrue: Interpretable
    let whenFalse: Interpretable
    init(id: Int, _ condition: Interpretable, _ whenTrue: Interpretable, _ whenFalse: Interpretable)
    {
        self.condition = condition
        self.whenTrue = whenTrue
        self.whenFalse = whenFalse
        super.init(id: id)
    }
    override func eval(_ frame: Frame) -> CELValue {
        switch condition.eval(frame) {
        case .bool(true): return whenTrue.eval(frame)
        case .bool(false): return whenFalse.eval(frame)
        case .error(let error): return .error(error)
        case let other: return .error(.noSuchOverload(Operator.conditional, [other]))
        }
    }
}

final class NotNode: Interpretable, @unchecked Sendable {
    let operand: Interpretable
    init(id: Int, _ operand: Interpretable) {
        self.operand = operand
        super.init(id: id)
    }
    override func eval(_ frame: Frame) -> CELValue {
        switch operand.eval(frame) {
        case .bool(let flag): return .bool(!flag)
        case .error(let error): return .error(error)
        case let other: return .error(.noSuchOverload(Operator.logicalNot, [other]))
        }
    }
}

/// `@not_strictly_false`: the `all`/`exists` loop condition; errors keep the loop going so a
/// later element can still decide the result.
final class NotStrictlyFalseNode: Interpretable, @unchecked Sendable {
    let operand: Interpretable
    init(id: Int, _ operand: Interpretable) {
        self.operand = operand
        super.init(id: id)
    }
    override func eval(_ frame: Frame) -> CELValue {
        if case .bool(false) = operand.eval(frame) { return .bool(false) }
        return .bool(true)
    }
}

final class EqualsNode: Interpretable, @unchecked Sendable {
    let lhs: Interpretable
    let rhs: Interpretable
    let negated: Bool
    init(id: Int, _ lhs: Interpretable, _ rhs: Interpretable, negated: Bool) {
        self.lhs = lhs
        self.rhs = rhs
        self.negated = negated
        super.init(id: id)
    }
    override func eval(_ frame: Frame) -> CELValue {
        guard frame.charge() else { return Frame.budgetError }
        let left = lhs.eval(frame)
        if case .error = left { return left }
        let right = rhs.eval(frame)
        if case .error = right { return right }
        return .bool(CELValue.equal(left, right) != negated)
    }
}

final class CompareNode: Interpretable, @unchecked Sendable {
    enum Relation { case less, lessEquals, greater, greaterEquals }
    let lhs: Interpretable
    let rhs: Interpretable
    let relation: Relation
    let function: String
    /// The right operand, when it is an int literal.
    let constantInt: Int64?
    init(id: Int, _ lhs: Interpretable, _ rhs: Interpretable, relation: Relation, function: String)
    {
        self.lhs = lhs
        self.rhs = rhs
        if let constant = rhs as? ConstNode, case .int(let value) = constant.value {
            constantInt = value
        } else {
            constantInt = nil
        }
        self.relation = relation
        self.function = function
        super.init(id: id)
    }
    override func eval(_ frame: Frame) -> CELValue {
        guard frame.charge() else { return Frame.budgetError }
        let left = lhs.eval(frame)
        if case .error = left { return left }
        // Fast path for the commonest case in rules: a value against an int constant.
        if let constant = constantInt, case .int(let a) = left {
            switch relation {
            case .less: return .bool(a < constant)
            case .lessEquals: return .bool(a <= constant)
            case .greater: return .bool(a > constant)
            case .greaterEquals: return .bool(a >= constant)
            }
        }
        let right = rhs.eval(frame)
        if case .error = right { return right }
        if case .int(let a) = left, case .int(let b) = right {
            switch relation {
            case .less: return .bool(a < b)
            case .lessEquals: return .bool(a <= b)
            case .greater: return .bool(a > b)
            case .greaterEquals: return .bool(a >= b)
            }
        }
        guard let order = CELValue.order(left, right) else {
            if CELValue.isOrderable(left) && CELValue.isOrderable(right),
                left.isNaNLike || right.isNaNLike
            {
                return .bool(false)
            }
            return .error(.noSuchOverload(function, [left, right]))
        }
        switch relation {
        case .less: return .bool(order < 0)
        case .lessEquals: return .bool(order <= 0)
        case .greater: return .bool(order > 0)
        case .greaterEquals: return .bool(order >= 0)
        }
    }
}

extension CELValue {
    var isNaNLike: Bool {
        if case .double(let number) = self { return number.isNaN }
        return false
    }
}

final class BinaryNode: Interpretable, @unchecked Sendable {
    let lhs: Interpretable
    let rhs: Interpretable
    let operation: @Sendable (CELValue, CELValue) -> CELValue
    init(
        id: Int, _ lhs: Interpretable, _ rhs: Interpretable,
        _ operation: @escaping @Sendable (CELValue, CELValue) -> CELValue
    ) {
        self.lhs = lhs
        self.rhs = rhs
        self.operation = operation
        super.init(id: id)
    }
    override func eval(_ frame: Frame) -> CELValue {
        guard frame.charge() else { return Frame.budgetError }
        let left = lhs.eval(frame)
        if case .error = left { return left }
        let right = rhs.eval(frame)
        if case .error = right { return right }
        return frame.chargeBuilt(operation(left, right))
    }
}

final class UnaryNode: Interpretable, @unchecked Sendable {
    let operand: Interpretable
    let operation: @Sendable (CELValue) -> CELValue
    init(id: Int, _ operand: Interpretable, _ operation: @escaping @Sendable (CELValue) -> CELValue)
    {
        self.operand = operand
        self.operation = operation
        super.init(id: id)
    }
    override func eval(_ frame: Frame) -> CELValue {
        guard frame.charge() else { return Frame.budgetError }
        let value = operand.eval(frame)
        if case .error = value { return value }
        return operation(value)
    }
}

final class ListNode: Interpretable, @unchecked Sendable {
    let items: [Interpretable]
    init(id: Int, _ items: [Interpretable]) {
        self.items = items
        super.init(id: id)
    }
    override func eval(_ frame: Frame) -> CELValue {
        guard frame.charge(1 + items.count) else { return Frame.budgetError }
        var values: [CELValue] = []
        values.reserveCapacity(items.count)
        for item in items {
            let value = item.eval(frame)
            if case .error = value { return value }
            values.append(value)
        }
        return .list(values)
    }
}

final class MapNode: Interpretable, @unchecked Sendable {
    let entries: [(Interpretable, Interpretable)]
    init(id: Int, _ entries: [(Interpretable, Interpretable)]) {
        self.entries = entries
        super.init(id: id)
    }
    override func eval(_ frame: Frame) -> CELValue {
        guard frame.charge(1 + entries.count) else { return Frame.budgetError }
        var pairs: [(CELValue, CELValue)] = []
        for (keyNode, valueNode) in entries {
            let key = keyNode.eval(frame)
            if case .error = key { return key }
            let value = valueNode.eval(frame)
            if case .error = value { return value }
            pairs.append((key, value))
        }
        switch CELMap.make(pairs) {
        case .success(let map): return .map(map)
        case .failure(let error): return .error(error)
        }
    }
}

/// A call that can never succeed (an undeclared function in an unchecked program): evaluates
/// its arguments, so their errors win, then fails with its message.
final class ErrorCallNode: Interpretable, @unchecked Sendable {
    let message: String
    let args: [Interpretable]
    init(id: Int, message: String, args: [Interpretable]) {
        self.message = message
        self.args = args
        super.init(id: id)
    }
    override func eval(_ frame: Frame) -> CELValue {
        for arg in args {
            let value = arg.eval(frame)
            if case .error = value { return value }
        }
        return .fail(message)
    }
}

/// A call resolved against a function's overloads at run time.
final class CallNode: Interpretable, @unchecked Sendable {
    let function: String
    let overloads: [Overload]
    let args: [Interpretable]
    /// ``args`` unretained: a program's nodes are shared by every core evaluating it, and
    /// counting a reference to each argument on every call made the cores take turns at the
    /// counts. ``args`` keeps them alive.
    private let unretainedArgs: [Unmanaged<Interpretable>]
    init(id: Int, function: String, overloads: [Overload], args: [Interpretable]) {
        self.function = function
        self.overloads = overloads
        self.args = args
        unretainedArgs = args.map { Unmanaged.passUnretained($0) }
        super.init(id: id)
    }
    override func eval(_ frame: Frame) -> CELValue {
        guard frame.charge() else { return Frame.budgetError }
        // One or two arguments (nearly every call) are passed as they are: gathering them in
        // an array allocated and freed one per call.
        switch unretainedArgs.count {
        case 1:
            let value = unretainedArgs[0]._withUnsafeGuaranteedRef { $0.eval(frame) }
            if case .error = value { return value }
            return dispatch(
                frame, [value], accepts: { $0.accepts(value) }, call: { $0.call(value) })
        case 2:
            let first = unretainedArgs[0]._withUnsafeGuaranteedRef { $0.eval(frame) }
            if case .error = first { return first }
            let second = unretainedArgs[1]._withUnsafeGuaranteedRef { $0.eval(frame) }
            if case .error = second { return second }
            return dispatch(
                frame, [first, second], accepts: { $0.accepts(first, second) },
                call: { $0.call(first, second) })
        default:
            var values: [CELValue] = []
            values.reserveCapacity(unretainedArgs.count)
            for arg in unretainedArgs {
                let value = arg._withUnsafeGuaranteedRef { $0.eval(frame) }
                if case .error = value { return value }
                values.append(value)
            }
            return dispatch(
                frame, values, accepts: { $0.accepts(values) }, call: { $0.call(values) })
        }
    }

    /// The result of the first overload that accepts the arguments, or "no such overload"
    /// naming them (`arguments`, gathered only then).
    @inline(__always)
    private func dispatch(
        _ frame: Frame, _ arguments: @autoclosure () -> [CELValue],
        accepts: (Overload) -> Bool, call: (Implementation) -> CELValue
    ) -> CELValue {
        // The overloads read where they lie: iterating them copied each one, every field.
        let result = overloads.withUnsafeBufferPointer { overloads -> CELValue? in
            for index in overloads.indices where accepts(overloads[index]) {
                if let implementation = overloads[index].implementation {
                    return call(implementation)
                }
            }
            return nil
        }
        guard let result else { return .error(.noSuchOverload(function, arguments())) }
        return frame.chargeBuilt(result)
    }
}

final class ComprehensionNode: Interpretable, @unchecked Sendable {
    let iterSlot: Int
    let accuSlot: Int
    let range: Interpretable
    let initial: Interpretable
    let condition: Interpretable
    let step: Interpretable
    let result: Interpretable
    /// Whether each step appends to a list in the accumulator (`map`, `filter`): an empty
    /// list to start with then gets room for as many items as the range has, at most
    /// ``roomLimit``, instead of growing from nothing (six reallocations for 22 items).
    let appendsToList: Bool
    private static let roomLimit = 1_024
    init(
        id: Int, iterSlot: Int, accuSlot: Int, range: Interpretable, initial: Interpretable,
        condition: Interpretable,
        step: Interpretable, result: Interpretable, appendsToList: Bool
    ) {
        self.iterSlot = iterSlot
        self.accuSlot = accuSlot
        self.range = range
        self.initial = initial
        self.condition = condition
        self.step = step
        self.result = result
        self.appendsToList = appendsToList
        super.init(id: id)
    }
    override func eval(_ frame: Frame) -> CELValue {
        let rangeValue = range.eval(frame)
        let accumulatorBefore = frame.locals[accuSlot]
        // Restore the enclosing loop's accumulator (nested loops may reuse names; the loop
        // variable is restored by `lending`, or below for a map).
        defer { frame.locals[accuSlot] = accumulatorBefore }
        frame.locals[accuSlot] = initial.eval(frame)
        if appendsToList, case .list(let items) = rangeValue, items.count > 1,
            case .list(let start) = frame.locals[accuSlot], start.isEmpty
        {
            var room: [CELValue] = []
            room.reserveCapacity(min(items.count, Self.roomLimit))
            frame.locals[accuSlot] = .list(room)
        }
        switch rangeValue {
        case .list(let items):
            let exhausted = items.withUnsafeBufferPointer { buffer -> Bool in
                frame.lending(buffer, to: iterSlot) { lend in
                    for index in buffer.indices {
                        guard frame.charge() else { return true }
                        lend(index)
                        guard case .bool(true) = condition.eval(frame) else { break }
                        frame.locals[accuSlot] = step.eval(frame)
                    }
                    return false
                }
            }
            if exhausted { return Frame.budgetError }
        case .map(let map):
            let iterBefore = frame.locals[iterSlot]
            defer { frame.locals[iterSlot] = iterBefore }
            for entry in map.entries {
                guard frame.charge() else { return Frame.budgetError }
                frame.locals[iterSlot] = entry.key
                guard case .bool(true) = condition.eval(frame) else { break }
                frame.locals[accuSlot] = step.eval(frame)
            }
        case .error:
            return rangeValue
        default:
            return .fail("cannot iterate over a value of type '\(rangeValue.type.runtimeName)'")
        }
        return result.eval(frame)
    }
}

/// `accumulator + [items]` inside a loop: appends in place instead of copying the list each
/// step, which turns `map` and `filter` from quadratic into linear time.
final class AppendNode: Interpretable, @unchecked Sendable {
    let accuSlot: Int
    let items: [Interpretable]
    init(id: Int, accuSlot: Int, items: [Interpretable]) {
        self.accuSlot = accuSlot
        self.items = items
        super.init(id: id)
    }
    override func eval(_ frame: Frame) -> CELValue {
        guard frame.charge() else { return Frame.budgetError }
        if items.count == 1 {
            let value = items[0].eval(frame)
            if case .error = value { return value }
            guard var list = frame.takeList(accuSlot) else {
                return Self.notAList(frame.locals[accuSlot], [value])
            }
            list.append(value)
            return .list(list)
        }
        var values: [CELValue] = []
        for item in items {
            let value = item.eval(frame)
            if case .error = value { return value }
            values.append(value)
        }
        guard var list = frame.takeList(accuSlot) else {
            return Self.notAList(frame.locals[accuSlot], values)
        }
        list.append(contentsOf: values)
        return .list(list)
    }

    /// The step's value when the accumulator is not a list: an earlier step's error stays the
    /// loop's error.
    private static func notAList(_ accumulator: CELValue, _ values: [CELValue]) -> CELValue {
        if case .error = accumulator { return accumulator }
        return .error(.noSuchOverload(Operator.add, [accumulator, .list(values)]))
    }
}

/// `list.all(x, p)` and `list.exists(x, p)`, planned directly rather than as the general
/// loop: no accumulator to load and store each step, and the loop stops at the first
/// deciding element. Errors are kept and returned only if no element decides, exactly as the
/// specification's expansion (`@result && p`) behaves.
final class QuantifierNode: Interpretable, @unchecked Sendable {
    let iterSlot: Int
    let range: Interpretable
    let predicate: Interpretable
    /// The predicate value that decides the result: `false` for `all`, `true` for `exists`.
    let deciding: Bool
    init(id: Int, iterSlot: Int, range: Interpretable, predicate: Interpretable, deciding: Bool) {
        self.iterSlot = iterSlot
        self.range = range
        self.predicate = predicate
        self.deciding = deciding
        super.init(id: id)
    }
    override func eval(_ frame: Frame) -> CELValue {
        let rangeValue = range.eval(frame)
        var firstError: CELValue?
        switch rangeValue {
        case .list(let items):
            let decided = items.withUnsafeBufferPointer { buffer -> CELValue? in
                frame.lending(buffer, to: iterSlot) { lend in
                    for index in buffer.indices {
                        guard frame.charge() else { return Frame.budgetError }
                        lend(index)
                        if decides(predicate.eval(frame), &firstError) {
                            return .bool(deciding)
                        }
                    }
                    return nil
                }
            }
            if let decided { return decided }
        case .map(let map):
            let before = frame.locals[iterSlot]
            defer { frame.locals[iterSlot] = before }
            for entry in map.entries {
                guard frame.charge() else { return Frame.budgetError }
                frame.locals[iterSlot] = entry.key
                if decides(predicate.eval(frame), &firstError) { return .bool(deciding) }
            }
        case .error:
            return rangeValue
        default:
            return .fail("cannot iterate over a value of type '\(rangeValue.type.runtimeName)'")
        }
        return firstError ?? .bool(!deciding)
    }

    /// Whether one predicate value decides the loop; remembers the first error otherwise.
    @inline(__always)
    private func decides(_ value: CELValue, _ firstError: inout CELValue?) -> Bool {
        switch value {
        case .bool(let flag):
            return flag == deciding
        case .error:
            if firstError == nil { firstError = value }
        default:
            if firstError == nil {
                firstError = .error(
                    .noSuchOverload(deciding ? Operator.logicalOr : Operator.logicalAnd, [value]))
            }
        }
        return false
    }
}

/// A chain of field selections `a.b.c`, looked up in one step without materialising each
/// intermediate value in a node of its own. Planned only when sub-expression values are not
/// being observed.
final class FieldPathNode: Interpretable, @unchecked Sendable {
    let base: Interpretable
    let fields: [(name: String, fingerprint: UInt64)]
    /// When the base is a loop variable, its slot: read in place, without a copy.
    let localSlot: Int?
    /// When the base is a variable, its slot: read in place, without a copy.
    let globalSlot: Int?
    init(id: Int, base: Interpretable, fields: [String]) {
        self.base = base
        self.fields = fields.map { ($0, CELMap.fingerprint($0)) }
        localSlot = (base as? LocalNode)?.local
        globalSlot = (base as? SlotNode)?.slot
        super.init(id: id)
    }
    override func eval(_ frame: Frame) -> CELValue {
        guard frame.charge(fields.count) else { return Frame.budgetError }
        if let localSlot { return follow(from: frame.locals + localSlot) }
        if let globalSlot {
            return follow(from: frame.variables + globalSlot)
        }
        let value = base.eval(frame)
        return withUnsafePointer(to: value) { follow(from: $0) }
    }

    /// The value at the end of `fields` from a constant, when there is one to find (not an
    /// error): worked out once, at planning.
    static func fold(_ value: CELValue, _ fields: [String]) -> CELValue? {
        let path = fields.map { (name: $0, fingerprint: CELMap.fingerprint($0)) }
        let found = withUnsafePointer(to: value) { start in
            path.withUnsafeBufferPointer { CELMap.follow(from: start, $0) }
        }
        if case .error = found { return nil }
        return found
    }

    @inline(__always)
    private func follow(from start: UnsafePointer<CELValue>) -> CELValue {
        fields.withUnsafeBufferPointer { CELMap.follow(from: start, $0) }
    }
}
