import Foundation
import Plot
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
            "Overall \(NumberFormat.oneDecimal(diff.scoreBefore)) → \(NumberFormat.oneDecimal(diff.scoreAfter)) (\(signed(diff.scoreDelta)))"
        out +=
            diff.bandBefore == diff.bandAfter
            ? ", still \(diff.bandAfter)" : ", \(diff.bandBefore) → \(diff.bandAfter)"
        if let verdict = diff.verdictWords { out += "; " + verdict }
        out += "\n\n\(heading)Domains\n"
        for domain in diff.domains {
            let before = domain.before.map(NumberFormat.oneDecimal) ?? "n/a"
            let after = domain.after.map(NumberFormat.oneDecimal) ?? "n/a"
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

    /// One self-contained HTML page for a board: the headline change, domains with their
    /// deltas, and what improved, regressed, became a gap or unknown, and the actions no
    /// longer needed. No script, no resource from elsewhere.
    public static func html(_ diff: AssessmentDiff) -> String {
        let verdict = diff.verdictWords
        let band =
            diff.bandBefore == diff.bandAfter
            ? "still \(diff.bandAfter)" : "\(diff.bandBefore) → \(diff.bandAfter)"
        func changes(_ title: String, _ list: [AssessmentDiff.RuleChange]) -> Node<HTML.BodyContext>
        {
            .if(
                !list.isEmpty,
                .section(
                    .class("card"),
                    .h2(.text("\(title) (\(list.count))")),
                    .ul(
                        .forEach(list) { change in
                            .li(
                                .strong(.text(change.id)),
                                .text(" \(change.title): \(change.before) → \(change.after)"))
                        })))
        }
        let page = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .element(named: "title", text: "Progress: \(diff.organisation)"),
                .style(HTMLRenderer.css)),
            .body(
                .header(
                    .class("card summary"),
                    .h1(.text(diff.organisation)),
                    .p(
                        .class("meta"),
                        .text("Progress from \(diff.beforeAsOf) to \(diff.afterAsOf)")),
                    .div(
                        .class("headline"),
                        .div(
                            .class("score"),
                            .span(.text(NumberFormat.oneDecimal(diff.scoreBefore) + " → ")),
                            .span(
                                .class("number"), .text(NumberFormat.oneDecimal(diff.scoreAfter))),
                            .span(.text(" (\(signed(diff.scoreDelta)))"))),
                        .div(.class("band"), .text(band)),
                        .unwrap(verdict) { verdict in
                            .div(
                                .class(diff.compliantAfter == true ? "verdict ok" : "verdict no"),
                                .text(verdict))
                        })),
                .section(
                    .class("card"),
                    .h2("Domains"),
                    .table(
                        .tr(.th("Domain"), .th("Before"), .th("After"), .th("Change")),
                        .forEach(diff.domains) { domain in
                            .tr(
                                .td(.text(domain.title)),
                                .td(
                                    .class("num"),
                                    .text(domain.before.map(NumberFormat.oneDecimal) ?? "n/a")),
                                .td(
                                    .class("num"),
                                    .text(domain.after.map(NumberFormat.oneDecimal) ?? "n/a")),
                                .td(.class("num"), .text(domain.delta.map(signed) ?? "")))
                        })),
                changes("Improved", diff.improved),
                changes("Regressed", diff.regressed),
                changes("New gaps", diff.newGaps),
                changes("Now unknown (data missing)", diff.nowUnknown),
                .if(
                    !diff.actionsCompleted.isEmpty,
                    .section(
                        .class("card"),
                        .h2(.text("Actions no longer needed (\(diff.actionsCompleted.count))")),
                        .ul(
                            .forEach(diff.actionsCompleted) { action in
                                .li(.strong(.text(action.id)), .text(" \(action.title)"))
                            })))
            )
        )
        return page.render() + "\n"
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
        NumberFormat.signedPoints(value)
    }
}
