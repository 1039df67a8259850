import ReadinessCore

/// How every human format marks what informs without scoring, in the same words.
enum ScoringWords {
    /// The mark of a rule or domain that does not score.
    static let informs = "informs, not scored"

    /// A gap's tags: its outcome (for a rated rule, the level it reaches: "Adequate, 2 of 3"),
    /// then mandatory (with the least score it needs, where
    /// partial credit is enough) or informs where they hold.
    static func tags(_ rule: AssessmentReport.RuleEntry) -> [String] {
        let mandatory =
            rule.mandatoryAtLeast.map { "mandatory, at least \(NumberFormat.percent($0))" }
            ?? "mandatory"
        let outcome =
            rule.rating.map { "\($0.label), \(NumberFormat.count($0.value)) of \($0.highest)" }
            ?? rule.outcome.words
        return [outcome]
            + (rule.mandatory ? [mandatory] : []) + (rule.scored == false ? [informs] : [])
    }

    /// A domain's score as reports write it, marked when it does not count overall.
    static func score(_ domain: AssessmentReport.DomainEntry, none: String) -> String {
        (domain.score.map(NumberFormat.oneDecimal) ?? none)
            + (domain.scored == false ? " (\(informs))" : "")
    }

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
