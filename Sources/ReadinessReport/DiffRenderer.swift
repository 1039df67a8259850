import Foundation
import ReadinessCore

/// Renders the change between two assessments.
public enum DiffRenderer {
    /// Plain text (markdown is the same content with headings).
    public static func text(_ diff: AssessmentDiff, markdown: Bool = false) -> String {
        let heading = markdown ? "## " : ""
        let bullet = "- "
        var out =
            markdown
            ? "# Progress: \(MarkdownRenderer.text(diff.organisation))\n\n"
            : "\(diff.organisation): progress\n"
        out += "\(diff.beforeAsOf) → \(diff.afterAsOf)\n\n"
        out +=
            "Overall \(TextRenderer.number(diff.scoreBefore)) → \(TextRenderer.number(diff.scoreAfter)) (\(signed(diff.scoreDelta)))"
        out +=
            diff.bandBefore == diff.bandAfter
            ? ", still \(diff.bandAfter)" : ", \(diff.bandBefore) → \(diff.bandAfter)"
        if diff.compliantBefore != diff.compliantAfter {
            out += diff.compliantAfter ? "; now compliant" : "; no longer compliant"
        } else {
            out += diff.compliantAfter ? "; compliant" : "; not compliant"
        }
        out += "\n\n\(heading)Domains\n"
        for domain in diff.domains {
            let before = domain.before.map(TextRenderer.number) ?? "n/a"
            let after = domain.after.map(TextRenderer.number) ?? "n/a"
            out +=
                "\(bullet)\(domain.title): \(before) → \(after)"
                + (domain.delta.map { " (\(signed($0)))" } ?? "") + "\n"
        }
        func section(_ title: String, _ changes: [AssessmentDiff.RuleChange]) {
            guard !changes.isEmpty else { return }
            out += "\n\(heading)\(title) (\(changes.count))\n"
            for change in changes {
                out += "\(bullet)\(change.id) \(change.title): \(change.before) → \(change.after)\n"
            }
        }
        section("Improved", diff.improved)
        section("Regressed", diff.regressed)
        section("New gaps", diff.newGaps)
        section("Now unknown (data missing)", diff.nowUnknown)
        if !diff.actionsCompleted.isEmpty {
            out += "\n\(heading)Actions no longer needed (\(diff.actionsCompleted.count))\n"
            for action in diff.actionsCompleted {
                out += "\(bullet)\(action.id) \(action.title)\n"
            }
        }
        return out
    }

    /// JSON, keys sorted.
    public static func json(_ diff: AssessmentDiff) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return ((try? encoder.encode(diff)).map { String(decoding: $0, as: UTF8.self) } ?? "{}")
            + "\n"
    }

    private static func signed(_ value: Double) -> String {
        Scores.signedPoints(value)
    }
}
