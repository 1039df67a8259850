import CEL

/// The assessment as data: what `--format json` writes (schema version 1, documented in
/// `docs/report-schema.md`), with keys in snake case (`schema_version`, `as_of`). Scores are
/// rounded to two decimals so the bytes are stable.
public struct AssessmentReport: Codable, Sendable, Equatable {
    /// The rule set a report is of.
    public struct RuleSetInfo: Codable, Sendable, Equatable {
        /// Its id.
        public var id: String
        /// The rule set's version.
        public var version: String
        /// Its title.
        public var title: String
    }

    /// The tailoring a report applies.
    public struct TailoringInfo: Codable, Sendable, Equatable {
        /// Its id.
        public var id: String
        /// Its title.
        public var title: String
        /// Its path.
        public var path: String
    }

    /// The verdict: score, band, compliance and why.
    public struct Summary: Codable, Sendable, Equatable {
        /// The overall score expected, as a range.
        public var score: Double
        /// The band.
        public var band: String
        /// Whether it complies; absent (`nil`) for a rule set with no verdict of compliance
        /// (`compliance: none`).
        public var compliant: Bool?
        /// Why it does not comply, in words.
        public var reasons: [String]
        /// The minimum overall score for compliance; absent with no verdict.
        public var minScore: Double?
        /// How unknown outcomes count: `zero` or `exclude`.
        public var unknownScoring: String
        /// How many rules had each outcome.
        public var outcomeCounts: [String: Int]
        /// The rules that would count against compliance but for a waiver that holds; absent
        /// where there are none.
        public var waived: [String]? = nil
    }

    /// A waiver that bears on the organisation's verdict, and where it stands on the
    /// assessment date.
    public struct WaiverEntry: Codable, Sendable, Equatable {
        /// The rule it waives.
        public var rule: String
        /// The organisation it names, in a funder's list.
        public var organisation: String?
        /// Why it was granted.
        public var justification: String
        /// Who approved it.
        public var approvedBy: String
        /// The day it was granted (`YYYY-MM-DD`).
        public var granted: String
        /// The day it stops holding (`YYYY-MM-DD`).
        public var expires: String
        /// `active` (the assessment is dated before its expiry) or `expired` (on or after).
        public var status: Waiver.State
        /// The waived rule's outcome.
        public var outcome: Outcome
        /// Whether it keeps the rule from counting against compliance: it is active and the
        /// rule would count (a mandatory rule not met, a rule not evaluated).
        public var excuses: Bool
        /// Where it was written (`FILE:LINE:COLUMN`, or where the web application keeps it).
        public var location: String
    }

    /// One domain's score.
    public struct DomainEntry: Codable, Sendable, Equatable {
        /// Its id.
        public var id: String
        /// Its title.
        public var title: String
        /// Its weight in its score.
        public var weight: Double
        /// The overall score expected, as a range.
        public var score: Double?
        /// How many rules count in its score.
        public var rulesCounted: Int
        /// `false` for a domain that informs without counting in the overall score; absent
        /// (`nil`) for one that counts.
        public var scored: Bool? = nil
        /// The domain's own band for its score, where it declares bands.
        public var band: String? = nil
        /// That band's feedback for the organisation.
        public var feedback: String? = nil
    }

    /// A field the rule read and the answers there.
    public struct EvidenceEntry: Codable, Sendable, Equatable {
        /// Its path.
        public var path: String
        /// Its value.
        public var value: String
        /// The field in words (its label or description).
        public var label: String
        /// The answers in words ("yes", "Alex 52; Bree 46").
        public var answers: String
    }

    /// One rule's outcome, score, message and evidence.
    public struct RuleEntry: Codable, Sendable, Equatable {
        /// Its id.
        public var id: String
        /// Its title.
        public var title: String
        /// The id of the rule's domain.
        public var domain: String
        /// Its weight in its score.
        public var weight: Double
        /// Whether compliance requires it to pass.
        public var mandatory: Bool
        /// The rule's outcome.
        public var outcome: Outcome
        /// The overall score expected, as a range.
        public var score: Double?
        /// The gap message template, shown when the rule is not met.
        public var gap: String?
        /// For `measure` rules: the items meeting the condition.
        public var met: Int?
        /// For `measure` rules: how many items there are.
        public var total: Int?
        /// For measure rules: items that could not be judged for missing data.
        public var notKnown: Int?
        /// The profile data the rule read.
        public var evidence: [EvidenceEntry]
        /// The paths of the data to collect for it.
        public var missing: [String]
        /// For `error`: what went wrong.
        public var message: String?
        /// Further sources (standards, credentials).
        public var references: [String]
        /// For a gap: the overall points the organisation would gain if the rule passed.
        public var pointsIfMet: Double?
        /// Why the rule matters.
        public var rationale: String?
        /// Where the rule comes from (the strategy's words).
        public var source: String?
        /// `false` for a rule that informs without counting in any score; absent (`nil`) for
        /// one that counts.
        public var scored: Bool? = nil
        /// For a mandatory rule whose partial credit is enough: the least score it needs.
        public var mandatoryAtLeast: Double? = nil
        /// For a mandatory rated rule: the least level it needs, by label ("Adequate").
        public var mandatoryAtLeastLevel: String? = nil
        /// For a rated rule: the rating and the level it reaches ("Adequate"); absent for
        /// others.
        public var rating: RuleResult.Rating? = nil
        /// `true` for a rule whose pass must be backed by a document or a link
        /// (`evidence: required`); absent for others.
        public var evidenceRequired: Bool? = nil
    }

    /// A field the profile should add, and the rule that needs it.
    public struct DataEntry: Codable, Sendable, Equatable {
        /// The rule.
        public var rule: String
        /// Its path.
        public var path: String
        /// The field in words, its item named: "Dee (peer worker 4): Days between …".
        public var label: String
    }

    /// One action of the plan.
    public struct ActionEntry: Codable, Sendable, Equatable {
        /// Its id.
        public var id: String
        /// Its title.
        public var title: String
        /// Who does it.
        public var owner: String?
        /// The effort, in days.
        public var effortDays: Double?
        /// The steps, in order.
        public var steps: [String]
        /// The actions it always needs first.
        public var dependsOn: [String]
        /// The non-passing rules listing it.
        public var closes: [String]
        /// The rules that pass once this action and those before it are done.
        public var completes: [String]
        /// The score it adds in plan order (the points of a phase sum to its rise).
        public var points: Double
        /// Whether compliance requires it to pass.
        public var mandatory: Bool
        /// Whether it is in the plan only as a prerequisite.
        public var prerequisiteOnly: Bool
        /// The actions in the plan it needs done first, for this organisation.
        public var after: [String]
        /// The actions in the plan that need it first.
        public var neededBy: [String]
        /// When it is due (`YYYY-MM-DD`), if its phase has an end.
        public var due: String?
        /// Why it stands where it does.
        public var why: String
    }

    /// One phase of the plan.
    public struct PhaseEntry: Codable, Sendable, Equatable {
        /// Its name.
        public var name: String
        /// The overall score once this phase and those before it are done.
        public var projectedScore: Double
        /// The band of that score.
        public var projectedBand: String
        /// Whether the organisation complies once this phase is done; absent with no verdict
        /// of compliance.
        public var projectedCompliant: Bool?
        /// The end of the phase (`YYYY-MM-DD`), if it has one.
        public var due: String?
        /// The actions that close the rule.
        public var actions: [ActionEntry]
    }

    /// A statement several respondents rated two or more levels apart (a finding, not
    /// counted in any score).
    public struct DisagreementEntry: Codable, Sendable, Equatable {
        /// The rating field's path.
        public var path: String
        /// The statement in words (its label or description).
        public var label: String
        /// The combined rating rules saw.
        public var combined: Double
        /// How many levels apart the highest and lowest ratings are.
        public var spread: Double
        /// Each respondent's rating of it, in the order the profile lists them.
        public var ratings: [RaterEntry]
    }

    /// One respondent's rating of a statement.
    public struct RaterEntry: Codable, Sendable, Equatable {
        /// The respondent in words: "Jo (leadership)", or the role.
        public var respondent: String
        /// Their role.
        public var role: String
        /// Their rating.
        public var rating: Double
        /// The label of that level.
        public var label: String
    }

    /// When the organisation becomes compliant by following the plan.
    public struct ComplianceEntry: Codable, Sendable, Equatable {
        /// `compliant` (now), `after_phase`, or `not_reached` (not even after the whole plan).
        public var status: String
        /// The phase after which it complies, for `after_phase`.
        public var phase: String?
        /// The date that phase ends, when it has an end.
        public var by: String?
        /// Why it will not comply after the whole plan, for `not_reached`.
        public var reasons: [String]
        /// The same in one sentence, as every format prints it.
        public var statement: String
    }

    /// The report format's version: 1.
    public var schemaVersion: Int
    /// The tool that wrote it: `readiness VERSION`.
    public var tool: String
    /// The rule set's id, version and title.
    public var ruleset: RuleSetInfo
    /// The tailoring applied, if any.
    public var tailoring: TailoringInfo?
    /// The organisation's name.
    public var organisation: String
    /// Who assessed, if the profile says.
    public var assessor: String?
    /// The assessment date.
    public var asOf: String
    /// Every file behind the verdict, with its digest.
    public var inputs: [Assessment.Input]
    /// The verdict in figures.
    public var summary: Summary
    /// Each domain, in rule set order.
    public var domains: [DomainEntry]
    /// Each rule's entry, in rule set order.
    public var rules: [RuleEntry]
    /// What the profile should add.
    public var dataToCollect: [DataEntry]
    /// The score the plan starts from, in tenths: the phases' rises add up from it.
    public var planStart: Double
    /// The action plan.
    public var plan: [PhaseEntry]
    /// When the plan makes the organisation compliant; absent for a rule set with no verdict
    /// of compliance.
    public var compliance: ComplianceEntry?
    /// The scoring formulas, in words.
    public var formulas: [String]
    /// What its author should look at.
    public var warnings: [String]
    /// How many respondents rated, where several did; absent otherwise.
    public var respondents: Int? = nil
    /// The statements respondents rated far apart; absent where there are none.
    public var disagreements: [DisagreementEntry]? = nil
    /// The waivers that bear on the verdict, in rule order; absent where none was given.
    public var waivers: [WaiverEntry]? = nil

    /// The report of an assessment.
    public init(_ assessment: Assessment) {
        let ruleSet = assessment.ruleSet.ruleSet
        schemaVersion = 1
        tool = "readiness \(ReadinessVersion.current)"
        ruleset = RuleSetInfo(
            id: ruleSet.metadata.id, version: ruleSet.metadata.version,
            title: ruleSet.metadata.title)
        tailoring = assessment.ruleSet.tailoring.map {
            TailoringInfo(id: $0.id, title: $0.title, path: $0.path)
        }
        organisation = assessment.profile.organisation
        assessor = assessment.profile.assessor
        asOf = assessment.asOf.date
        inputs = assessment.inputs
        var counts: [String: Int] = [:]
        for outcome in Outcome.allCases { counts[outcome.rawValue] = 0 }
        for result in assessment.results { counts[result.outcome.rawValue, default: 0] += 1 }
        summary = Summary(
            score: Self.round(assessment.scores.overall), band: assessment.scores.band,
            compliant: ruleSet.judgesCompliance ? assessment.scores.compliant : nil,
            reasons: assessment.scores.reasons,
            minScore: ruleSet.judgesCompliance ? ruleSet.minimumScore : nil,
            unknownScoring: ruleSet.unknownScoring.rawValue,
            outcomeCounts: counts,
            waived: assessment.scores.waived.isEmpty ? nil : assessment.scores.waived)
        domains = assessment.scores.domains.indices.map { index in
            let domain = assessment.scores.domains[index]
            let declared = ruleSet.domains.indices.contains(index) ? ruleSet.domains[index] : nil
            // Found as the overall band is, from the score before rounding.
            let band = domain.score.flatMap { Band.of($0, in: declared?.bands ?? []) }
            return DomainEntry(
                id: domain.id, title: domain.title, weight: domain.weight,
                score: domain.score.map(Self.round), rulesCounted: domain.counted,
                scored: declared?.scored == false ? false : nil, band: band?.label,
                feedback: band?.feedback)
        }
        // The compiled rules (shared objects), not the rules: a dictionary of the rules
        // themselves copied every rule, every field of it, for every report.
        let byID = Dictionary(
            assessment.ruleSet.rules.enumerated().map {
                ($1.rule.id, (compiled: $1, position: $0))
            },
            uniquingKeysWith: { first, _ in first })
        let projection = Scores.Projection(
            ruleSet, results: assessment.results,
            domainPositions: assessment.ruleSet.domainPositions)
        let words = FieldWords(schema: ruleSet.schema, fields: assessment.profile.fields)
        // Each path's words once: rules read the same fields (the peer workers' supervision,
        // say), and wording them again for every rule was a fifth of making the report. What
        // the schema alone decides was worked out when the rule set was compiled.
        let prepared = assessment.ruleSet.evidenceWords
        var worded: [String: (label: String, answers: String?)] = [:]
        func wording(_ path: String) -> (label: String, answers: String?) {
            if let known = worded[path] { return known }
            let preparedPath =
                prepared[path] ?? FieldWords.PreparedPath(path, schema: ruleSet.schema)
            let wording = (preparedPath.label, words.answers(preparedPath))
            worded[path] = wording
            return wording
        }
        rules = assessment.results.compactMap { result in
            guard let (compiled, position) = byID[result.ruleID] else { return nil }
            let rule = compiled.rule
            return RuleEntry(
                id: rule.id, title: ruleSet.title(of: rule),
                domain: rule.domain, weight: rule.weight, mandatory: rule.mandatory,
                outcome: result.outcome, score: result.score.map(Self.round),
                gap: result.gap, met: result.met,
                total: result.total, notKnown: result.notKnown,
                evidence: result.evidence.map {
                    let (label, answers) = wording($0.path)
                    return EvidenceEntry(
                        path: $0.path, value: $0.value, label: label, answers: answers ?? $0.value)
                },
                missing: result.missing, message: result.message, references: rule.references,
                pointsIfMet: result.outcome.isGap
                    ? Self.round(
                        projection.overall(passing: [position]) - assessment.scores.overall)
                    : nil,
                rationale: rule.rationale, source: rule.source,
                // A rule counts nowhere when it, or its domain, only informs.
                scored: rule.scored && ruleSet.domain(rule.domain)?.scored != false ? nil : false,
                mandatoryAtLeast: rule.mandatory ? rule.mandatoryMinimum : nil,
                mandatoryAtLeastLevel: rule.mandatory && rule.mandatoryMinimum != nil
                    ? rule.mandatoryLevel?.value : nil,
                rating: result.rating, evidenceRequired: rule.evidenceRequired ? true : nil)
        }
        dataToCollect = assessment.dataToCollect.map {
            DataEntry(rule: $0.ruleID, path: $0.path, label: words.instance($0.path))
        }
        planStart = assessment.plan.startScore
        plan = assessment.plan.phases.map { phase in
            PhaseEntry(
                name: phase.name, projectedScore: Self.round(phase.projectedScore),
                projectedBand: phase.projectedBand,
                projectedCompliant: ruleSet.judgesCompliance ? phase.projectedCompliant : nil,
                due: phase.due,
                actions: phase.items.map { item in
                    ActionEntry(
                        id: item.action.id, title: item.action.title, owner: item.action.owner,
                        effortDays: item.action.effortDays,
                        steps: item.action.steps, dependsOn: item.action.dependsOn.map(\.value),
                        closes: item.closes, completes: item.completes,
                        points: Self.round(item.points), mandatory: item.mandatory,
                        prerequisiteOnly: item.prerequisiteOnly, after: item.after,
                        neededBy: item.neededBy, due: item.due, why: item.why)
                })
        }
        compliance =
            ruleSet.judgesCompliance
            ? Self.compliance(
                assessment.plan.compliance, phases: assessment.plan.phases.map(\.name)) : nil
        formulas = Scores.formulas(ruleSet)
        warnings = assessment.profile.warnings.map(\.description)
        if !assessment.waivers.isEmpty {
            let outcomes = Dictionary(
                assessment.results.map { ($0.ruleID, $0.outcome) },
                uniquingKeysWith: { first, _ in first })
            waivers = assessment.waivers.map { applied in
                let waiver = applied.waiver
                return WaiverEntry(
                    rule: waiver.rule, organisation: waiver.organisation,
                    justification: waiver.justification, approvedBy: waiver.approvedBy,
                    granted: waiver.granted, expires: waiver.expires, status: applied.state,
                    outcome: outcomes[waiver.rule] ?? .notApplicable,
                    excuses: assessment.scores.waived.contains(waiver.rule),
                    location: waiver.location)
            }
        }
        if let raters = ruleSet.schema.raters, !assessment.profile.respondents.isEmpty {
            respondents = assessment.profile.respondents.count
            let found = Self.disagreements(
                assessment.profile, schema: ruleSet.schema, apart: raters.disagreement)
            disagreements = found.isEmpty ? nil : found
        }
    }

    /// The statements whose highest and lowest ratings are `apart` levels or more apart.
    static func disagreements(_ profile: Profile, schema: ObjectSpec, apart: Int)
        -> [DisagreementEntry]
    {
        ProfileDecoder.ratingFields(schema).compactMap { path, spec -> DisagreementEntry? in
            guard case .rating(let scale) = spec.type else { return nil }
            let text = path.joined(separator: ".")
            let given = profile.respondents.compactMap { respondent in
                respondent.ratings[text].map { (respondent, $0) }
            }
            guard let lowest = given.map(\.1).min(), let highest = given.map(\.1).max(),
                highest - lowest >= Double(apart) - 1e-9,
                let combined = GapTemplate.number(
                    Evidence.lookup(text, in: profile.fields).first ?? .null)
            else { return nil }
            return DisagreementEntry(
                path: text, label: FieldWords.PreparedPath(text, schema: schema).label,
                combined: Self.round(combined), spread: highest - lowest,
                ratings: given.map { respondent, rating in
                    RaterEntry(
                        respondent: respondent.words, role: respondent.role, rating: rating,
                        label: scale.level(of: rating).label)
                })
        }
    }

    /// The waiver that bears on a rule, if any.
    public func waiver(for ruleID: String) -> WaiverEntry? {
        waivers?.first { $0.rule == ruleID }
    }

    /// The report with its input paths relative to `folder` where they lie inside it (the
    /// working folder, so a report read elsewhere does not show a machine's layout).
    public func relativizingPaths(to folder: String) -> AssessmentReport {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        var copy = self
        for index in copy.inputs.indices where copy.inputs[index].path.hasPrefix(prefix) {
            copy.inputs[index].path = String(copy.inputs[index].path.dropFirst(prefix.count))
        }
        return copy
    }

    /// The actions that matter most, for a board's summary: those closing mandatory rules
    /// first, then by the points they add, in plan order among equals.
    public func keyActions(_ count: Int = 3) -> [ActionEntry] {
        let actions = plan.flatMap(\.actions).enumerated()
        return actions.sorted { left, right in
            if left.element.mandatory != right.element.mandatory { return left.element.mandatory }
            if abs(left.element.points - right.element.points) > 1e-9 {
                return left.element.points > right.element.points
            }
            return left.offset < right.offset
        }.prefix(count).map(\.element)
    }

    /// Where the plan leads, in one sentence, as every format prints it: when it makes the
    /// organisation compliant, or, for a rule set with no verdict of compliance, the score and
    /// band after the whole plan.
    public var planOutcome: String {
        if let compliance { return compliance.statement }
        guard let last = plan.last else { return "No action is needed." }
        return
            "After the whole plan: \(NumberFormat.oneDecimal(last.projectedScore)) / 100, \(last.projectedBand)."
    }

    /// The verdict in one sentence for a summary: "Not compliant: 2 mandatory rules are not
    /// met and the score is under 60.0."
    public var verdictSentence: String {
        switch summary.compliant {
        case nil: "The band reached is \(summary.band)."
        case true?: "Compliant."
        case false?: "Not compliant: " + summary.reasons.joined(separator: "; ") + "."
        }
    }

    /// The gaps in the one order every format shows them: mandatory first, then by the points
    /// each would gain, then in rule set order.
    public var gaps: [RuleEntry] {
        let gaps = rules.enumerated().filter { $0.element.outcome.isGap }
        return gaps.sorted { left, right in
            if left.element.mandatory != right.element.mandatory { return left.element.mandatory }
            let (a, b) = (left.element.pointsIfMet ?? 0, right.element.pointsIfMet ?? 0)
            if abs(a - b) > 1e-9 { return a > b }
            return left.offset < right.offset
        }.map(\.element)
    }

    /// When the plan makes the organisation compliant, as data and in one sentence.
    static func compliance(_ compliance: ActionPlan.Compliance, phases: [String])
        -> ComplianceEntry
    {
        switch compliance {
        case .already:
            return ComplianceEntry(
                status: "compliant", phase: nil, by: nil, reasons: [],
                statement: "Compliant now.")
        case .after(let phase, let due):
            return ComplianceEntry(
                status: "after_phase", phase: phase, by: due, reasons: [],
                statement:
                    "Compliant after phase \((phases.firstIndex(of: phase) ?? 0) + 1) (\(phase))"
                    + (due.map { ", by \($0)." } ?? "."))
        case .notReached(let reasons):
            return ComplianceEntry(
                status: "not_reached", phase: nil, by: nil, reasons: reasons,
                statement: "Not compliant even after the whole plan: "
                    + (reasons.isEmpty
                        ? "no action closes what is missing" : reasons.joined(separator: "; "))
                    + ".")
        }
    }

    /// Rounds to two decimals.
    public static func round(_ value: Double) -> Double {
        (value * 100).rounded() / 100
    }
}
