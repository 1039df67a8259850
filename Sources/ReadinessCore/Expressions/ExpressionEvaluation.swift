import CEL
import SourceDiagnostics
import YAMLNode

/// Evaluates one ad-hoc CEL expression, with variables bound from a YAML or JSON file: the
/// engine behind `readiness eval`.
public struct ExpressionEvaluation: Sendable {
    /// How the variables file is read.
    public enum VariableForm: Sendable {
        /// A plain object: `{org: {size: 3}}`.
        case plain
        /// The conformance suite's tagged form: `{x: {int: "3"}}`.
        case tagged
    }

    /// What evaluating gave.
    public enum Outcome: Sendable, Equatable {
        /// A value, as CEL text and as one line of tagged JSON.
        case value(text: String, json: String)
        /// Evaluation failed with this message.
        case evaluationError(String)
    }

    /// The expression's text.
    public var expression: String
    /// Whether to type-check before evaluating (variables are declared `dyn`).
    public var checks: Bool
    /// The expression's length, depth and evaluation cost limits.
    public var limits: InputLimits

    /// Creates an evaluation.
    public init(expression: String, checks: Bool = true, limits: InputLimits = .default) {
        self.expression = expression
        self.checks = checks
        self.limits = limits
    }

    /// Reads a variables file: a mapping from names to values.
    ///
    /// - Throws: ``DiagnosticError`` for an unreadable file, bad YAML, a top level that is not
    ///   a mapping, or (tagged form) a malformed tagged value, each at its position.
    public static func loadVariables(
        path: String, form: VariableForm, limits: InputLimits = .default
    ) throws(DiagnosticError) -> [String: CELValue] {
        try decodeVariables(
            SourceFile.readBytes(path: path, maxBytes: limits.fileBytes), name: path, form: form,
            limits: limits)
    }

    /// Decodes variables held in memory (YAML or JSON bytes) as ``loadVariables(path:form:limits:)``
    /// reads a file; `name` stands for the file in messages.
    ///
    /// - Throws: ``DiagnosticError`` as ``loadVariables(path:form:limits:)``.
    public static func decodeVariables(
        _ bytes: [UInt8], name: String, form: VariableForm, limits: InputLimits = .default
    ) throws(DiagnosticError) -> [String: CELValue] {
        let root = try limits.loader.loadDocument(SourceFile(path: name, bytes: bytes))
        guard let pairs = root.mapping else {
            throw DiagnosticError(
                Diagnostic(
                    .error, code: "eval.vars-not-mapping",
                    message:
                        "the variables file must be a mapping from names to values, but it is a \(root.kindName)",
                    at: root.range, help: "write one `name: value` line per variable"))
        }
        var bindings: [String: CELValue] = [:]
        var bag = DiagnosticBag()
        for pair in pairs {
            guard let name = pair.key.string else {
                bag.append(
                    Diagnostic(
                        .error, code: "eval.vars-name", message: "a variable name must be text",
                        at: pair.key.range))
                continue
            }
            switch form {
            case .plain:
                // `~` is "not known", as in a profile: the variable is not bound.
                guard !NodeConversion.isNull(pair.value) else { continue }
                bindings[name] = NodeConversion.value(pair.value)
            case .tagged:
                do {
                    bindings[name] = try TaggedValue.decode(
                        NodeConversion.foundationObject(pair.value))
                } catch {
                    bag.append(
                        Diagnostic(
                            .error, code: "eval.tagged-value",
                            message: "`\(name)` is not a valid tagged value: \(error.message)",
                            at: pair.value.range,
                            help:
                                "write e.g. {\"int\": \"3\"}, {\"list\": [...]}, {\"map\": [[k, v]]}"
                        ))
                }
            }
        }
        try bag.throwIfErrors()
        return bindings
    }

    /// The expression as a source file named `<expression>`, for showing carets under its
    /// problems.
    public var source: SourceFile { SourceFile(path: Self.sourceName, text: expression) }

    /// The name under which the expression's problems are reported.
    public static let sourceName = "<expression>"

    /// `{"error":"message"}`: an evaluation error in the JSON output form.
    public static func errorJSON(_ message: String) -> String {
        TaggedValue.json(.error(CELError(message)))
    }

    /// Compiles and evaluates with the given variables.
    ///
    /// - Throws: ``DiagnosticError`` at the expression's line and column when it does not
    ///   parse or type-check (codes `cel.parse`, `cel.type`,
    ///   `cel.too-long`, `cel.too-deep`).
    public func evaluate(_ bindings: [String: CELValue], ruleSet: CompiledRuleSet? = nil)
        throws(DiagnosticError) -> Outcome
    {
        // With a rule set, the expression sees what rules see: the profile's fields with their
        // schema types, `params`, `as_of` and the readiness functions.
        var environment = CompiledRuleSet.environment(for: ruleSet?.ruleSet, limits: limits)
        for name in bindings.keys where environment.variables[name] == nil {
            environment.declare(name, .dyn)
        }
        let program: Program
        do {
            let ast = try environment.parse(expression)
            program =
                checks
                ? environment.program(
                    ast, checked: try environment.check(ast), options: limits.programOptions())
                : environment.program(ast, options: limits.programOptions())
        } catch {
            let celSource = error.source
            throw DiagnosticError(
                error.diagnostics { offset in
                    let (line, column) = celSource.lineAndColumn(of: offset)
                    return SourceLocation(file: Self.sourceName, line: line, column: column)
                })
        }
        let result = program.evaluate(bindings)
        if case .error(let error) = result { return .evaluationError(error.message) }
        return .value(text: result.debugText, json: TaggedValue.json(result))
    }
}
