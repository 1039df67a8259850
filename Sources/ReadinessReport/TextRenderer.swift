import Rainbow
import ReadinessCore

/// Renders a report for a terminal: the verdict and why, domain scores with bars, the gaps,
/// the data to collect, and the plan by phase. Fits 80 columns.
public struct TextRenderer: ReportRenderer {
    /// Whether the text is coloured for a terminal (ANSI escapes).
    public var color: Bool

    /// A renderer, coloured for a terminal when `color`.
    public init(color: Bool = false) {
        self.color = color
    }

    /// The report as plain text, 80 columns wide.
    public func render(_ report: AssessmentReport) -> String {
        Self.write(report, color: color)
    }

    /// The reports one after another, divided by a rule.
    public func render(_ reports: [AssessmentReport]) -> String {
        reports.map(render).joined(separator: "\n" + String(repeating: "─", count: 80) + "\n\n")
    }

    /// The report as text; with `color`, the verdict, band, bars and gap markers are coloured
    /// (the words say the same, so nothing depends on colour).
    static func write(_ report: AssessmentReport, color: Bool) -> String {
        let paint = Paint(enabled: color)
        var out = ""
        out += "\(report.organisation) — assessed \(report.asOf)\n"
        out += "Rule set: \(report.ruleset.title) (\(report.ruleset.id) \(report.ruleset.version))"
        if let tailoring = report.tailoring { out += ", tailored by \(tailoring.title)" }
        out += "\n\n"
        out +=
            "Overall \(paint.bold(NumberFormat.oneDecimal(report.summary.score))) / 100 — \(paint.bold(report.summary.band))"
        if let compliant = report.summary.compliant {
            let verdict = compliant ? "COMPLIANT" : "NOT COMPLIANT"
            out += " — " + (compliant ? paint.green(verdict) : paint.red(verdict))
        }
        out += "\n"
        for reason in report.summary.reasons {
            out += wrap("- " + reason, indent: "  ")
        }
        let counts = report.summary.outcomeCounts
        out +=
            "Rules: "
            + ["pass", "partial", "fail", "unknown", "not_applicable", "error"]
            .filter { (counts[$0] ?? 0) > 0 }
            .map { "\(counts[$0] ?? 0) \($0.replacingOccurrences(of: "_", with: " "))" }.joined(
                separator: ", ") + "\n"

        let waivers = ScoringWords.waivers(report)
        if !waivers.isEmpty {
            out += "\n\(ScoringWords.waiversHeading)\n"
            for waiver in waivers {
                out += wrap("\(waiver.rule) — \(waiver.standing).", indent: "    ", first: "  ")
                out += wrap(waiver.detail, indent: "    ", first: "    ")
            }
        }

        out += "\nDomains\n"
        let titleWidth = min(46, report.domains.map(\.title.count).max() ?? 0)
        for domain in report.domains {
            let title = domain.title.fitted(titleWidth)
            let informs =
                (domain.band.map { "  \($0)" } ?? "")
                + (domain.scored == false ? "  (\(ScoringWords.informs))" : "")
            if let score = domain.score {
                out +=
                    "  \(title)  \(paint.blue(bar(score)))  \(NumberFormat.oneDecimal(score).leftPadded(5))\(informs)\n"
            } else {
                out += "  \(title)  \(String(repeating: " ", count: 20))    n/a\(informs)\n"
            }
        }

        let feedback = ScoringWords.feedback(report)
        if !feedback.isEmpty {
            out += "\nFeedback by domain\n"
            for (title, band, text) in feedback {
                out += wrap("\(title) — \(band): \(text)", indent: "    ", first: "  ")
            }
        }
        let disagreements = ScoringWords.disagreements(report)
        if !disagreements.isEmpty {
            out += "\n\(ScoringWords.disagreementsHeading)\n"
            out += wrap(ScoringWords.disagreementsNote, indent: "  ", first: "  ")
            for (statement, ratings) in disagreements {
                out += wrap("\(statement) — \(ratings)", indent: "    ", first: "  ")
            }
        }

        let gaps = report.gaps
        if !gaps.isEmpty {
            out += "\nGaps (\(gaps.count))\n"
            for rule in gaps {
                let tags = ScoringWords.tags(rule, in: report).joined(separator: ", ")
                let heading = wrap(
                    "\(marker(rule.outcome)) \(rule.id) [\(tags)] \(rule.title)", indent: "    ",
                    first: "  ")
                out += rule.outcome == .partial ? paint.yellow(heading) : paint.red(heading)
                if let gap = rule.gap { out += wrap(gap, indent: "    ", first: "    ") }
                if let message = rule.message {
                    out += wrap(message, indent: "    ", first: "    ")
                }
                if let rationale = rule.rationale {
                    out += wrap("Why it matters: \(rationale)", indent: "      ", first: "    ")
                }
                if let source = rule.source {
                    out += wrap("Source: \(source)", indent: "      ", first: "    ")
                }
            }
        }

        if !report.dataToCollect.isEmpty {
            out += "\nData to collect\n"
            var rulesByPath: [(path: String, rules: [String])] = []
            for entry in report.dataToCollect {
                if let index = rulesByPath.firstIndex(where: { $0.path == entry.label }) {
                    rulesByPath[index].rules.append(entry.rule)
                } else {
                    rulesByPath.append((entry.label, [entry.rule]))
                }
            }
            for entry in rulesByPath {
                out += wrap(
                    "? \(entry.path) — needed by \(entry.rules.joined(separator: ", "))",
                    indent: "    ", first: "  ")
            }
        }

        if !report.plan.isEmpty {
            out += "\nAction plan — from \(NumberFormat.oneDecimal(report.planStart))\n"
            var number = 0
            var previous = report.planStart
            for phase in report.plan {
                out += wrap(
                    PlanWords.phaseHeading(phase, from: previous), indent: "    ", first: "  ")
                previous = phase.projectedScore
                for action in phase.actions {
                    number += 1
                    out += wrap(
                        "\(number). \(action.id): \(action.title)"
                            + (action.mandatory ? " (mandatory)" : ""), indent: "       ",
                        first: "    ")
                    let details = PlanWords.details(action)
                    if !details.isEmpty {
                        out += wrap(
                            details.joined(separator: "; "), indent: "       ", first: "       ")
                    }
                    out += wrap(action.why, indent: "       ", first: "       ")
                    for step in action.steps {
                        out += wrap("- " + step, indent: "         ", first: "       ")
                    }
                }
            }
        }
        out += "\n" + wrap(report.planOutcome, indent: "  ")
        if !report.warnings.isEmpty {
            out += "\nWarnings\n"
            for warning in report.warnings { out += wrap(warning, indent: "    ", first: "  ") }
        }
        return out
    }

    private static func marker(_ outcome: Outcome) -> String {
        switch outcome {
        case .fail: "✗"
        case .partial: "◐"
        case .error: "!"
        default: "·"
        }
    }

    /// A 20-character bar for a 0–100 score.
    public static func bar(_ score: Double) -> String {
        let filled = Int((score / 5).rounded())
        return String(repeating: "█", count: max(0, min(20, filled)))
            + String(repeating: "░", count: max(0, 20 - filled))
    }

    /// An effort in days: `1 day`, `2.5 days`.
    public static func days(_ value: Double) -> String {
        "\(NumberFormat.count(value)) \(value == 1 ? "day" : "days")"
    }

    /// Wraps text at 80 columns.
    public static func wrap(_ text: String, indent: String, first: String = "") -> String {
        var lines: [String] = []
        var line = first
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let candidate = line.isEmpty || line == first ? line + word : line + " " + word
            if candidate.count > 80 && line.count > indent.count && line != first {
                lines.append(line)
                line = indent + word
            } else {
                line = candidate
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }

    /// Exactly `width` characters: padded with spaces, or cut (never inside a character), for a
    /// table column. Foundation's `padding(toLength:withPad:startingAt:)` did this, counting
    /// UTF-16 units, at 10,000 instructions a call on Linux.
    func fitted(_ width: Int) -> String {
        let length = count
        if length == width { return self }
        if length > width { return String(prefix(width)) }
        return self + String(repeating: " ", count: width - length)
    }
}

/// Terminal colour through Rainbow, or plain text when colour is off. Rainbow adds its own
/// checks (a console, `NO_COLOR`, `FORCE_COLOR`) on top of the caller's.
struct Paint {
    let enabled: Bool

    private func apply(_ text: String, _ style: (String) -> String) -> String {
        enabled ? style(text) : text
    }

    func bold(_ text: String) -> String { apply(text) { $0.bold } }
    func red(_ text: String) -> String { apply(text) { $0.red } }
    func green(_ text: String) -> String { apply(text) { $0.green } }
    func yellow(_ text: String) -> String { apply(text) { $0.yellow } }
    func blue(_ text: String) -> String { apply(text) { $0.blue } }
}
