import Foundation
import ReadinessCore
import ReadinessReport
import SourceDiagnostics

/// Drafts, validation and submission over one compiled rule set: what the pages and the API
/// both call. The engine does the assessing and the report; this only keeps the records.
package struct AssessmentService: Sendable {
    package let storage: any Storage
    package let ruleSet: CompiledRuleSet

    /// The rule set's SHA-256: of the digests of its files, in order, so any change to any
    /// file changes it.
    package let ruleSetSHA256: String

    /// The most a profile sent to the server may hold, through the API or the import form:
    /// a profile is a few kilobytes, and the library's own limit for files on disk (16 MiB)
    /// is far more than a request should make the server hold.
    package static let profileByteLimit = 1_048_576

    package init(storage: any Storage, ruleSet: CompiledRuleSet) {
        self.storage = storage
        self.ruleSet = ruleSet
        ruleSetSHA256 = Secrets.hash(
            ruleSet.inputs.map { "\($0.role) \($0.path) \($0.sha256)" }.joined(separator: "\n"))
    }

    /// The schema profiles are written against.
    package var schema: ObjectSpec { ruleSet.ruleSet.schema }

    /// An organisation's draft and its answers (an empty draft at revision 0 when there is
    /// none yet, its `assessment` section filled with the organisation's name).
    package func draft(for organisation: Organisation) async throws -> (
        revision: Int, answers: AnswerRecord
    ) {
        if let draft = try await storage.draft(organisationID: organisation.id) {
            let answers = try ProfileText.answers(draft.profileText, name: "draft.yaml")
            return (draft.revision, answers)
        }
        var answers = AnswerRecord()
        var header = AnswerRecord()
        header["organisation"] = .text(organisation.name)
        answers["assessment"] = .record(header)
        return (0, answers)
    }

    /// Saves one section's answers into the draft made at `revision`.
    ///
    /// - Throws: ``StorageError/staleRevision(current:)`` when the draft moved on since.
    package func saveSection(
        _ section: String, answer: Answer?, organisation: Organisation, revision: Int,
        by user: User
    ) async throws -> Draft {
        var (current, answers) = try await draft(for: organisation)
        guard current == revision else { throw StorageError.staleRevision(current: current) }
        let previous = current == 0 ? AnswerRecord() : answers
        answers[section] = answer
        // The organisation is the account's, whatever the form says.
        if section == "assessment" || answers["assessment"] == nil {
            var header = answers["assessment"]?.record ?? AnswerRecord()
            header["organisation"] = .text(organisation.name)
            answers["assessment"] = .record(header)
        }
        return try await saveDraft(
            answers, replacing: previous, organisation: organisation, revision: revision,
            by: user, action: "draft.save", detail: "section \(section)")
    }

    /// Saves the draft's answers made at `revision`, with a line of the audit trail for the
    /// save and one for each answer it changed (old → new).
    package func saveDraft(
        _ answers: AnswerRecord, replacing previous: AnswerRecord, organisation: Organisation,
        revision: Int, by user: User, action: String, detail: String
    ) async throws -> Draft {
        let now = Date()
        let lines = Self.answerChanges(
            from: previous, to: answers, organisation: organisation, by: user, at: now)
        return try await storage.saveDraft(
            organisationID: organisation.id, profileText: ProfileText.yaml(answers, schema: schema),
            revision: revision, by: user.id, at: now,
            audit: [
                AuditEntry(
                    at: now, userID: user.id, organisationID: organisation.id, action: action,
                    detail: "\(detail), revision \(revision + 1)")
            ] + lines)
    }

    /// One line of the audit trail an answer that changed.
    static func answerChanges(
        from old: AnswerRecord, to new: AnswerRecord, organisation: Organisation, by user: User,
        at: Date
    ) -> [AuditEntry] {
        new.changes(from: old).map { change in
            AuditEntry(
                at: at, userID: user.id, organisationID: organisation.id, action: "answer.change",
                detail: change.path, subject: change.path, oldValue: change.old,
                newValue: change.new)
        }
    }

    /// Replaces the draft with an imported profile's text (checked to be YAML of a mapping).
    package func importDraft(
        _ text: String, name: String = "upload.yaml", organisation: Organisation, revision: Int,
        by user: User
    ) async throws -> Draft {
        var answers = try ProfileText.answers(text, name: name)
        var header = answers["assessment"]?.record ?? AnswerRecord()
        header["organisation"] = .text(organisation.name)
        answers["assessment"] = .record(header)
        let previous = try await storage.draft(organisationID: organisation.id).map {
            try ProfileText.answers($0.profileText, name: "draft.yaml")
        }
        return try await saveDraft(
            answers, replacing: previous ?? AnswerRecord(), organisation: organisation,
            revision: revision, by: user, action: "draft.import", detail: "imported \(name)")
    }

    /// The problems the decoder finds in a profile's text: none when it can be submitted.
    package func problems(in text: String) -> [Diagnostic] {
        do {
            let profile = try ProfileDecoder.decode(
                Array(text.utf8), name: "draft.yaml", ruleSet: ruleSet)
            try ruleSet.checkConstraints(profile)
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// The problems of a draft's answers, section by section. A draft without its date yet is
    /// checked as of today, so that every other section's problems show from the start; the
    /// missing date is a problem of its own.
    package func problems(in answers: AnswerRecord) -> [Diagnostic] {
        var answers = answers
        var header = answers["assessment"]?.record ?? AnswerRecord()
        var missingDate: Diagnostic?
        if header["as_of"] == nil || header["as_of"] == .notKnown {
            let today = ISO8601DateFormatter.string(
                from: Date(), timeZone: .gmt, formatOptions: [.withFullDate])
            header["as_of"] = .text(today)
            answers["assessment"] = .record(header)
            var diagnostic = Diagnostic(
                .error, code: "decode.missing-key",
                message: "the date the answers describe is not given",
                help: "give the date the assessment is as of")
            diagnostic.field = "assessment.as_of"
            missingDate = diagnostic
        }
        return (missingDate.map { [$0] } ?? [])
            + problems(in: ProfileText.yaml(answers, schema: schema))
    }

    /// Assesses a profile's text for an organisation and stores the assessment, frozen.
    ///
    /// - Throws: ``DiagnosticError`` when the profile is not valid; the store's errors.
    package func submit(
        profileText: String, name: String, organisation: Organisation, by user: User,
        draftRevision: Int? = nil
    ) async throws -> StoredAssessment {
        let assessment = try await Assessment.assess(
            ruleSet: ruleSet, profileBytes: Array(profileText.utf8), name: name)
        guard assessment.profile.organisation == organisation.name else {
            throw DiagnosticError(
                Diagnostic(
                    .error, code: "server.wrong-organisation",
                    message:
                        "the profile is for `\(assessment.profile.organisation)`, not `\(organisation.name)`",
                    path: name, help: "set `assessment.organisation` to `\(organisation.name)`"))
        }
        let report = AssessmentReport(assessment)
        let stored = try await storage.insertAssessment(
            NewAssessment(
                organisationID: organisation.id, profileText: profileText,
                reportJSON: JSONRenderer().render(report),
                ruleSetID: ruleSet.ruleSet.metadata.id,
                ruleSetVersion: ruleSet.ruleSet.metadata.version,
                ruleSetSHA256: ruleSetSHA256, tailoring: ruleSet.tailoring?.id,
                asOf: report.asOf, score: report.summary.score, band: report.summary.band,
                compliant: report.summary.compliant, submittedBy: user.id,
                submittedAt: Date()), draftRevision: draftRevision)
        return stored
    }

    /// Submits the organisation's draft made at `revision`, then clears it.
    package func submitDraft(organisation: Organisation, revision: Int, by user: User)
        async throws -> StoredAssessment
    {
        guard let draft = try await storage.draft(organisationID: organisation.id) else {
            throw StorageError.staleRevision(current: 0)
        }
        guard draft.revision == revision else {
            throw StorageError.staleRevision(current: draft.revision)
        }
        // The store takes the draft in the same transaction, at the same revision.
        return try await submit(
            profileText: draft.profileText, name: "draft.yaml", organisation: organisation,
            by: user, draftRevision: revision)
    }

    /// A rule of an assessed profile that stops passing as its dates age: when.
    package struct Ageing: Sendable, Equatable {
        package var ruleID: String
        package var title: String
        /// The first day (`YYYY-MM-DD`) it no longer passes.
        package var from: String
    }

    /// The rules of a stored assessment's profile that pass as of its own date but not as of
    /// `within` days after `today` (a review older than the rule set allows, say): each with
    /// the first day it fails, found by assessing the same answers as of later days. A rule
    /// already failing today has a day on or before today. None for an assessment made under
    /// another version of the rule set, whose answers may not read the same under this one.
    package func ageing(_ stored: StoredAssessment, today: Date = Date(), within days: Int = 30)
        async throws -> [Ageing]
    {
        guard stored.ruleSetSHA256 == ruleSetSHA256 else { return [] }
        var answers = try ProfileText.answers(stored.profileText, name: "profile.yaml")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        formatter.timeZone = .gmt
        var cache: [Int: [String: Outcome]] = [:]
        // Outcomes of the same answers as of `offset` days after today.
        func outcomes(_ offset: Int) async throws -> [String: Outcome] {
            if let known = cache[offset] { return known }
            var header = answers["assessment"]?.record ?? AnswerRecord()
            header["as_of"] = .text(
                formatter.string(from: today.addingTimeInterval(Double(offset) * 86_400)))
            answers["assessment"] = .record(header)
            let assessment = try await Assessment.assess(
                ruleSet: ruleSet,
                profileBytes: Array(ProfileText.yaml(answers, schema: schema).utf8),
                name: "profile.yaml")
            let result = Dictionary(
                assessment.results.map { ($0.ruleID, $0.outcome) },
                uniquingKeysWith: { first, _ in first })
            cache[offset] = result
            return result
        }
        let report = try Self.report(stored)
        // The assessment's own date, in days from today (negative: in the past).
        let own = Int(
            ((formatter.date(from: stored.asOf) ?? today).timeIntervalSince(today) / 86_400)
                .rounded(.down))
        guard own < days else { return [] }
        let then = try await outcomes(own)
        let later = try await outcomes(days)
        var found: [Ageing] = []
        for rule in report.rules where then[rule.id] == .pass && later[rule.id] != .pass {
            // Passing at `low`, not at `high`: halved until they meet.
            var low = own
            var high = days
            while low + 1 < high {
                let middle = (low + high) / 2
                if try await outcomes(middle)[rule.id] == .pass {
                    low = middle
                } else {
                    high = middle
                }
            }
            found.append(
                Ageing(
                    ruleID: rule.id, title: rule.title,
                    from: formatter.string(from: today.addingTimeInterval(Double(high) * 86_400))))
        }
        return found.sorted { ($0.from, $0.ruleID) < ($1.from, $1.ruleID) }
    }

    /// A stored assessment's report, read back from its JSON.
    package static func report(_ stored: StoredAssessment) throws -> AssessmentReport {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(AssessmentReport.self, from: Data(stored.reportJSON.utf8))
    }

    /// The lead's sign-off: accepts a submitted assessment (it is final) or returns it with a
    /// reason (its profile is the draft again, the reason a comment on it).
    ///
    /// - Throws: ``StorageError/conflict(_:)`` when it is not awaiting sign-off, or a reason
    ///   for returning it is missing.
    package func review(_ stored: StoredAssessment, accept: Bool, note: String?, by user: User)
        async throws -> StoredAssessment
    {
        let note = note.map { String($0.trimmingWhitespace()) }.flatMap { $0.isEmpty ? nil : $0 }
        if !accept, note == nil {
            throw StorageError.conflict(
                "Say why the assessment is returned: the team sees it beside the draft.")
        }
        if accept, let cycle = stored.cycle {
            let missing = EvidenceService.missingEvidence(
                try Self.report(stored),
                evidence: try await storage.evidence(
                    organisationID: stored.organisationID, cycle: cycle))
            if !missing.isEmpty {
                throw StorageError.conflict(
                    "The rule set asks for evidence behind "
                        + missing.map { "\($0.id) (\($0.title))" }.joined(separator: ", ")
                        + ", which \(missing.count == 1 ? "passes" : "pass") with none attached: attach a document or a link below, or return the assessment."
                )
            }
        }
        var plan: [PlanItem] = []
        var followUps: [PlanFollowUp] = []
        if accept {
            let report = try Self.report(stored)
            plan = Self.trackedPlan(report, assessment: stored)
            followUps = try await followUpsOfTheLastPlan(report, assessment: stored)
        }
        return try await storage.review(
            assessmentID: stored.id, status: accept ? .accepted : .returned, note: note,
            by: user.id, at: Date(), plan: plan, followUps: followUps)
    }

    /// An accepted report's actions, phase by phase, to track: due at their phase's end.
    static func trackedPlan(_ report: AssessmentReport, assessment: StoredAssessment)
        -> [PlanItem]
    {
        report.plan.flatMap { phase in
            phase.actions.map { action in (phase, action) }
        }.enumerated().map { position, pair in
            let (phase, action) = pair
            return PlanItem(
                assessmentID: assessment.id, actionID: action.id,
                organisationID: assessment.organisationID, position: position,
                title: action.title, phase: phase.name, closes: action.closes,
                ownerID: nil, due: action.due ?? phase.due)
        }
    }

    /// What this assessment finds of the organisation's last accepted plan: actions whose
    /// rules all pass (or no longer apply) now are verified; actions marked done whose rules
    /// still fail are flagged.
    func followUpsOfTheLastPlan(_ report: AssessmentReport, assessment: StoredAssessment)
        async throws -> [PlanFollowUp]
    {
        guard
            let previous = try await storage.assessments(
                organisationIDs: [assessment.organisationID]
            ).first(where: { $0.id < assessment.id && $0.status == .accepted })
        else { return [] }
        let outcomes = Dictionary(
            report.rules.map { ($0.id, $0.outcome) }, uniquingKeysWith: { first, _ in first })
        return try await storage.planItems(assessmentID: previous.id).compactMap { item in
            guard item.status != .verified, !item.closes.isEmpty else { return nil }
            let passes = item.closes.allSatisfy {
                outcomes[$0] == .pass || outcomes[$0] == .notApplicable
            }
            guard passes || item.status == .done else { return nil }
            return PlanFollowUp(
                assessmentID: previous.id, actionID: item.actionID, passes: passes)
        }
    }
}
