import CEL
import Foundation
import SourceDiagnostics

/// Why a rule gave its outcome for one profile: each of its expressions with the value of
/// every sub-expression (in the manner of power-assert), the fields it read and the fields
/// missing.
public struct Explanation: Sendable {
    /// One expression of the rule, explained.
    public struct Section: Sendable {
        /// `applies_if`, `require`, `each`, `meets`, `grade`, or a value's name.
        public var role: String
        /// The expression as written.
        public var text: String
        /// Indented lines: each sub-expression and its value.
        public var lines: [String]
    }

    /// The rule.
    public var rule: Rule
    /// The rule's title, parameters filled in.
    public var ruleTitle: String
    /// The rule's result.
    public var result: RuleResult
    /// The explanation, part by part.
    public var sections: [Section]
    /// Why the outcome is what it is, in plain words.
    public var reason: String

    /// Explains one rule for a profile.
    ///
    /// - Throws: ``DiagnosticError`` (`explain.unknown-rule`) when the rule set has no such rule.
    public static func explain(
        ruleID: String, ruleSet: CompiledRuleSet, profile: Profile, asOf: CELTimestamp? = nil
    )
        throws(DiagnosticError) -> Explanation
    {
        guard let compiled = ruleSet.rules.first(where: { $0.rule.id == ruleID }) else {
            throw DiagnosticError(
                Diagnostic(
                    .error, code: "explain.unknown-rule",
                    message: "the rule set has no rule `\(ruleID)`"
                        + Suggestion.didYouMean(ruleID, among: ruleSet.rules.map(\.rule.id)),
                    path: ruleSet.ruleSet.folder))
        }
        let evaluator = Evaluator(ruleSet)
        let bindings = evaluator.bindings(for: profile, asOf: asOf)
        let result = evaluator.evaluate(
            compiled, profile: profile, in: evaluator.scope(for: profile, asOf: asOf))
        let environment = CompiledRuleSet.environment(for: ruleSet.ruleSet, limits: ruleSet.limits)
        let options = ruleSet.limits.programOptions(observes: true)
        let rule = compiled.rule
        var sections: [Section] = []
        if let appliesIf = rule.appliesIf {
            sections.append(
                section(
                    "applies_if", appliesIf, environment: environment, options: options,
                    bindings: bindings))
        }
        switch rule.check {
        case .require(let expression):
            if result.outcome != .notApplicable {
                sections.append(
                    section(
                        "require", expression, environment: environment, options: options,
                        bindings: bindings))
            }
        case .grade(let expression), .rate(let expression):
            if result.outcome != .notApplicable {
                sections.append(
                    section(
                        rule.check.keyword, expression, environment: environment,
                        options: options, bindings: bindings))
            }
        case .measure(let measure):
            guard result.outcome != .notApplicable || result.total == 0 else { break }
            sections.append(
                section(
                    "each", measure.each, environment: environment, options: options,
                    bindings: bindings))
            if case .list(let items) = (try? environment.compile(measure.each.text))?.evaluate(
                bindings) ?? .null
            {
                var itemEnvironment = environment
                var itemType = CELType.dyn
                if case .list(let element)? = try? environment.check(
                    environment.parse(measure.each.text)
                ).resultType {
                    itemType = element
                }
                itemEnvironment.declare(measure.variable, itemType)
                for (index, item) in items.enumerated() {
                    var itemBindings = bindings
                    itemBindings[measure.variable] = item
                    var label = "item \(index + 1)"
                    if case .map(let map) = item, let name = map[field: "name"] {
                        label += " (\(GapTemplate.display(name)))"
                    }
                    var explained = section(
                        "meets", measure.meets, environment: itemEnvironment, options: options,
                        bindings: itemBindings
                    )
                    explained.role = "meets, \(label)"
                    sections.append(explained)
                }
            }
        }
        if result.outcome == .partial || result.outcome == .fail {
            for (name, expression) in rule.values {
                sections.append(
                    section(
                        name, expression, environment: environment, options: options,
                        bindings: bindings))
            }
        }
        return Explanation(
            rule: rule, ruleTitle: ruleSet.ruleSet.title(of: rule), result: result,
            sections: sections,
            reason: reason(rule, result: result))
    }

    private static func section(
        _ role: String, _ expression: Expression, environment: Environment,
        options: ProgramOptions, bindings: [String: CELValue]
    ) -> Section {
        do {
            let ast = try environment.parse(expression.text)
            let checked = try environment.check(ast)
            let program = environment.program(
                ast, checked: checked, options: options)
            let recorder = ValueRecorder()
            _ = program.evaluate(activation: Activation(program: program, bindings: bindings)) {
                id, value in
                recorder.record(id, value)
            }
            var lines: [String] = []
            render(ast.root, depth: 0, recorder: recorder, into: &lines)
            return Section(role: role, text: expression.text, lines: lines)
        } catch {
            return Section(
                role: role, text: expression.text,
                lines: ["(cannot be explained: \(error.description))"])
        }
    }

    /// Each sub-expression with its value, children indented under their parent; literals and
    /// the loops' internal names are left out.
    private static func render(
        _ expr: Expr, depth: Int, recorder: ValueRecorder, into lines: inout [String]
    ) {
        let indent = String(repeating: "  ", count: depth)
        let values = recorder.values[expr.id] ?? []
        let shown: String
        switch values.count {
        case 0: shown = "(not evaluated)"
        case 1: shown = describe(values[0])
        default:
            // Inside a loop: one value per element.
            shown =
                "per element: " + values.prefix(12).map(describe).joined(separator: ", ")
                + (values.count > 12 ? ", …" : "")
        }
        lines.append("\(indent)\(Unparser.text(expr))  →  \(shown)")
        for child in children(expr) {
            if case .literal = child.kind { continue }
            // A whole record (`w`, `w.supervision`) says less than the field read from it.
            if case .map? = recorder.values[child.id]?.first {
                switch child.kind {
                case .ident, .select: continue
                default: break
                }
            }
            if case .ident(let name) = child.kind, name.hasPrefix("@") { continue }
            render(child, depth: depth + 1, recorder: recorder, into: &lines)
        }
    }

    private static func children(_ expr: Expr) -> [Expr] {
        switch expr.kind {
        case .literal, .ident: return []
        case .select(let operand, _, _): return [operand]
        case .call(let target, _, let args): return (target.map { [$0] } ?? []) + args
        case .list(let items): return items
        case .map(let entries): return entries.flatMap { [$0.key, $0.value] }
        case .comprehension(let loop):
            // The range, then the condition or transformation applied to each element.
            switch loop.loopStep.kind {
            case .call(_, Operator.logicalAnd, let args), .call(_, Operator.logicalOr, let args):
                return [loop.iterRange, args[1]]
            case .call(_, Operator.conditional, let args): return [loop.iterRange, args[0]]
            case .call(_, Operator.add, let args):
                return [loop.iterRange] + (args.count == 2 ? children(args[1]) : [])
            default: return [loop.iterRange]
            }
        }
    }

    private static func describe(_ value: CELValue) -> String {
        switch value {
        case .map(let map): return "{\(map.count) fields}"
        case .list(let items)
        where items.contains(where: { if case .map = $0 { return true } else { return false } }):
            return "[\(items.count) records]"
        case .error(let error): return "error: \(error.message)"
        default: return value.debugText
        }
    }

    private static func reason(_ rule: Rule, result: RuleResult) -> String {
        switch result.outcome {
        case .notApplicable:
            if result.total == 0 {
                return "There are no items to measure, so the rule does not apply."
            }
            return
                "`applies_if` is false, so the rule does not apply and is left out of the scores."
        case .unknown:
            return
                "The profile does not give data the rule needs (\(result.missing.joined(separator: ", "))), so the outcome is unknown; it counts as 0 unless the rule set excludes unknowns."
        case .error:
            return
                "The rule could not be evaluated: \(result.message ?? "an error"). This is a defect of the rule; `readiness check` may name it (a field whose `~` means none, read without a test for null), and if not, should be extended to catch it."
        case .pass, .partial, .fail:
            let score = result.score ?? 0
            let decided =
                result.missing.isEmpty
                ? ""
                : " Data is missing (\(result.missing.joined(separator: ", "))), but no value it could take would change the outcome, so it is not unknown."
            switch rule.check {
            case .require:
                return
                    (result.outcome == .pass
                    ? "The requirement holds." : "The requirement does not hold.") + decided
            case .grade:
                return
                    "The grade expression gives \(NumberFormat.oneDecimal(score * 100))% (1 passes, 0 fails, anything between is partial)."
                    + (decided.isEmpty
                        ? ""
                        : " Data is missing (\(result.missing.joined(separator: ", "))); the grade is the lowest any value of it could give, and no value would make the rule pass.")
            case .rate:
                guard let rating = result.rating else {
                    return "The rating gives \(NumberFormat.oneDecimal(score * 100))%."
                }
                return
                    "The rating is \(NumberFormat.count(rating.value)) of \(rating.highest), the level \(rating.label): the scale's lowest level scores 0%, its highest 100%, and each level between an equal step, so \(NumberFormat.oneDecimal(score * 100))%."
                    + decided
            case .measure(let measure):
                let met = result.met ?? 0
                let total = result.total ?? 0
                let notKnown = result.notKnown ?? 0
                if total == 0 {
                    return
                        "There are no items to measure, and the rule says an empty list \(result.outcome == .pass ? "passes" : "fails") (`empty: \(result.outcome.rawValue)`)."
                }
                guard notKnown > 0 else {
                    return
                        "\(met) of \(total) items meet the condition; full credit needs \(NumberFormat.oneDecimal(measure.target * 100))%, so the score is \(NumberFormat.oneDecimal(score * 100))%."
                }
                return
                    "\(met) of \(total) items meet the condition and \(notKnown) cannot be judged for missing data (\(result.missing.joined(separator: ", "))); full credit needs \(NumberFormat.oneDecimal(measure.target * 100))%, which "
                    + (result.outcome == .pass
                        ? "the known items already reach, so the rule passes."
                        : "even those \(notKnown) could not reach, so the score counts them as not met: \(NumberFormat.oneDecimal(score * 100))%.")
            }
        }
    }
}

/// Collects observed values by node id, in evaluation order.
final class ValueRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [Int: [CELValue]] = [:]

    func record(_ id: Int, _ value: CELValue) {
        lock.lock()
        values[id, default: []].append(value)
        lock.unlock()
    }
}
