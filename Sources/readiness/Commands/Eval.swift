import ArgumentParser
import ReadinessCore
import SourceDiagnostics

/// `readiness eval`: evaluates one CEL expression, for rule authors trying an idea out.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a CEL expression.",
        discussion: """
            Variables come from a YAML or JSON file (--vars). They are declared `dyn`, so the \
            type checker accepts any use of them; --no-check skips the checker entirely and \
            evaluates dynamically. An expression that begins with `-` goes after `--`.

            Examples:
              readiness eval '[1, 2, 3].map(x, x * 2)'
              readiness eval --vars org.yaml 'org.peer_workers.all(w, w.supervised)'
              readiness eval --format json -- '-1 + 2'
              readiness eval --profile assessments/03-harbour-developing.yaml \\
                'peer_workers.filter(w, w.supervision.interval_days > params.max_supervision_interval_days).map(w, w.name)'

            The text format prints the value as CEL writes it; the json format prints one line \
            of tagged JSON ({"int": "2"}). An evaluation error prints {"error": "…"} (json) or \
            a message on stderr (text) and exits 1; a parse or type error shows the expression \
            with a caret under the problem and exits 2.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @Argument(help: "The CEL expression.")
    var expression: String

    @Option(
        name: .long,
        help: ArgumentHelp("A YAML or JSON file binding variables by name.", valueName: "file"))
    var vars: String?

    @Flag(
        name: .long, help: "Read --vars in the conformance suite's tagged form ({\"int\": \"3\"}).")
    var tagged = false

    @Flag(name: .customLong("no-check"), help: "Skip the type checker; evaluate dynamically.")
    var noCheck = false

    @Option(name: .long, help: "Output format: text or json.")
    var format: Format = .text

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A rule set: its parameters, schema types and readiness functions are in scope.",
            valueName: "dir"))
    var rules: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A profile whose fields (and as_of) are in scope; uses the built-in rule set unless --rules is given.",
            valueName: "file"))
    var profile: String?

    @OptionGroup(title: "Input limits") var limitOptions: LimitOptions

    func run() throws {
        let evaluation = ExpressionEvaluation(
            expression: expression, checks: !noCheck, limits: limitOptions.limits)
        var bindings: [String: ReadinessCore.CELValue] = [:]
        if let vars {
            do {
                bindings = try ExpressionEvaluation.loadVariables(
                    path: vars, form: tagged ? .tagged : .plain, limits: limitOptions.limits)
            } catch {
                Output.report(error.diagnostics)
                throw Output.status(for: error).code
            }
        }
        var ruleSet: CompiledRuleSet?
        if rules != nil || profile != nil {
            ruleSet = try RuleSetOptions(
                rules: rules, tailoring: nil, limitOptions: limitOptions
            ).load()
        }
        if let ruleSet {
            var scope: [String: ReadinessCore.CELValue] = ["params": ruleSet.parameterValues]
            if let profile {
                do {
                    let loaded = try ProfileDecoder.load(
                        path: profile, schema: ruleSet.ruleSet.schema, limits: ruleSet.limits)
                    scope = Evaluator(ruleSet).bindings(for: loaded)
                } catch {
                    Output.report(error.diagnostics)
                    throw Output.status(for: error).code
                }
            }
            bindings = scope.merging(bindings) { _, given in given }
        }
        let outcome: ExpressionEvaluation.Outcome
        do {
            outcome = try evaluation.evaluate(bindings, ruleSet: ruleSet)
        } catch {
            Output.report(error.diagnostics, sources: [evaluation.source])
            throw ExitStatus.invalidExpression.code
        }
        switch outcome {
        case .value(let text, let json):
            Output.print((format == .json ? json : text) + "\n")
        case .evaluationError(let message):
            if format == .json {
                Output.print(ExpressionEvaluation.errorJSON(message) + "\n")
            } else {
                Output.report([
                    Diagnostic(.error, code: "eval.failed", message: message)
                ])
            }
            throw ExitStatus.negative.code
        }
    }
}
