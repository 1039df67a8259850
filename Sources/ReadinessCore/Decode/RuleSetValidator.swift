import SourceDiagnostics

/// Cross-references within a rule set: every domain, action and dependency a rule or action
/// names exists, timeframes are known phases, and no actions depend on each other in a cycle.
enum RuleSetValidator {
    static func validate(_ ruleSet: RuleSet, bag: inout DiagnosticBag) {
        let domainIDs = ruleSet.domains.map(\.id)
        let actionIDs = ruleSet.actions.map(\.id)
        for rule in ruleSet.rules {
            if !rule.domain.isEmpty, ruleSet.domain(rule.domain) == nil {
                bag.append(
                    .unknownReference("domain", rule.domain, at: rule.range, known: domainIDs))
            } else if rule.mandatory, ruleSet.domain(rule.domain)?.scored == false {
                bag.append(
                    .invalidValue(
                        "rule `\(rule.id)` is mandatory, but its domain `\(rule.domain)` does not score: a rule that only informs cannot decide compliance",
                        at: rule.range,
                        help: "move the rule to a domain that scores, or drop `mandatory: true`"))
            } else if rule.mandatory, !ruleSet.judgesCompliance {
                bag.append(
                    .invalidValue(
                        "rule `\(rule.id)` is mandatory, but the rule set gives no verdict of compliance (`compliance: none`)",
                        at: rule.range,
                        help: "drop `mandatory`, or give the rule set a compliance verdict"))
            }
            for action in rule.actions where ruleSet.action(action.value) == nil {
                bag.append(
                    .unknownReference("action", action.value, at: action.range, known: actionIDs))
            }
        }
        for action in ruleSet.actions {
            if !ruleSet.phases.contains(action.timeframe) {
                bag.append(
                    .invalidValue(
                        "the timeframe `\(action.timeframe)` of action `\(action.id)` is not a phase of the plan"
                            + Suggestion.didYouMean(action.timeframe, among: ruleSet.phases),
                        at: action.range,
                        help: "the phases are: \(ruleSet.phases.joined(separator: ", "))"))
            }
            for dependency in action.allDependencies where ruleSet.action(dependency.value) == nil {
                bag.append(
                    .unknownReference(
                        "action", dependency.value, at: dependency.range, known: actionIDs))
            }
        }
        if let cycle = dependencyCycle(ruleSet.actions), let first = ruleSet.action(cycle[0]) {
            bag.append(
                Diagnostic(
                    .error, code: "plan.cycle",
                    message:
                        "actions depend on each other in a cycle: \(cycle.joined(separator: " → "))",
                    at: first.range,
                    help: "remove one of these `depends_on` entries so the plan has an order"))
        }
    }

    /// The first dependency cycle found, as ids from its start back to it; `nil` if none.
    static func dependencyCycle(_ actions: [Action]) -> [String]? {
        let dependencies = Dictionary(
            actions.map { ($0.id, $0.allDependencies.map(\.value)) },
            uniquingKeysWith: { first, _ in first })
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        var stack: [String] = []
        func visit(_ id: String) -> [String]? {
            if state[id] == 2 { return nil }
            if state[id] == 1, let start = stack.firstIndex(of: id) {
                return Array(stack[start...]) + [id]
            }
            state[id] = 1
            stack.append(id)
            for next in dependencies[id] ?? [] where dependencies[next] != nil {
                if let cycle = visit(next) { return cycle }
            }
            stack.removeLast()
            state[id] = 2
            return nil
        }
        for action in actions {
            if let cycle = visit(action.id) { return cycle }
        }
        return nil
    }
}
