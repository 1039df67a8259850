import CEL
import SourceDiagnostics

/// A conditional prerequisite of an action, compiled: `action` needs `dependency` first for
/// the profiles where `program` is true.
struct ActionCondition: Sendable {
    let action: String
    let dependency: String
    let program: Program

    /// Compiles a condition, which must give a bool; problems go to the bag at the
    /// expression's position.
    static func compile(
        _ expression: Expression, of action: String, environment: Environment,
        options: ProgramOptions, bag: inout DiagnosticBag
    ) -> Program? {
        ExpressionCompiler.compileBool(
            expression, what: "the `when` of a prerequisite of action `\(action)`",
            environment: environment, options: options, bag: &bag)
    }

    /// Whether the condition holds in a profile's scope. Missing data counts as holding: the
    /// prerequisite then only comes first, which is never wrong.
    func holds(in scope: Scope) -> Bool {
        switch program.evaluate(in: scope) {
        case .bool(let flag): flag
        default: true
        }
    }
}
