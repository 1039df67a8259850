import ReadinessCore

/// How every human format marks what informs without scoring, in the same words.
enum ScoringWords {
    /// The mark of a rule or domain that does not score.
    static let informs = "informs, not scored"
    /// The mark of a rule whose pass must be backed by a document or a link.
    static let evidenceRequired = "evidence required"

    /// A gap's tags: its outcome (for a rated rule, the level it reaches: "Adequate, 2 of 3"),
    /// then mandatory (with the least score it needs, where
    /// partial credit is enough) or informs where they hold.
    static func tags(_ rule: AssessmentReport.RuleEntry, in report: AssessmentReport? = nil)
        -> [String]
    {
        let mandatory =
            rule.mandatoryAtLeastLevel.map { "mandatory, at least \($0)" }
            ?? rule.mandatoryAtLeast.map { "mandatory, at least \(NumberFormat.percent($0))" }
            ?? "mandatory"
        let outcome =
            rule.rating.map { "\($0.label), \(NumberFormat.count($0.value)) of \($0.highest)" }
            ?? rule.outcome.words
        return [outcome]
            + (rule.mandatory ? [mandatory] : []) + (rule.scored == false ? [informs] : [])
            + (rule.evidenceRequired == true ? [evidenceRequired] : [])
            + (report?.waiver(for: rule.id).flatMap(waiverTag).map { [$0] } ?? [])
    }

    /// A waived rule's tag: "waived until 2026-09-30", "waiver expired 2026-09-30".
    static func waiverTag(_ waiver: AssessmentReport.WaiverEntry) -> String? {
        switch waiver.status {
        case .active: "waived until \(waiver.expires)"
        case .expired: "waiver expired \(waiver.expires)"
        }
    }

    /// The heading of the waivers section.
    static let waiversHeading = "Waivers"

    /// Each waiver in one line: the rule, where the waiver stands and what it does to the
    /// verdict, then why and who approved it.
    static func waivers(_ report: AssessmentReport) -> [(
        rule: String, standing: String, detail: String
    )] {
        (report.waivers ?? []).map { waiver in
            let title = report.rules.first { $0.id == waiver.rule }?.title
            let rule = waiver.rule + (title.map { " \($0)" } ?? "")
            let standing: String
            switch waiver.status {
            case .active where waiver.excuses:
                standing =
                    "waived until \(waiver.expires): it does not count against compliance until then"
            case .active:
                standing =
                    switch waiver.outcome {
                    case .pass: "waived until \(waiver.expires), not needed: the rule is met"
                    case .notApplicable:
                        "waived until \(waiver.expires), not needed: the rule does not apply"
                    default:
                        "waived until \(waiver.expires); the rule does not stand in the way of compliance anyway"
                    }
            case .expired:
                standing =
                    "the waiver expired on \(waiver.expires): the rule counts again"
            }
            return (
                rule, standing,
                "\(waiver.justification) Approved on \(waiver.granted) by \(waiver.approvedBy)."
            )
        }
    }

    /// A domain's score as reports write it, marked when it does not count overall.
    static func score(_ domain: AssessmentReport.DomainEntry, none: String) -> String {
        (domain.score.map(NumberFormat.oneDecimal) ?? none)
            + (domain.scored == false ? " (\(informs))" : "")
    }

    /// Where respondents rated a statement far apart, one line each: "Peer workers run
    /// welcome sessions — rated 1 to 3 (combined 2): Jo (leadership) 3 Exemplary; peer worker
    /// 1 Needs improvement".
    static func disagreements(_ report: AssessmentReport) -> [(statement: String, ratings: String)]
    {
        (report.disagreements ?? []).map { entry in
            let low = entry.ratings.map(\.rating).min() ?? 0
            let high = entry.ratings.map(\.rating).max() ?? 0
            return (
                entry.label,
                "rated \(NumberFormat.count(low)) to \(NumberFormat.count(high)) (combined \(NumberFormat.count(entry.combined))): "
                    + entry.ratings.map {
                        "\($0.respondent) \(NumberFormat.count($0.rating)) \($0.label)"
                    }.joined(separator: "; ")
            )
        }
    }

    /// The heading of the disagreements section, and the sentence under it.
    static let disagreementsHeading = "Where respondents disagree"
    static let disagreementsNote =
        "Statements respondents rated far apart, with each one's rating: worth talking through together. They do not change the score."

    /// The domains with feedback for their band: title, band and the paragraph, in domain
    /// order.
    static func feedback(_ report: AssessmentReport) -> [(
        title: String, band: String, text: String
    )] {
        report.domains.compactMap { domain in
            guard let band = domain.band, let text = domain.feedback else { return nil }
            return (domain.title, band, text)
        }
    }
}
