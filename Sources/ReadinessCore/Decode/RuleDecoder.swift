import SourceDiagnostics
import YAMLNode

/// Decodes one rule or one action.
enum RuleDecoder {
    static func expression(_ node: Node?, file: SourceFile, what: String, bag: inout DiagnosticBag)
        -> Expression?
    {
        guard let node else { return nil }
        guard let text = Scalars.string(node, what, bag: &bag) else { return nil }
        if text.trimmingWhitespace().isEmpty {
            bag.append(
                .invalidValue("\(what) is empty", at: node.range, help: "write a CEL expression"))
            return nil
        }
        return Expression(
            text: text, range: node.range, locate: ExpressionLocator.make(file: file, node: node))
    }

    static func rule(_ node: Node, file: SourceFile, bag: inout DiagnosticBag) -> Rule? {
        let provisional = node["id"]?.string ?? "?"
        guard var reader = MappingReader(node, context: "rule `\(provisional)`", bag: &bag) else {
            return nil
        }
        let context = "rule `\(provisional)`"
        let id = Scalars.string(reader.required("id", bag: &bag), "the rule id", bag: &bag) ?? ""
        let domain =
            Scalars.string(
                reader.required("domain", bag: &bag), "the domain of \(context)", bag: &bag) ?? ""
        let title =
            Scalars.string(
                reader.required("title", bag: &bag), "the title of \(context)", bag: &bag) ?? ""
        let weightNode = reader.value("weight")
        let weight = Scalars.number(weightNode, "the weight of \(context)", bag: &bag) ?? 1
        if weight <= 0, let weightNode {
            bag.append(
                .invalidValue(
                    "the weight of \(context) must be positive, but is \(Self.format(weight))",
                    at: weightNode.range,
                    help: "use a weight above 0; drop a rule with a tailoring's `exclude` instead"))
        }
        let requireNode = reader.value("require")
        let measureNode = reader.value("measure")
        let gradeNode = reader.value("grade")
        let rateNode = reader.value("rate")
        let kinds = [requireNode, measureNode, gradeNode, rateNode].compactMap { $0 }
        var check: RuleCheck?
        if kinds.count != 1 {
            bag.append(
                Diagnostic(
                    .error, code: "rule.check",
                    message: kinds.isEmpty
                        ? "\(context) says nothing to check: it needs one of `require`, `measure`, `grade` or `rate`"
                        : "\(context) has more than one of `require`, `measure`, `grade` and `rate`; a rule checks one thing",
                    at: kinds.dropFirst().first?.range ?? SourceRange(start: node.range.start),
                    help: kinds.isEmpty
                        ? "add e.g. `require: size(peer_workers) > 0`"
                        : "split it into separate rules"))
        } else if let requireNode {
            check = expression(requireNode, file: file, what: "`require` of \(context)", bag: &bag)
                .map(RuleCheck.require)
        } else if let gradeNode {
            check = expression(gradeNode, file: file, what: "`grade` of \(context)", bag: &bag).map(
                RuleCheck.grade)
        } else if let rateNode {
            check = expression(rateNode, file: file, what: "`rate` of \(context)", bag: &bag).map(
                RuleCheck.rate)
        } else if let measureNode {
            check = measure(measureNode, file: file, context: context, bag: &bag).map(
                RuleCheck.measure)
        }
        var values: [(name: String, expression: Expression)] = []
        if let valuesNode = reader.value("values") {
            if let pairs = valuesNode.mapping {
                for pair in pairs {
                    guard let name = pair.key.string, SchemaDecoder.isIdentifier(name) else {
                        bag.append(
                            .invalidValue("a value name must be a simple name", at: pair.key.range))
                        continue
                    }
                    if let expr = expression(
                        pair.value, file: file, what: "the value `\(name)` of \(context)", bag: &bag
                    ) {
                        values.append((name, expr))
                    }
                }
            } else {
                bag.append(
                    .wrongKind(
                        expected: "a mapping of names to expressions", found: valuesNode,
                        context: "`values` of \(context)"))
            }
        }
        var rule = Rule(
            id: id, domain: domain, title: title,
            rationale: Scalars.string(
                reader.value("rationale"), "the rationale of \(context)", bag: &bag),
            source: Scalars.string(reader.value("source"), "the source of \(context)", bag: &bag),
            references: Scalars.strings(
                reader.value("references"), "the references of \(context)", bag: &bag)?.map(\.value)
                ?? [],
            weight: weight,
            mandatory: false,
            appliesIf: expression(
                reader.value("applies_if"), file: file, what: "`applies_if` of \(context)",
                bag: &bag),
            check: check
                ?? .require(
                    Expression(text: "true", range: node.range, locate: { _ in node.range.start })),
            values: values,
            gap: Scalars.string(reader.value("gap"), "the gap message of \(context)", bag: &bag),
            actions: Scalars.strings(
                reader.value("actions"), "the actions of \(context)", bag: &bag) ?? [],
            range: node.range)
        if let mandatoryNode = reader.value("mandatory") {
            (rule.mandatory, rule.mandatoryMinimum, rule.mandatoryLevel) = mandatory(
                mandatoryNode, context: context, bag: &bag)
        }
        if let evidenceNode = reader.value("evidence") {
            switch evidenceNode.string {
            case "required": rule.evidenceRequired = true
            case "optional": rule.evidenceRequired = false
            default:
                bag.append(
                    .invalidValue(
                        "`evidence` of \(context) must be `required` or `optional`",
                        at: evidenceNode.range,
                        help:
                            "write `evidence: required` where a claim that the rule passes needs a document or a link"
                    ))
            }
        }
        if let scoredNode = reader.value("scored") {
            rule.scored = Scalars.bool(scoredNode, "`scored` of \(context)", bag: &bag) ?? true
            if !rule.scored, rule.mandatory {
                bag.append(
                    .invalidValue(
                        "\(context) is mandatory, so it must score: a rule that only informs cannot decide compliance",
                        at: scoredNode.range,
                        help: "remove `scored: false`, or `mandatory: true`"))
            }
        }
        reader.reportUnknownKeys(&bag)
        return check == nil ? nil : rule
    }

    /// `mandatory: true`, `false`, `{at_least: 0.5}` (mandatory with the least score it
    /// needs) or, for a rated rule, `{at_least: Adequate}` (the least level, by label).
    private static func mandatory(_ node: Node, context: String, bag: inout DiagnosticBag)
        -> (Bool, Double?, Located<String>?)
    {
        if node.scalar != nil {
            return (Scalars.bool(node, "`mandatory` of \(context)", bag: &bag) ?? false, nil, nil)
        }
        guard var reader = MappingReader(node, context: "`mandatory` of \(context)", bag: &bag)
        else { return (false, nil, nil) }
        let leastNode = reader.required(
            "at_least", bag: &bag,
            help: "give the least score the rule needs, e.g. `at_least: 0.5`, or a level's label")
        reader.reportUnknownKeys(&bag)
        if let leastNode, let label = leastNode.string {
            return (true, nil, Located(label, leastNode.range))
        }
        let least = Scalars.number(leastNode, "`at_least` of \(context)", bag: &bag)
        if let least, let leastNode, !(least > 0 && least <= 1) {
            bag.append(
                .invalidValue(
                    "`at_least` is the least score (a share) the rule needs: above 0, at most 1",
                    at: leastNode.range))
            return (true, nil, nil)
        }
        return (true, least.flatMap { $0 < 1 ? $0 : nil }, nil)
    }

    private static func measure(
        _ node: Node, file: SourceFile, context: String, bag: inout DiagnosticBag
    ) -> Measure? {
        guard var reader = MappingReader(node, context: "`measure` of \(context)", bag: &bag) else {
            return nil
        }
        let each = expression(
            reader.required(
                "each", bag: &bag, help: "name the list to measure, e.g. `each: peer_workers`"),
            file: file, what: "`each` of \(context)", bag: &bag)
        let variableNode = reader.required("as", bag: &bag, help: "name one item, e.g. `as: w`")
        let variable = Scalars.string(variableNode, "`as` of \(context)", bag: &bag) ?? "item"
        if let variableNode, !SchemaDecoder.isIdentifier(variable) {
            bag.append(.invalidValue("`as` must be a simple name", at: variableNode.range))
        }
        let meets = expression(
            reader.required("meets", bag: &bag, help: "write the condition one item must meet"),
            file: file, what: "`meets` of \(context)", bag: &bag)
        let targetNode = reader.value("target")
        let target = Scalars.number(targetNode, "`target` of \(context)", bag: &bag) ?? 1
        if let targetNode, !(target > 0 && target <= 1) {
            bag.append(
                .invalidValue(
                    "`target` is the share of items that earns full credit: above 0, at most 1",
                    at: targetNode.range))
        }
        var whenEmpty = Outcome.notApplicable
        if let emptyNode = reader.value("empty"),
            let text = Scalars.string(emptyNode, "`empty` of \(context)", bag: &bag)
        {
            let allowed: [Outcome] = [.notApplicable, .pass, .fail]
            if let outcome = Outcome(rawValue: text), allowed.contains(outcome) {
                whenEmpty = outcome
            } else {
                bag.append(
                    .invalidValue(
                        "`empty` is the outcome when the list has no items: `not_applicable`, `pass` or `fail`, not `\(text)`"
                            + Suggestion.didYouMean(text, among: allowed.map(\.rawValue)),
                        at: emptyNode.range))
            }
        }
        reader.reportUnknownKeys(&bag)
        guard let each, let meets else { return nil }
        return Measure(
            each: each, variable: variable, meets: meets, target: target, whenEmpty: whenEmpty)
    }

    static func action(_ node: Node, file: SourceFile, bag: inout DiagnosticBag) -> Action? {
        let provisional = node["id"]?.string ?? "?"
        let context = "action `\(provisional)`"
        guard var reader = MappingReader(node, context: context, bag: &bag) else { return nil }
        let id = Scalars.string(reader.required("id", bag: &bag), "the action id", bag: &bag) ?? ""
        let title =
            Scalars.string(
                reader.required("title", bag: &bag), "the title of \(context)", bag: &bag) ?? ""
        let effortNode = reader.value("effort_days")
        let effort = Scalars.number(effortNode, "`effort_days` of \(context)", bag: &bag)
        if let effort, effort < 0, let effortNode {
            bag.append(.invalidValue("`effort_days` cannot be negative", at: effortNode.range))
        }
        var action = Action(
            id: id, title: title,
            description: Scalars.string(
                reader.value("description"), "the description of \(context)", bag: &bag),
            steps: Scalars.strings(reader.value("steps"), "the steps of \(context)", bag: &bag)?
                .map(\.value) ?? [],
            owner: Scalars.string(reader.value("owner"), "the owner of \(context)", bag: &bag),
            effortDays: effort,
            timeframe: Scalars.string(
                reader.required("timeframe", bag: &bag), "the timeframe of \(context)", bag: &bag)
                ?? "",
            dependsOn: [], conditionalDependsOn: [], range: node.range)
        readDependencies(
            reader.value("depends_on"), into: &action, context: context, file: file, bag: &bag)
        reader.reportUnknownKeys(&bag)
        return action
    }

    /// `depends_on`: action ids, or `{action: ID, when: CONDITION}` for a prerequisite that
    /// applies only where the condition holds.
    private static func readDependencies(
        _ node: Node?, into action: inout Action, context: String, file: SourceFile,
        bag: inout DiagnosticBag
    ) {
        guard let node else { return }
        let what = "`depends_on` of \(context)"
        guard let items = node.sequence, items.contains(where: { $0.mapping != nil }) else {
            action.dependsOn = Scalars.strings(node, what, bag: &bag) ?? []
            return
        }
        for item in items {
            guard item.mapping != nil else {
                if let id = Scalars.string(item, what, bag: &bag) {
                    action.dependsOn.append(Located(id, item.range))
                }
                continue
            }
            guard var reader = MappingReader(item, context: what, bag: &bag) else { continue }
            let idNode = reader.required("action", bag: &bag)
            let id = Scalars.string(idNode, "the action of a \(what)", bag: &bag)
            let condition = expression(
                reader.required("when", bag: &bag), file: file,
                what: "the condition of a \(what)", bag: &bag)
            reader.reportUnknownKeys(&bag)
            if let id, let idNode, let condition {
                action.conditionalDependsOn.append(
                    ConditionalDependency(action: Located(id, idNode.range), when: condition))
            }
        }
    }

    /// `constraints`: a list of cross-field constraints on profiles.
    static func constraints(_ node: Node, file: SourceFile, bag: inout DiagnosticBag)
        -> [Constraint]
    {
        guard let items = node.sequence else {
            bag.append(
                .wrongKind(expected: "a list of constraints", found: node, context: "`constraints`")
            )
            return []
        }
        return items.compactMap { item -> Constraint? in
            let context = "a constraint"
            guard var reader = MappingReader(item, context: context, bag: &bag) else { return nil }
            let require = expression(
                reader.required("require", bag: &bag), file: file,
                what: "the `require` of \(context)", bag: &bag)
            let each = expression(
                reader.value("each"), file: file, what: "the `each` of \(context)", bag: &bag)
            let variable =
                Scalars.string(reader.value("as"), "the `as` of \(context)", bag: &bag) ?? "item"
            let atNode = reader.required("at", bag: &bag)
            let at = Scalars.string(atNode, "the `at` of \(context)", bag: &bag)
            let message = Scalars.string(
                reader.required("message", bag: &bag), "the `message` of \(context)", bag: &bag)
            reader.reportUnknownKeys(&bag)
            guard let require, let at, let atNode, let message else { return nil }
            return Constraint(
                require: require, each: each, variable: variable, at: Located(at, atNode.range),
                message: message, range: item.range)
        }
    }

    static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }
}
