import ReadinessCore

/// Renders an explanation for a terminal.
public enum ExplanationRenderer {
    /// The explanation as text.
    public static func text(_ explanation: Explanation) -> String {
        let rule = explanation.rule
        let result = explanation.result
        var out = "Rule \(rule.id): \(explanation.ruleTitle)\n"
        var facts = ["domain \(rule.domain)", "weight \(NumberFormat.count(rule.weight))"]
        if rule.mandatory { facts.insert("mandatory", at: 0) }
        out += "  " + facts.joined(separator: ", ") + "\n\n"
        var outcome = "Outcome: \(result.outcome.rawValue)"
        if let score = result.score {
            outcome += " (score \(NumberFormat.count(score * 100))%)"
        }
        out += outcome + "\n"
        if let gap = result.gap { out += TextRenderer.wrap(gap, indent: "  ", first: "  ") }
        out += TextRenderer.wrap("Why: " + explanation.reason, indent: "  ")
        for section in explanation.sections {
            out +=
                "\n\(section.role): \(section.text.split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace(newlines: false) }.joined(separator: " "))\n"
            for line in section.lines { out += "  " + line + "\n" }
        }
        if !result.evidence.isEmpty {
            out += "\nFields read\n"
            for item in result.evidence {
                out += TextRenderer.wrap(
                    "\(item.path) = \(item.value)", indent: "    ", first: "  ")
            }
        }
        if !result.missing.isEmpty {
            out += "\nFields missing\n"
            for path in result.missing { out += "  \(path)\n" }
        }
        return out
    }
}
