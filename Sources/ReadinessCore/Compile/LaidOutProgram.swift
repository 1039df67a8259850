import CEL

/// A compiled program with the positions of its variables in a rule set's variable layout
/// (``CompiledRuleSet/variables``): evaluating it for a profile gathers its variables by
/// position from the profile's values, made once per profile, instead of looking each up by
/// name for every rule.
struct LaidOutProgram: Sendable {
    let program: Program
    private let positions: [Int?]

    init(_ program: Program, layout: [String: Int]) {
        self.program = program
        positions = program.globals.map { layout[$0] }
    }

    /// The program's variables, from values in layout order.
    func activation(_ values: [CELValue]) -> Activation {
        Activation(program: program, positions: positions, values: values)
    }

    /// Evaluates with variables from values in layout order.
    func evaluate(_ values: [CELValue]) -> CELValue {
        program.evaluate(activation: activation(values))
    }
}
