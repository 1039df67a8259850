import ReadinessCore

/// A report's JSON (`--format json`, what the web application stores and its API answers),
/// byte for byte what `JSONEncoder` writes of ``AssessmentReport`` with sorted snake-case keys,
/// written directly: the encoder was two fifths of a web submission's time.
///
/// Each object's keys are listed here in sorted order. `ReportJSONWriterTests` holds the
/// bytes to the encoder's for every example, tailored and not, and for reports with every
/// optional field set and texts of every kind, so a field added to the report and not here
/// fails a test.
enum ReportJSONWriter {
    /// One report, then a line break.
    static func write(_ report: AssessmentReport) -> String {
        var json = PrettyJSONWriter(capacity: 65_536)
        write(report, to: &json)
        json.newlineAtEnd()
        return json.text
    }

    /// Several reports as a list, then a line break.
    static func write(_ reports: [AssessmentReport]) -> String {
        var json = PrettyJSONWriter(capacity: 65_536 * max(1, reports.count))
        json.openList()
        for report in reports {
            json.nextItem()
            write(report, to: &json)
        }
        json.closeList()
        json.newlineAtEnd()
        return json.text
    }

    private static func write(_ report: AssessmentReport, to json: inout PrettyJSONWriter) {
        json.openObject()
        json.field("as_of", report.asOf)
        json.field("assessor", report.assessor)
        if let compliance = report.compliance {
            json.key("compliance")
            write(compliance, to: &json)
        }
        json.key("data_to_collect")
        json.list(report.dataToCollect) { json, entry in
            json.openObject()
            json.field("label", entry.label)
            json.field("path", entry.path)
            json.field("rule", entry.rule)
            json.closeObject()
        }
        if let disagreements = report.disagreements {
            json.key("disagreements")
            json.list(disagreements) { json, entry in
                json.openObject()
                json.field("combined", number: entry.combined)
                json.field("label", entry.label)
                json.field("path", entry.path)
                json.key("ratings")
                json.list(entry.ratings) { json, rater in
                    json.openObject()
                    json.field("label", rater.label)
                    json.field("rating", number: rater.rating)
                    json.field("respondent", rater.respondent)
                    json.field("role", rater.role)
                    json.closeObject()
                }
                json.field("spread", number: entry.spread)
                json.closeObject()
            }
        }
        json.key("domains")
        json.list(report.domains) { json, domain in write(domain, to: &json) }
        json.field("formulas", report.formulas)
        json.key("inputs")
        json.list(report.inputs) { json, input in
            json.openObject()
            json.field("path", input.path)
            json.field("role", input.role)
            json.field("sha256", input.sha256)
            json.closeObject()
        }
        json.field("organisation", report.organisation)
        json.key("plan")
        json.list(report.plan) { json, phase in write(phase, to: &json) }
        json.field("plan_start", number: report.planStart)
        json.field("respondents", report.respondents)
        json.key("rules")
        json.list(report.rules) { json, rule in write(rule, to: &json) }
        json.key("ruleset")
        json.openObject()
        json.field("id", report.ruleset.id)
        json.field("title", report.ruleset.title)
        json.field("version", report.ruleset.version)
        json.closeObject()
        json.field("schema_version", report.schemaVersion)
        json.key("summary")
        write(report.summary, to: &json)
        if let tailoring = report.tailoring {
            json.key("tailoring")
            json.openObject()
            json.field("id", tailoring.id)
            json.field("path", tailoring.path)
            json.field("title", tailoring.title)
            json.closeObject()
        }
        json.field("tool", report.tool)
        if let waivers = report.waivers {
            json.key("waivers")
            json.list(waivers) { json, waiver in
                json.openObject()
                json.field("approved_by", waiver.approvedBy)
                json.field("excuses", waiver.excuses)
                json.field("expires", waiver.expires)
                json.field("granted", waiver.granted)
                json.field("justification", waiver.justification)
                json.field("location", waiver.location)
                json.field("organisation", waiver.organisation)
                json.field("outcome", waiver.outcome.rawValue)
                json.field("rule", waiver.rule)
                json.field("status", waiver.status.rawValue)
                json.closeObject()
            }
        }
        json.field("warnings", report.warnings)
        json.closeObject()
    }

    private static func write(
        _ compliance: AssessmentReport.ComplianceEntry, to json: inout PrettyJSONWriter
    ) {
        json.openObject()
        json.field("by", compliance.by)
        json.field("phase", compliance.phase)
        json.field("reasons", compliance.reasons)
        json.field("statement", compliance.statement)
        json.field("status", compliance.status)
        json.closeObject()
    }

    private static func write(
        _ domain: AssessmentReport.DomainEntry, to json: inout PrettyJSONWriter
    ) {
        json.openObject()
        json.field("band", domain.band)
        json.field("feedback", domain.feedback)
        json.field("id", domain.id)
        json.field("rules_counted", domain.rulesCounted)
        json.field("score", number: domain.score)
        json.field("scored", domain.scored)
        json.field("title", domain.title)
        json.field("weight", number: domain.weight)
        json.closeObject()
    }

    private static func write(_ summary: AssessmentReport.Summary, to json: inout PrettyJSONWriter)
    {
        json.openObject()
        json.field("band", summary.band)
        json.field("compliant", summary.compliant)
        json.field("min_score", number: summary.minScore)
        json.key("outcome_counts")
        json.openObject()
        // By code point: the keys are the outcomes' names, lower-case ASCII, which the
        // encoder orders the same way (it orders other texts differently).
        for (outcome, count) in summary.outcomeCounts.sorted(by: { $0.key < $1.key }) {
            json.key(text: outcome)
            json.int(count)
        }
        json.closeObject()
        json.field("reasons", summary.reasons)
        json.field("score", number: summary.score)
        json.field("unknown_scoring", summary.unknownScoring)
        if let waived = summary.waived { json.field("waived", waived) }
        json.closeObject()
    }

    private static func write(_ rule: AssessmentReport.RuleEntry, to json: inout PrettyJSONWriter) {
        json.openObject()
        json.field("domain", rule.domain)
        json.key("evidence")
        json.list(rule.evidence) { json, evidence in
            json.openObject()
            json.field("answers", evidence.answers)
            json.field("label", evidence.label)
            json.field("path", evidence.path)
            json.field("value", evidence.value)
            json.closeObject()
        }
        if rule.evidenceRequired == true { json.field("evidence_required", true) }
        json.field("gap", rule.gap)
        json.field("id", rule.id)
        json.field("mandatory", rule.mandatory)
        json.field("mandatory_at_least", number: rule.mandatoryAtLeast)
        json.field("mandatory_at_least_level", rule.mandatoryAtLeastLevel)
        json.field("message", rule.message)
        json.field("met", rule.met)
        json.field("missing", rule.missing)
        json.field("not_known", rule.notKnown)
        json.field("outcome", rule.outcome.rawValue)
        json.field("points_if_met", number: rule.pointsIfMet)
        if let rating = rule.rating {
            json.key("rating")
            json.openObject()
            json.field("highest", rating.highest)
            json.field("label", rating.label)
            json.field("value", number: rating.value)
            json.closeObject()
        }
        json.field("rationale", rule.rationale)
        json.field("references", rule.references)
        json.field("score", number: rule.score)
        json.field("scored", rule.scored)
        json.field("source", rule.source)
        json.field("title", rule.title)
        json.field("total", rule.total)
        json.field("weight", number: rule.weight)
        json.closeObject()
    }

    private static func write(_ phase: AssessmentReport.PhaseEntry, to json: inout PrettyJSONWriter)
    {
        json.openObject()
        json.key("actions")
        json.list(phase.actions) { json, action in write(action, to: &json) }
        json.field("due", phase.due)
        json.field("name", phase.name)
        json.field("projected_band", phase.projectedBand)
        json.field("projected_compliant", phase.projectedCompliant)
        json.field("projected_score", number: phase.projectedScore)
        json.closeObject()
    }

    private static func write(
        _ action: AssessmentReport.ActionEntry, to json: inout PrettyJSONWriter
    ) {
        json.openObject()
        json.field("after", action.after)
        json.field("closes", action.closes)
        json.field("completes", action.completes)
        json.field("depends_on", action.dependsOn)
        json.field("due", action.due)
        json.field("effort_days", number: action.effortDays)
        json.field("id", action.id)
        json.field("mandatory", action.mandatory)
        json.field("needed_by", action.neededBy)
        json.field("owner", action.owner)
        json.field("points", number: action.points)
        json.field("prerequisite_only", action.prerequisiteOnly)
        json.field("steps", action.steps)
        json.field("title", action.title)
        json.field("why", action.why)
        json.closeObject()
    }
}
