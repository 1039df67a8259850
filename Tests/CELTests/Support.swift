import CEL

/// Compiles (with the checker) and evaluates an expression with dyn-typed bindings.
func evaluate(_ expression: String, _ bindings: [String: CELValue] = [:], check: Bool = true)
    throws(CELCompileError) -> CELValue
{
    var environment = Environment()
    for name in bindings.keys { environment.declare(name, .dyn) }
    let ast = try environment.parse(expression)
    let program =
        check
        ? environment.program(ast, checked: try environment.check(ast)) : environment.program(ast)
    return program.evaluate(bindings)
}

/// The compile error's rendered text for an expression, or "" when it compiles.
func compileErrors(_ expression: String, environment: Environment = Environment()) -> String {
    do {
        _ = try environment.compile(expression)
        return ""
    } catch {
        return error.description
    }
}

extension CELValue {
    /// The error message, when this is an error.
    var errorMessage: String? {
        if case .error(let error) = self { return error.message }
        return nil
    }
}
