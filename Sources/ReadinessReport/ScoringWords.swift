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
    static func tags(_ rule: AssessmentReport.RuleEntry) -> [String] {
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
