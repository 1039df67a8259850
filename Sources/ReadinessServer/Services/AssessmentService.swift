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
        answers[section] = answer
        // The organisation is the account's, whatever the form says.
        if section == "assessment" || answers["assessment"] == nil {
            var header = answers["assessment"]?.record ?? AnswerRecord()
            header["organisation"] = .text(organisation.name)
            answers["assessment"] = .record(header)
        }
        let text = ProfileText.yaml(answers, schema: schema)
        let saved = try await storage.saveDraft(
            organisationID: organisation.id, profileText: text, revision: revision, by: user.id,
            at: Date())
        try await storage.audit(
            AuditEntry(
                at: saved.updatedAt, userID: user.id, organisationID: organisation.id,
                action: "draft.save", detail: "section \(section), revision \(saved.revision)"))
        return saved
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
        let saved = try await storage.saveDraft(
            organisationID: organisation.id,
            profileText: ProfileText.yaml(answers, schema: schema), revision: revision,
            by: user.id, at: Date())
        try await storage.audit(
            AuditEntry(
                at: saved.updatedAt, userID: user.id, organisationID: organisation.id,
                action: "draft.import", detail: "revision \(saved.revision)"))
        return saved
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
        profileText: String, name: String, organisation: Organisation, by user: User
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
                submittedAt: Date()))
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
        let stored = try await submit(
            profileText: draft.profileText, name: "draft.yaml", organisation: organisation,
            by: user)
        try await storage.deleteDraft(organisationID: organisation.id)
        return stored
    }
}
