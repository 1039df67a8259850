import ReadinessCore

/// Renders a report as GitHub-flavoured Markdown: summary, domain table, gaps, data to collect,
/// the plan by phase, and the formulas.
public struct MarkdownRenderer: ReportRenderer {
    /// A renderer.
    public init() {}

    /// The report as Markdown.
    public func render(_ report: AssessmentReport) -> String {
        Self.write(report)
    }

    /// The reports one after another.
    public func render(_ reports: [AssessmentReport]) -> String {
        reports.map(render).joined(separator: "\n")
    }

    /// The report in Markdown.
    static func write(_ report: AssessmentReport) -> String {
        var out = "# Readiness assessment: \(text(report.organisation))\n\n"
        out +=
            "Assessed \(report.asOf) against **\(text(report.ruleset.title))** (`\(report.ruleset.id)` \(report.ruleset.version))"
        if let tailoring = report.tailoring { out += ", tailored by **\(text(tailoring.title))**" }
        out += ".\n\n"
        if let compliant = report.summary.compliant {
            out += "| overall score | band | compliant |\n|---:|---|---|\n"
            out +=
                "| \(NumberFormat.oneDecimal(report.summary.score)) / 100 | \(text(report.summary.band)) | \(compliant ? "yes" : "**no**") |\n\n"
        } else {
            out += "| overall score | band |\n|---:|---|\n"
            out +=
                "| \(NumberFormat.oneDecimal(report.summary.score)) / 100 | \(text(report.summary.band)) |\n\n"
        }
        out += BoardSummary.markdown(report)
        if !report.summary.reasons.isEmpty {
            out +=
                "Not compliant because:\n\n"
                + report.summary.reasons.map { "- \(text($0))\n" }.joined() + "\n"
        }
        let waivers = ScoringWords.waivers(report)
        if !waivers.isEmpty {
            out +=
                "## \(ScoringWords.waiversHeading)\n\n"
                + waivers.map {
                    "- **\(text($0.rule))** — \(text($0.standing)). \(text($0.detail))\n"
                }.joined() + "\n"
        }
        // A band column only where domains have bands of their own.
        let banded = report.domains.contains { $0.band != nil }
        out +=
            "## Domain scores\n\n| domain | weight | score |\(banded ? " band |" : "")\n|---|---:|---:|\(banded ? "---|" : "")\n"
        for domain in report.domains {
            out +=
                "| \(cell(domain.title)) | \(NumberFormat.oneDecimal(domain.weight)) | \(ScoringWords.score(domain, none: "n/a")) |"
                + (banded ? " \(cell(domain.band ?? "")) |" : "") + "\n"
        }
        let feedback = ScoringWords.feedback(report)
        if !feedback.isEmpty {
            out += "\n## Feedback by domain\n\n"
            for (title, band, paragraph) in feedback {
                out += "**\(text(title)) — \(text(band)).** \(text(paragraph))\n\n"
            }
        }
        let disagreements = ScoringWords.disagreements(report)
        if !disagreements.isEmpty {
            out +=
                "\n## \(ScoringWords.disagreementsHeading)\n\n\(ScoringWords.disagreementsNote)\n\n"
            for (statement, ratings) in disagreements {
                out += "- **\(text(statement))** — \(text(ratings))\n"
            }
        }
        let gaps = report.gaps
        out += "\n## Gaps (\(gaps.count))\n\n"
        if gaps.isEmpty { out += "None: every applicable rule passes.\n" }
        for rule in gaps {
            out += "### \(rule.id): \(text(rule.title))\n\n"
            out += "*\(ScoringWords.tags(rule, in: report).joined(separator: ", "))*"
            if let score = rule.score { out += " — score \(NumberFormat.percent(score))" }
            out += "\n\n"
            if let gap = rule.gap { out += text(gap) + "\n\n" }
            if let message = rule.message { out += text(message) + "\n\n" }
            if let rationale = rule.rationale { out += "*Why it matters:* \(text(rationale))\n\n" }
            if let source = rule.source { out += "*Source:* \(text(source))\n\n" }
            for item in rule.evidence {
                out += "- \(text(item.label)): \(text(item.answers))\n"
            }
            if !rule.evidence.isEmpty { out += "\n" }
        }
        if !report.dataToCollect.isEmpty {
            out += "## Data to collect\n\n| what | needed by |\n|---|---|\n"
            for entry in report.dataToCollect {
                out += "| \(cell(entry.label)) (`\(entry.path)`) | \(entry.rule) |\n"
            }
            out += "\n"
        }
        out += "## Action plan\n\n"
        if report.plan.isEmpty { out += "No actions: nothing needs work.\n\n" }
        if !report.plan.isEmpty {
            out += "From \(NumberFormat.oneDecimal(report.planStart)) now.\n\n"
        }
        var number = 0
        var previous = report.planStart
        for phase in report.plan {
            out += "### \(text(PlanWords.phaseHeading(phase, from: previous)))\n\n"
            previous = phase.projectedScore
            for action in phase.actions {
                number += 1
                out +=
                    "\(number). **\(action.id)** \(text(action.title))"
                    + (action.mandatory ? " (mandatory)" : "") + "  \n"
                out += "   \(text(PlanWords.details(action).joined(separator: "; ")))  \n"
                out += "   *\(text(action.why))*\n"
                for step in action.steps { out += "   - \(text(step))\n" }
            }
            out += "\n"
        }
        out += "**\(text(report.planOutcome))**\n\n"
        out +=
            "## How the scores are computed\n\n"
            + report.formulas.map { "- \(text($0))\n" }.joined()
        out +=
            "\n---\n\nRule set `\(report.ruleset.id)` \(report.ruleset.version); as of \(report.asOf); \(report.tool).\n"
        return out
    }

    /// Text with Markdown's active characters escaped, so input cannot inject markup.
    static func text(_ value: String) -> String {
        var out = ""
        for character in value {
            if "\\`*_[]<>#|".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    static func cell(_ value: String) -> String {
        text(value).replacingOccurrences(of: "\n", with: " ")
    }
}
