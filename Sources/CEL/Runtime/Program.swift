/// How a program is planned and evaluated.
public struct ProgramOptions: Sendable {
    /// The most evaluation steps (calls, selections, loop iterations) one evaluation may take.
    public var costLimit: Int
    /// Whether to plan observation of every sub-expression's value (for `explain`).
    public var observes: Bool

    /// The defaults: a budget of one million steps, no observation.
    public init(costLimit: Int = 1_000_000, observes: Bool = false) {
        self.costLimit = costLimit
        self.observes = observes
    }
}

/// A compiled expression: parsed, checked and planned once, evaluated many times with no
/// re-parsing.
public struct Program: Sendable {
    let root: Interpretable
    /// The variable names the expression reads, in slot order.
    public let globals: [String]
    let localCount: Int
    let options: ProgramOptions
    /// The checked type of the result (`dyn` when unchecked).
    public let resultType: CELType

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

/// Variable values laid out in a program's slot order, built once and reused.
public struct Activation: Sendable {
    private(set) var values: [CELValue]
    private let names: [String]

    /// Binds a program's variables by name.
    public init(program: Program, bindings: [String: CELValue]) {
        names = program.globals
        values = program.globals.map { name in bindings[name] ?? Self.unbound(name) }
    }

    /// Binds a program's variables from values laid out once for many programs (a rule set's
    /// variables), with no lookup by name: `positions[i]` is where the program's `i`-th
    /// variable (see ``Program/globals``) is in `values`, or `nil` when it is not there.
    public init(program: Program, positions: [Int?], values: [CELValue]) {
        names = program.globals
        self.values = zip(program.globals, positions).map { name, position in
            position.map { values[$0] } ?? Self.unbound(name)
        }
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
