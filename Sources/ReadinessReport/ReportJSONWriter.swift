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
        json.key("as_of")
        json.string(report.asOf)
        if let assessor = report.assessor {
            json.key("assessor")
            json.string(assessor)
        }
        json.key("compliance")
        write(report.compliance, to: &json)
        json.key("data_to_collect")
        json.list(report.dataToCollect) { json, entry in
            json.openObject()
            json.key("label")
            json.string(entry.label)
            json.key("path")
            json.string(entry.path)
            json.key("rule")
            json.string(entry.rule)
            json.closeObject()
        }
        json.key("domains")
        json.list(report.domains) { json, domain in write(domain, to: &json) }
        json.key("formulas")
        json.strings(report.formulas)
        json.key("inputs")
        json.list(report.inputs) { json, input in
            json.openObject()
            json.key("path")
            json.string(input.path)
            json.key("role")
            json.string(input.role)
            json.key("sha256")
            json.string(input.sha256)
            json.closeObject()
        }
        json.key("organisation")
        json.string(report.organisation)
        json.key("plan")
        json.list(report.plan) { json, phase in write(phase, to: &json) }
        json.key("plan_start")
        json.number(report.planStart)
        json.key("rules")
        json.list(report.rules) { json, rule in write(rule, to: &json) }
        json.key("ruleset")
        json.openObject()
        json.key("id")
        json.string(report.ruleset.id)
        json.key("title")
        json.string(report.ruleset.title)
        json.key("version")
        json.string(report.ruleset.version)
        json.closeObject()
        json.key("schema_version")
        json.int(report.schemaVersion)
        json.key("summary")
        write(report.summary, to: &json)
        if let tailoring = report.tailoring {
            json.key("tailoring")
            json.openObject()
            json.key("id")
            json.string(tailoring.id)
            json.key("path")
            json.string(tailoring.path)
            json.key("title")
            json.string(tailoring.title)
            json.closeObject()
        }
        json.key("tool")
        json.string(report.tool)
        json.key("warnings")
        json.strings(report.warnings)
        json.closeObject()
    }

    private static func write(
        _ compliance: AssessmentReport.ComplianceEntry, to json: inout PrettyJSONWriter
    ) {
        json.openObject()
        if let by = compliance.by {
            json.key("by")
            json.string(by)
        }
        if let phase = compliance.phase {
            json.key("phase")
            json.string(phase)
        }
        json.key("reasons")
        json.strings(compliance.reasons)
        json.key("statement")
        json.string(compliance.statement)
        json.key("status")
        json.string(compliance.status)
        json.closeObject()
    }

    private static func write(
        _ domain: AssessmentReport.DomainEntry, to json: inout PrettyJSONWriter
    ) {
        json.openObject()
        json.key("id")
        json.string(domain.id)
        json.key("rules_counted")
        json.int(domain.rulesCounted)
        if let score = domain.score {
            json.key("score")
            json.number(score)
        }
        json.key("title")
        json.string(domain.title)
        json.key("weight")
        json.number(domain.weight)
        json.closeObject()
    }

    private static func write(_ summary: AssessmentReport.Summary, to json: inout PrettyJSONWriter)
    {
        json.openObject()
        json.key("band")
        json.string(summary.band)
        json.key("compliant")
        json.bool(summary.compliant)
        json.key("min_score")
        json.number(summary.minScore)
        json.key("outcome_counts")
        json.openObject()
        // By code point: the keys are the outcomes' names, lower-case ASCII, which the
        // encoder orders the same way (it orders other texts differently).
        for (outcome, count) in summary.outcomeCounts.sorted(by: { $0.key < $1.key }) {
            json.key(text: outcome)
            json.int(count)
        }
        json.closeObject()
        json.key("reasons")
        json.strings(summary.reasons)
        json.key("score")
        json.number(summary.score)
        json.key("unknown_scoring")
        json.string(summary.unknownScoring)
        json.closeObject()
    }

    private static func write(_ rule: AssessmentReport.RuleEntry, to json: inout PrettyJSONWriter) {
        json.openObject()
        json.key("domain")
        json.string(rule.domain)
        json.key("evidence")
        json.list(rule.evidence) { json, evidence in
            json.openObject()
            json.key("answers")
            json.string(evidence.answers)
            json.key("label")
            json.string(evidence.label)
            json.key("path")
            json.string(evidence.path)
            json.key("value")
            json.string(evidence.value)
            json.closeObject()
        }
        if let gap = rule.gap {
            json.key("gap")
            json.string(gap)
        }
        json.key("id")
        json.string(rule.id)
        json.key("mandatory")
        json.bool(rule.mandatory)
        if let message = rule.message {
            json.key("message")
            json.string(message)
        }
        if let met = rule.met {
            json.key("met")
            json.int(met)
        }
        json.key("missing")
        json.strings(rule.missing)
        if let notKnown = rule.notKnown {
            json.key("not_known")
            json.int(notKnown)
        }
        json.key("outcome")
        json.string(rule.outcome.rawValue)
        if let points = rule.pointsIfMet {
            json.key("points_if_met")
            json.number(points)
        }
        if let rationale = rule.rationale {
            json.key("rationale")
            json.string(rationale)
        }
        json.key("references")
        json.strings(rule.references)
        if let score = rule.score {
            json.key("score")
            json.number(score)
        }
        if let source = rule.source {
            json.key("source")
            json.string(source)
        }
        json.key("title")
        json.string(rule.title)
        if let total = rule.total {
            json.key("total")
            json.int(total)
        }
        json.key("weight")
        json.number(rule.weight)
        json.closeObject()
    }

    private static func write(_ phase: AssessmentReport.PhaseEntry, to json: inout PrettyJSONWriter)
    {
        json.openObject()
        json.key("actions")
        json.list(phase.actions) { json, action in write(action, to: &json) }
        if let due = phase.due {
            json.key("due")
            json.string(due)
        }
        json.key("name")
        json.string(phase.name)
        json.key("projected_band")
        json.string(phase.projectedBand)
        json.key("projected_compliant")
        json.bool(phase.projectedCompliant)
        json.key("projected_score")
        json.number(phase.projectedScore)
        json.closeObject()
    }

    private static func write(
        _ action: AssessmentReport.ActionEntry, to json: inout PrettyJSONWriter
    ) {
        json.openObject()
        json.key("after")
        json.strings(action.after)
        json.key("closes")
        json.strings(action.closes)
        json.key("completes")
        json.strings(action.completes)
        json.key("depends_on")
        json.strings(action.dependsOn)
        if let due = action.due {
            json.key("due")
            json.string(due)
        }
        if let effort = action.effortDays {
            json.key("effort_days")
            json.number(effort)
        }
        json.key("id")
        json.string(action.id)
        json.key("mandatory")
        json.bool(action.mandatory)
        json.key("needed_by")
        json.strings(action.neededBy)
        if let owner = action.owner {
            json.key("owner")
            json.string(owner)
        }
        json.key("points")
        json.number(action.points)
        json.key("prerequisite_only")
        json.bool(action.prerequisiteOnly)
        json.key("steps")
        json.strings(action.steps)
        json.key("title")
        json.string(action.title)
        json.key("why")
        json.string(action.why)
        json.closeObject()
    }
}
