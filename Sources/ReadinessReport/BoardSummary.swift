import Plot
import ReadinessCore

/// A one-page summary for a board, at the top of the markdown and HTML reports: the score,
/// band and verdict, when compliance is reached, the three actions that matter most, and what
/// data is missing.
enum BoardSummary {
    /// The summary's lines, in order, as plain sentences.
    static func lines(_ report: AssessmentReport) -> (
        verdict: String, when: String, actions: [String], missing: String
    ) {
        let verdict =
            "\(NumberFormat.oneDecimal(report.summary.score)) / 100, \(report.summary.band)"
            + (report.summary.compliant.map { $0 ? ": compliant." : ": not compliant." } ?? ".")
        let actions = report.keyActions().map { action in
            var line = "\(action.title) (\(action.id)"
            if let owner = action.owner { line += ", \(owner)" }
            if let due = action.due { line += ", by \(due)" }
            return line + ")" + (action.mandatory ? ", mandatory" : "")
        }
        let missing: String
        switch report.dataToCollect.count {
        case 0: missing = "No data is missing."
        case 1: missing = "1 answer is missing: \(report.dataToCollect[0].label)."
        default:
            missing =
                "\(report.dataToCollect.count) answers are missing, see “Data to collect”."
        }
        return (verdict, report.planOutcome, actions, missing)
    }

    /// The summary in Markdown.
    static func markdown(_ report: AssessmentReport) -> String {
        let (verdict, when, actions, missing) = lines(report)
        var out =
            "## Summary\n\n**\(MarkdownRenderer.text(verdict))** \(MarkdownRenderer.text(when))\n\n"
        if !actions.isEmpty {
            out += "The actions that matter most:\n\n"
            for (index, action) in actions.enumerated() {
                out += "\(index + 1). \(MarkdownRenderer.text(action))\n"
            }
            out += "\n"
        }
        out += MarkdownRenderer.text(missing) + "\n\n"
        return out
    }

    /// The summary in HTML.
    static func html(_ report: AssessmentReport) -> Node<HTML.BodyContext> {
        let (_, when, actions, missing) = lines(report)
        return .div(
            .class("board"),
            .p(.strong(.text(when))),
            .if(
                !actions.isEmpty,
                .group(
                    .p("The actions that matter most:"),
                    .ol(.forEach(actions) { .li(.text($0)) }))),
            .p(.class("meta"), .text(missing))
        )
    }
}
