import SourceDiagnostics

/// Checks what a rule test names against the rule set it tests, when the test is read: a
/// misspelt `set` path, rule, domain, band, action, parameter or gap value would otherwise make
/// the test pass without testing anything (a path that creates a field no rule reads, an
/// action that is never in any plan). Each problem is an error at the name, with a
/// did-you-mean.
enum RuleTestChecker {

    /// The error for a `set` path the schema does not declare, or `nil` when it declares it.
    static func problem(setPath path: Located<String>, ruleSet: CompiledRuleSet) -> Diagnostic? {
        guard let problem = problem(with: path.value, schema: ruleSet.ruleSet.schema) else {
            return nil
        }
        return Diagnostic(
            .error, code: "test.unknown-path",
            message: "`set` names `\(path.value)`, which is not in the schema: \(problem)",
            at: path.range,
            help:
                "a `set` path must name a field the rule set's schema declares (`readiness template` lists them)"
        )
    }

    /// Checks the ids, labels and names a test's expectations use.
    static func check(_ test: RuleTest, ruleSet: CompiledRuleSet, bag: inout DiagnosticBag) {
        let rules = ruleSet.ruleSet
        let ruleIDs = rules.rules.map(\.id)
        func checkRule(_ id: Located<String>) -> Bool {
            guard !ruleIDs.contains(id.value) else { return true }
            // A rule the tailoring in force leaves out is reported when the test runs.
            if let tailoring = ruleSet.tailoring, !tailoring.keeps(ruleID: id.value) {
                return false
            }
            bag.append(.unknownReference("rule", id.value, at: id.range, known: ruleIDs))
            return false
        }
        for (rule, _) in test.outcomes { _ = checkRule(rule) }
        let domainIDs = rules.domains.map(\.id)
        for (domain, _) in test.domains where !domainIDs.contains(domain.value) {
            bag.append(
                .unknownReference("domain", domain.value, at: domain.range, known: domainIDs))
        }
        if let band = test.band, !rules.bands.contains(where: { $0.label == band.value }) {
            let labels = rules.bands.map(\.label)
            bag.append(
                Diagnostic(
                    .error, code: "decode.unknown-reference",
                    message: "no band is labelled `\(band.value)`"
                        + Suggestion.didYouMean(band.value, among: labels),
                    at: band.range,
                    help: "the bands are: \(labels.joined(separator: ", "))"))
        }
        let actionIDs = rules.actions.map(\.id)
        for action in test.actionsPresent + test.actionsAbsent
        where !actionIDs.contains(action.value) {
            bag.append(
                .unknownReference("action", action.value, at: action.range, known: actionIDs))
        }
        for gap in test.gaps where checkRule(gap.rule) {
            guard let rule = rules.rule(gap.rule.value) else { continue }
            let names = GapTemplate.builtins(for: rule) + rule.values.map(\.name)
            for (name, _) in gap.values where !names.contains(name.value) {
                bag.append(
                    Diagnostic(
                        .error, code: "test.unknown-value",
                        message: "rule \(rule.id)'s gap message has no value `\(name.value)`"
                            + Suggestion.didYouMean(name.value, among: names),
                        at: name.range,
                        help: "its named values are: \(names.joined(separator: ", "))"))
            }
        }
    }

    /// Why a path names no field of the profile, or `nil` when it names one.
    static func problem(with path: String, schema: ObjectSpec) -> String? {
        guard let steps = ProfilePath.steps(path) else {
            return "it is not a field path like `a.b[0].c`"
        }
        if case .field("assessment")? = steps.first, schema["assessment"] == nil {
            guard steps.count <= 2 else {
                return "the `assessment` header's fields hold single values"
            }
            guard case .field(let name)? = steps.last, steps.count == 2 else { return nil }
            return ProfileDecoder.headerFields.contains(name)
                ? nil
                : "the `assessment` header has no field `\(name)`"
                    + Suggestion.didYouMean(name, among: ProfileDecoder.headerFields)
        }
        var object: ObjectSpec? = schema
        var spec: FieldSpec?
        var walked = ""
        for step in steps {
            switch step {
            case .field(let name):
                guard let record = object else {
                    return "`\(walked)` is \(article(spec?.type.name ?? "value")), not a record"
                }
                guard let field = record[name] else {
                    return (walked.isEmpty ? "the profile" : "`\(walked)`")
                        + " has no field `\(name)`"
                        + Suggestion.didYouMean(
                            name,
                            among: record.fields.map(\.name)
                                + (walked.isEmpty ? ["assessment"] : []))
                }
                spec = field
                walked += (walked.isEmpty ? "" : ".") + name
                if case .object(let inner) = field.type { object = inner } else { object = nil }
            case .index(let index):
                guard case .list(let item)? = spec?.type else {
                    return "`\(walked)` is \(article(spec?.type.name ?? "value")), not a list"
                }
                spec = item
                walked += "[\(index)]"
                if case .object(let inner) = item.type { object = inner } else { object = nil }
            }
        }
        return nil
    }

    /// A noun with its article: "an int", "a bool".
    static func article(_ noun: String) -> String {
        (noun.first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + noun
    }
}
