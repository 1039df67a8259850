/// How a program is planned and evaluated.
public struct ProgramOptions: Sendable {
    /// The most evaluation steps (calls, selections, loop iterations) one evaluation may take.
    public var costLimit: Int
    /// Whether to plan observation of every sub-expression's value (for `explain`).
    public var observes: Bool
    /// Variables given the first slots, in this order, whether the expression reads them or
    /// not (any other variable it reads comes after): programs planned with one layout read
    /// their variables from one ``Scope`` laid out the same way.
    public var layout: [String]
    /// Variables whose values are known when planning (a rule set's parameters): read as
    /// constants, with field selections from them worked out once, at planning. Ignored
    /// when observing, so that `explain` shows every step.
    public var constants: [String: CELValue]
    /// Field names as the maps the program will read store them (a schema's own strings, when
    /// a decoder keys its maps with those: see ``FieldNames``). A selection of one of these
    /// names is planned with the very same string, so finding the field compares two
    /// references to one storage rather than reading both names' bytes.
    package var fieldNames: Set<String>

    /// The defaults: a budget of one million steps, no observation, no layout, no constants,
    /// no field names.
    public init(
        costLimit: Int = 1_000_000, observes: Bool = false, layout: [String] = [],
        constants: [String: CELValue] = [:], fieldNames: Set<String> = []
    ) {
        self.costLimit = costLimit
        self.observes = observes
        self.layout = layout
        self.constants = constants
        self.fieldNames = fieldNames
    }
}

/// A compiled expression: parsed, checked and planned once, evaluated many times with no
/// re-parsing.
///
/// An immutable class, so that handing a program around (to evaluate each rule of a rule set
/// for each profile) costs one reference count rather than a copy of each of its parts.
public final class Program: Sendable {
    let root: Interpretable
    /// `root` again, to call without a retain and a release around each evaluation (`root`
    /// keeps it alive as long as the program).
    private let unretainedRoot: Unmanaged<Interpretable>
    /// The variable names the expression reads, in slot order.
    public let globals: [String]
    let localCount: Int
    let options: ProgramOptions
    /// The checked type of the result (`dyn` when unchecked).
    public let resultType: CELType

    init(
        root: Interpretable, globals: [String], localCount: Int, options: ProgramOptions,
        resultType: CELType
    ) {
        self.root = root
        unretainedRoot = Unmanaged.passUnretained(root)
        self.globals = globals
        self.localCount = localCount
        self.options = options
        self.resultType = resultType
    }

    /// Evaluates with variables bound by name; a variable the expression reads but `bindings`
    /// lacks evaluates to an error naming it.
    public func evaluate(_ bindings: [String: CELValue]) -> CELValue {
        evaluate(activation: Activation(program: self, bindings: bindings))
    }

    /// Evaluates with a prepared activation (the fastest form, for many evaluations).
    public func evaluate(
        activation: Activation, observer: (@Sendable (Int, CELValue) -> Void)? = nil
    ) -> CELValue {
        let frame = Frame.make(
            slots: activation.values, localCount: localCount, budget: options.costLimit,
            observer: observer)
        let result = root.eval(frame)
        return frame.exhausted ? Frame.budgetError : result
    }
}

extension Program {
    /// Evaluates with the variables of `scope`, reusing its frame: for programs planned with
    /// the scope's layout (``ProgramOptions/layout``). Each evaluation has its own budget and
    /// fresh loop variables, as with ``evaluate(activation:observer:)``; a program that reads a
    /// variable outside the layout gets an error value.
    public func evaluate(in scope: Scope) -> CELValue {
        guard globals.count <= scope.count else { return scope.outsideLayout(globals) }
        return scope.frame(locals: localCount, budget: options.costLimit)
            ._withUnsafeGuaranteedRef { frame in
                let result = unretainedRoot._withUnsafeGuaranteedRef { $0.eval(frame) }
                return frame.exhausted ? Frame.budgetError : result
            }
    }

    /// Evaluates once per item with the variable at `position` of the scope's layout bound to
    /// it (and put back as it was afterwards), reusing one frame; `body` receives each result
    /// and returns `false` to stop. The same results as ``evaluateEach(_:binding:activation:_:)``.
    public func evaluateEach(
        _ items: [CELValue], binding position: Int, in scope: Scope,
        _ body: (CELValue) -> Bool
    ) {
        guard globals.count <= scope.count, position < scope.count else {
            _ = body(scope.outsideLayout(globals))
            return
        }
        var frame = scope.frame(locals: localCount, budget: options.costLimit)
            .takeUnretainedValue()
        var slot = frame.variables + position
        // Each item is lent to the slot, not copied into it: the list holds it for the whole
        // loop and nothing writes to a variable while a program runs, so the slot can alias
        // it without a retain and a release per item. The value the slot held goes back at
        // the end.
        let saved = slot.move()
        defer { slot.initialize(to: saved) }
        items.withUnsafeBufferPointer { buffer in
            guard let items = buffer.baseAddress else { return }
            for index in buffer.indices {
                if index > 0 { frame.reset(locals: localCount, budget: options.costLimit) }
                UnsafeMutableRawPointer(slot).copyMemory(
                    from: items + index, byteCount: MemoryLayout<CELValue>.size)
                let result = unretainedRoot._withUnsafeGuaranteedRef { $0.eval(frame) }
                let more = frame.exhausted ? body(Frame.budgetError) : body(result)
                if !scope.holds(frame) {
                    // `body` evaluated a program that needed a larger frame, and the scope made
                    // one with a counted copy of this item: go on in that one.
                    slot.initialize(to: .null)
                    frame = scope.currentFrame
                    slot = frame.variables + position
                    slot.deinitialize(count: 1)
                }
                if !more { return }
            }
        }
    }

    /// Evaluates once per item with `variable` bound to it and the other variables as
    /// `activation` binds them, reusing one evaluation frame (each evaluation still has its own
    /// budget). `body` receives each result and returns `false` to stop.
    ///
    /// The same results as rebinding the activation and calling ``evaluate(activation:observer:)``
    /// per item, without allocating a frame for each. A variable the program does not read is
    /// simply not bound.
    public func evaluateEach(
        _ items: [CELValue], binding variable: String, activation: Activation,
        _ body: (CELValue) -> Bool
    ) {
        guard let slot = globals.firstIndex(of: variable) else {
            for _ in items {
                if !body(evaluate(activation: activation)) { return }
            }
            return
        }
        let frame = Frame.make(
            slots: activation.values, localCount: localCount, budget: options.costLimit,
            observer: nil)
        for item in items {
            frame.rebind(slot, item, budget: options.costLimit)
            let result = root.eval(frame)
            if !body(frame.exhausted ? Frame.budgetError : result) { return }
        }
    }
}

/// Variable values laid out once, in the order of ``ProgramOptions/layout``, for every
/// program planned with that layout, with one evaluation frame they all reuse: evaluating a
/// rule set's programs against one profile makes no activation and no frame per program.
///
/// Not for use from two threads at once: make one scope per profile (or per thread).
public final class Scope {
    private var current: Frame {
        didSet { unretainedCurrent = Unmanaged.passUnretained(current) }
    }
    /// `current` again, to reach without a retain and a release per program evaluated.
    private var unretainedCurrent: Unmanaged<Frame>

    /// A scope over `values`, in layout order.
    public init(values: [CELValue]) {
        let frame = Frame.make(slots: values, localCount: 1, budget: 0, observer: nil)
        current = frame
        unretainedCurrent = Unmanaged.passUnretained(frame)
    }

    /// How many variables the scope holds.
    public var count: Int { current.slotCount }

    /// The variable at `position` of the layout. Read-only: a loop's item lent to its slot is
    /// not counted, and replacing it from outside would release what was never retained.
    public subscript(position: Int) -> CELValue {
        precondition(position < count, "no variable at \(position) of \(count)")
        return current.variables[position]
    }

    /// The frame as it is, without readying it.
    var currentFrame: Frame { current }

    /// Whether `frame` is the scope's frame (a program evaluated since may have grown it).
    func holds(_ frame: Frame) -> Bool {
        unretainedCurrent.toOpaque() == Unmanaged.passUnretained(frame).toOpaque()
    }

    /// The frame, readied for a program with `locals` loop variables and `budget` steps:
    /// grown (once) when a program needs more loop variables than any before it. Unretained:
    /// the scope holds it until the next call, and a program's evaluation ends before that.
    func frame(locals: Int, budget: Int) -> Unmanaged<Frame> {
        let frame = unretainedCurrent
        if locals > frame._withUnsafeGuaranteedRef({ $0.localCapacity }) {
            current = Frame.make(
                slots: current.slots, localCount: locals, budget: budget, observer: nil)
            return unretainedCurrent
        }
        frame._withUnsafeGuaranteedRef { $0.reset(locals: locals, budget: budget) }
        return frame
    }

    /// The value of a program that reads variables this scope does not lay out.
    func outsideLayout(_ globals: [String]) -> CELValue {
        let missing = globals.dropFirst(count).joined(separator: ", ")
        return .error(CELError("no value for variable '\(missing)' in this scope"))
    }
}

/// Variable values laid out in a program's slot order, built once and reused.
public struct Activation: Sendable {
    private(set) var values: [CELValue]
    private let names: [String]

    /// Binds a program's variables by name.
    public init(program: Program, bindings: [String: CELValue]) {
        names = program.globals
        values = program.globals.map { name in bindings[name] ?? Self.unbound(name) }
    }

    /// The value of a variable nobody bound: an error naming it, marked as a missing field.
    public static func unbound(_ name: String) -> CELValue {
        .error(CELError("no value for variable '\(name)'", missingField: name))
    }

    /// Rebinds one variable (the item of a loop over many values), leaving the rest; a name
    /// the program does not read is ignored.
    public mutating func set(_ name: String, _ value: CELValue) {
        if let slot = names.firstIndex(of: name) { values[slot] = value }
    }
}
