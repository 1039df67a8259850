import CEL
import SourceDiagnostics

/// Compiles the expressions that stand outside rules (actions' conditions, profile
/// constraints): parse, check and plan, with problems at the expression's place in its file.
enum ExpressionCompiler {
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
}
