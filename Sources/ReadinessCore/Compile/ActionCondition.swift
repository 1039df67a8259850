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
        compileBool(
            expression, what: "the `when` of a prerequisite of action `\(action)`",
            environment: environment, options: options, bag: &bag)
    }

    /// Parses, checks and plans an expression that must give a bool (or `dyn`); problems go
    /// to the bag at the expression's position, naming it as `what`.
    static func compileBool(
        _ expression: Expression, what: String, environment: Environment,
        options: ProgramOptions, bag: inout DiagnosticBag
    ) -> Program? {
        guard
            let program = compileAny(
                expression, environment: environment, options: options, bag: &bag)
        else { return nil }
        guard program.resultType == .bool || program.resultType == .dyn else {
            bag.append(
                Diagnostic(
                    .error, code: "rule.type",
                    message: "\(what) must give bool, but gives \(program.resultType)",
                    at: SourceRange(start: expression.locate(0))))
            return nil
        }
        return program
    }

    /// Parses, checks and plans an expression; problems go to the bag at its position.
    static func compileAny(
        _ expression: Expression, environment: Environment, options: ProgramOptions,
        bag: inout DiagnosticBag
    ) -> Program? {
        do {
            let ast = try environment.parse(expression.text)
            let checked = try environment.check(ast)
            return environment.program(ast, checked: checked, options: options)
        } catch {
            bag.append(contentsOf: error.diagnostics(locate: expression.locate))
            return nil
        }
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
