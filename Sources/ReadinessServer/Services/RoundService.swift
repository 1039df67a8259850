import Foundation
import ReadinessCore

/// Rounds of a self-assessment with several respondents, for a rule set with `raters:`: the
/// organisation's lead invites members, each rates the statements on their own, the lead
/// compares the ratings side by side and settles the agreed ones (with comments) into the
/// draft, which is then submitted and signed off as any other.
package struct RoundService: Sendable {
    package let assessments: AssessmentService

    package init(assessments: AssessmentService) {
        self.assessments = assessments
    }

    var storage: any Storage { assessments.storage }

    /// How the rule set combines ratings; `nil` when its profiles answer once (no rounds).
    package var raters: Raters? { assessments.schema.raters }

    /// What one respondent answers: the rating fields only.
    package var respondentSchema: ObjectSpec { assessments.schema.ratingsOnly }

    /// One statement to rate: its path (`practice.welcome_sessions`), its words and its scale.
    package struct Statement: Sendable {
        package var path: String
        package var label: String
        package var scale: RatingScale
    }

    /// Every statement, in the schema's order.
    package var statements: [Statement] {
        assessments.schema.ratingFields.compactMap { path, spec in
            guard case .rating(let scale) = spec.type, let name = path.last else { return nil }
            return Statement(
                path: path.joined(separator: "."), label: SchemaForm.label(name, spec),
                scale: scale)
        }
    }

    /// Opens a round for the organisation's draft (started, with its header, when there is
    /// none), inviting `respondents` with their roles.
    ///
    /// - Throws: ``StorageError/conflict(_:)`` when the rule set takes no rounds, no one is
    ///   invited, a role is not one of the rule set's, an account is not the organisation's,
    ///   or a round is open already.
    package func open(
        organisation: Organisation, respondents: [(user: User, role: String)], by lead: User
    ) async throws -> Round {
        guard let raters else {
            throw StorageError.conflict(
                "This rule set's statements are answered once, not by several respondents.")
        }
        guard !respondents.isEmpty else {
            throw StorageError.conflict("Invite at least one member to answer, with a role.")
        }
        for respondent in respondents {
            guard respondent.user.organisationID == organisation.id else {
                throw StorageError.conflict("\(respondent.user.email) is not a member here.")
            }
            guard raters.roles.isEmpty || raters.roles.contains(respondent.role) else {
                throw StorageError.conflict(
                    "“\(respondent.role)” is not a role of this rule set: choose one of \(raters.roles.joined(separator: ", "))."
                )
            }
        }
        var draft = try await storage.draft(organisationID: organisation.id)
        if draft == nil {
            let (_, header) = try await assessments.draft(for: organisation)
            draft = try await assessments.saveDraft(
                header, replacing: AnswerRecord(), organisation: organisation, revision: 0,
                by: lead, action: "draft.save", detail: "started for a round")
        }
        return try await storage.openRound(
            organisationID: organisation.id, cycle: draft?.cycle ?? 0,
            respondents: respondents.map { ($0.user.id, $0.role) }, by: lead.id, at: Date())
    }

    /// A respondent's own ratings (empty before they save any).
    package func answers(of respondent: RoundRespondent) throws -> AnswerRecord {
        try ProfileText.answers(respondent.answersText, name: "ratings.yaml")
    }

    /// Saves (and with `submit`, submits) a respondent's ratings: each a level of its scale or
    /// "not known".
    ///
    /// - Throws: ``StorageError/conflict(_:)`` naming the statement when a rating is not a
    ///   level, or when the round no longer takes answers from them.
    package func save(
        _ answers: AnswerRecord, round: Round, by user: User, submit: Bool
    ) async throws -> Round {
        for statement in statements {
            guard let answer = Self.answer(at: statement.path, in: answers) else { continue }
            guard answer == .notKnown || Self.level(answer, scale: statement.scale) != nil else {
                throw StorageError.conflict(
                    "“\(statement.label)” is rated with something other than a level: choose one of \(statement.scale.choices)."
                )
            }
        }
        let previous = try round.respondent(user.id).map { try self.answers(of: $0) }
        let now = Date()
        let lines = answers.changes(from: previous ?? AnswerRecord()).map { change in
            AuditEntry(
                at: now, userID: user.id, organisationID: round.organisationID,
                action: "rating.change", detail: "round \(round.id)", subject: change.path,
                oldValue: change.old, newValue: change.new)
        }
        return try await storage.saveRoundAnswers(
            roundID: round.id, userID: user.id,
            answersText: ProfileText.yaml(answers, schema: respondentSchema), submit: submit,
            at: now, audit: lines)
    }

    /// One statement compared across the respondents who submitted.
    package struct Comparison: Sendable {
        package var statement: Statement
        /// Each submitted respondent's level, in the round's order (`nil`: not rated).
        package var ratings: [(respondent: RoundRespondent, level: RatingScale.Level?)]
        /// The ratings combined as the rule set combines them, and the level that reaches.
        package var combined: Double?
        package var suggested: RatingScale.Level?
        /// Whether the highest and lowest ratings are the rule set's `disagreement` apart.
        package var disagrees: Bool
    }

    /// The statements side by side, over the respondents who have submitted.
    package func compare(_ round: Round) throws -> [Comparison] {
        let submitted = round.respondents.filter { $0.submittedAt != nil }
        let answers = try submitted.map { try self.answers(of: $0) }
        let combine = raters?.combine ?? .mean
        let apart = Double(raters?.disagreement ?? 2)
        return statements.map { statement in
            let ratings = zip(submitted, answers).map { respondent, record in
                (
                    respondent: respondent,
                    level: Self.answer(at: statement.path, in: record).flatMap {
                        Self.level($0, scale: statement.scale)
                    }
                )
            }
            let numbers = ratings.compactMap { $0.level.map { Double($0.level) } }
            let combined = combine.apply(numbers)
            let spread = (numbers.max() ?? 0) - (numbers.min() ?? 0)
            return Comparison(
                statement: statement, ratings: ratings, combined: combined,
                suggested: combined.map { statement.scale.level(of: $0) },
                disagrees: spread >= apart - 1e-9)
        }
    }

    /// Settles an open round: the agreed levels (by statement path; a statement left out is
    /// not known) go into the draft made at `revision`, each comment is kept on its
    /// statement, every changed answer in the audit trail.
    package func settle(
        _ round: Round, agreed: [String: Int], comments: [String: String],
        organisation: Organisation, revision: Int, by lead: User
    ) async throws -> Draft {
        guard round.respondents.contains(where: { $0.submittedAt != nil }) else {
            throw StorageError.conflict(
                "No one has submitted their ratings yet: settle once they have.")
        }
        var (current, answers) = try await assessments.draft(for: organisation)
        guard current == revision else { throw StorageError.staleRevision(current: current) }
        let previous = answers
        for statement in statements {
            let value: Answer
            if let level = agreed[statement.path] {
                guard statement.scale.levels.contains(where: { $0.level == level }) else {
                    throw StorageError.conflict(
                        "“\(statement.label)”: \(level) is not a level; choose one of \(statement.scale.choices)."
                    )
                }
                value = .number(String(level))
            } else {
                value = .notKnown
            }
            Self.set(value, at: statement.path, in: &answers)
        }
        let now = Date()
        let lines = AssessmentService.answerChanges(
            from: previous, to: answers, organisation: organisation, by: lead, at: now)
        let notes = statements.compactMap { statement -> (subject: String, body: String)? in
            guard let text = comments[statement.path]?.trimmingWhitespace(), !text.isEmpty
            else { return nil }
            return ("field:\(statement.path)", String(text))
        }
        return try await storage.settleRound(
            roundID: round.id,
            profileText: ProfileText.yaml(answers, schema: assessments.schema),
            draftRevision: revision, comments: notes, audit: lines, by: lead.id, at: now)
    }

    // MARK: Paths into answers

    static func answer(at path: String, in record: AnswerRecord) -> Answer? {
        var parts = path.split(separator: ".").map(String.init)
        let last = parts.removeLast()
        var current = record
        for part in parts {
            guard let inner = current[part]?.record else { return nil }
            current = inner
        }
        return current[last]
    }

    static func set(_ answer: Answer, at path: String, in record: inout AnswerRecord) {
        var parts = path.split(separator: ".").map(String.init)
        let first = parts.removeFirst()
        guard !parts.isEmpty else {
            record[first] = answer
            return
        }
        var inner = record[first]?.record ?? AnswerRecord()
        set(answer, at: parts.joined(separator: "."), in: &inner)
        record[first] = .record(inner)
    }

    /// The level an answer names, by number or label.
    static func level(_ answer: Answer, scale: RatingScale) -> RatingScale.Level? {
        switch answer {
        case .number(let text):
            return Int(text).flatMap { number in scale.levels.first { $0.level == number } }
        case .text(let text): return scale.level(labelled: text)
        default: return nil
        }
    }
}
