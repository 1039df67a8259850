import CEL
import SourceDiagnostics

/// Gap messages with `{{ name }}` placeholders: `unmet`, `met`, `total` and `percent` (of a
/// `measure` rule), `score`, `params.NAME`, and the rule's own named `values`.
enum GapTemplate {
    static let builtins = ["unmet", "met", "total", "percent", "score"]

    /// The placeholder names in a template.
    static func placeholders(_ template: String) -> [String] {
        var names: [String] = []
        var rest = Substring(template)
        while let open = rest.firstRange(ofBytes: "{{") {
            guard let close = rest[open.upperBound...].firstRange(ofBytes: "}}") else { break }
            names.append(
                String(rest[open.upperBound..<close.lowerBound].trimmingWhitespace(newlines: false))
            )
            rest = rest[close.upperBound...]
        }
        return names
    }

    static func validate(_ rule: Rule, ruleSet: RuleSet, bag: inout DiagnosticBag) {
        guard let gap = rule.gap else { return }
        let known =
            builtins + ruleSet.parameters.map { "params.\($0.name)" } + rule.values.map(\.name)
        for name in placeholders(gap) where !known.contains(name) {
            bag.append(
                Diagnostic(
                    .error, code: "rule.gap-placeholder",
                    message:
                        "the gap message of rule `\(rule.id)` uses `{{ \(name) }}`, which names nothing"
                        + Suggestion.didYouMean(name, among: known),
                    at: rule.range,
                    help:
                        "use one of: \(known.joined(separator: ", ")), or define it under the rule's `values:`"
                ))
        }
    }

    /// The parameters as messages and titles show them, by placeholder (`params.min_hours`).
    static func parameterTexts(_ parameters: [Parameter]) -> [String: String] {
        Dictionary(
            parameters.map { ("params.\($0.name)", display($0.value)) },
            uniquingKeysWith: { first, _ in first })
    }

    /// Fills the placeholders.
    static func render(_ template: String, values: [String: String]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstRange(ofBytes: "{{"),
            let close = rest[open.upperBound...].firstRange(ofBytes: "}}")
        {
            out += rest[..<open.lowerBound]
            let name = String(
                rest[open.upperBound..<close.lowerBound].trimmingWhitespace(newlines: false))
            out += values[name] ?? "{{ \(name) }}"
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// A value as a gap message shows it: text without quotes, whole numbers without `.0`.
    static func display(_ value: CELValue) -> String {
        switch value {
        case .string(let text): return text
        case .double(let number): return NumberFormat.count(number)
        case .timestamp(let time): return String(time.rfc3339.prefix(10))
        case .list(let items): return items.map(display).joined(separator: ", ")
        // A value a message names but the profile leaves out: plain words, never an error's
        // text.
        case .error(let error) where error.missingField != nil: return "not known"
        case .error: return "not worked out"
        default: return value.debugText
        }
    }
}
