import Foundation

/// Where the web application keeps its data: organisations, accounts, sessions, API tokens,
/// invitations, drafts, submitted assessments and their sign-off, rounds of respondents,
/// comments, evidence, tracked plans and the audit trail. A protocol, so that the embedded
/// SQLite store and a PostgreSQL one serve the same application services.
///
/// Every call is one transaction: a draft's revision check and its write happen together, an
/// assessment is stored whole or not at all.
package protocol Storage: Sendable {
    // Organisations and accounts.
    func organisation(id: Int64) async throws -> Organisation?
    func organisation(named name: String) async throws -> Organisation?
    func organisations() async throws -> [Organisation]
    /// The organisation of that name, made when there is none.
    func ensureOrganisation(named name: String) async throws -> Organisation
    func user(id: Int64) async throws -> User?
    func user(email: String) async throws -> User?
    func users() async throws -> [User]
    /// Makes an account (a funder's account with its `funderID`);
    /// ``StorageError/duplicate`` when the email is taken.
    func createUser(
        email: String, passwordHash: String, role: Role, organisationID: Int64?,
        funderID: Int64?
    ) async throws -> User

    // Funders, their portfolios, contracts and waivers.
    func funder(id: Int64) async throws -> Funder?
    /// The funder of that name, made when there is none.
    func ensureFunder(named name: String) async throws -> Funder
    func funders() async throws -> [Funder]
    /// Invites an organisation into a funder's portfolio (again, when it was invited before),
    /// with its line of the audit trail; ``StorageError/conflict(_:)`` when it has joined.
    func invite(funderID: Int64, organisationID: Int64, by userID: Int64, at: Date) async throws
    /// The organisation accepts a funder's invitation, with its line of the audit trail;
    /// ``StorageError/conflict(_:)`` when there is no invitation to accept.
    func join(funderID: Int64, organisationID: Int64, by userID: Int64, at: Date) async throws
    /// A funder's portfolio (`funderID`) or an organisation's funders (`organisationID`).
    func memberships(funderID: Int64?, organisationID: Int64?) async throws -> [Membership]
    /// Sets a funder's contract, with its line of the audit trail.
    func setContract(_ contract: Contract, audit: AuditEntry) async throws
    func contract(funderID: Int64) async throws -> Contract?
    /// Adds (`id` 0) or changes a waiver, with its line of the audit trail, in one
    /// transaction; the waiver as stored.
    func saveWaiver(_ waiver: StoredWaiver, audit: AuditEntry) async throws -> StoredWaiver
    func waiver(id: Int64) async throws -> StoredWaiver?
    /// The waivers of a funder, of an organisation, or of both, oldest first.
    func waivers(funderID: Int64?, organisationID: Int64?) async throws -> [StoredWaiver]
    /// The figures of the organisations' submitted assessments, without their texts, oldest
    /// first.
    func assessmentSummaries(organisationIDs: Set<Int64>) async throws -> [AssessmentSummary]

    // Sessions, sign-in limits, API tokens and invitations: only hashes of their secrets are
    // stored.
    func createSession(_ session: Session) async throws
    func session(tokenHash: String) async throws -> Session?
    func deleteSession(tokenHash: String) async throws
    /// Deletes the sessions that expired before `now`; how many.
    func deleteExpiredSessions(now: Date) async throws -> Int
    /// Replaces a user's password hash and ends every session of theirs but `keeping` (the
    /// one that changed it, if any), in one transaction: a password changed because it leaked
    /// leaves no session open on it.
    func setPasswordHash(userID: Int64, passwordHash: String, keeping: String?) async throws
    func createToken(userID: Int64, tokenHash: String, createdAt: Date) async throws
    func user(tokenHash: String) async throws -> User?
    /// Records a failed sign-in under each key (`account:EMAIL`, `address:IP`), and forgets
    /// those older than `forgetBefore`, in one transaction.
    func recordSignInFailure(keys: [String], at: Date, forgetBefore: Date) async throws
    /// The failed sign-ins under a key since a moment, oldest first.
    func signInFailures(key: String, since: Date) async throws -> [Date]
    func clearSignInFailures(key: String) async throws
    func createInvitation(_ invitation: Invitation) async throws
    /// Takes an invitation out of the store (it is redeemed once), or `nil`.
    func redeemInvitation(tokenHash: String) async throws -> Invitation?

    // Drafts.
    func draft(organisationID: Int64) async throws -> Draft?
    /// Saves a draft made from `revision` (0 for a new one, which opens a new assessment
    /// cycle) with its lines of the audit trail (given the draft's cycle), and returns it at
    /// its new revision; ``StorageError/staleRevision(current:)`` when it has moved on since.
    func saveDraft(
        organisationID: Int64, profileText: String, revision: Int, by userID: Int64?, at: Date,
        audit: [AuditEntry]
    ) async throws -> Draft

    // Submitted assessments.
    /// Stores an assessment and its line of the audit trail in one transaction. With
    /// `draftRevision`, the organisation's draft at that revision is taken in the same
    /// transaction (the assessment joins its cycle);
    /// ``StorageError/staleRevision(current:)`` when the draft is not at that revision.
    func insertAssessment(_ assessment: NewAssessment, draftRevision: Int?) async throws
        -> StoredAssessment
    func assessment(id: Int64) async throws -> StoredAssessment?
    /// The assessments of the organisations given (all when `nil`), newest first.
    func assessments(organisationIDs: Set<Int64>?) async throws -> [StoredAssessment]
    /// Accepts or returns a submitted assessment, with its line of the audit trail. Accepting
    /// stores its plan to track and what it found of earlier plans' actions; returning puts
    /// its profile back as the organisation's draft (in the same cycle) and keeps the reason
    /// as a comment. ``StorageError/conflict(_:)`` when it is not awaiting sign-off, or when
    /// returning it while another draft is in progress.
    func review(
        assessmentID: Int64, status: AssessmentStatus, note: String?, by userID: Int64, at: Date,
        plan: [PlanItem], followUps: [PlanFollowUp]
    ) async throws -> StoredAssessment

    // The tracked plan.
    /// An accepted assessment's plan, in order.
    func planItems(assessmentID: Int64) async throws -> [PlanItem]
    /// Changes actions' owners, due dates, statuses and notes, with a line of the audit trail
    /// for each that changed, all in one transaction.
    func updatePlanItems(_ items: [PlanItem], by userID: Int64, at: Date) async throws

    // Comments.
    /// Adds a comment and its line of the audit trail.
    func addComment(
        organisationID: Int64, cycle: Int64, subject: String, body: String, by userID: Int64,
        at: Date
    ) async throws -> Comment
    /// The comments of one assessment cycle, oldest first.
    func comments(organisationID: Int64, cycle: Int64) async throws -> [Comment]

    /// Where a cycle of the organisation's is.
    func cycleState(organisationID: Int64, cycle: Int64) async throws -> CycleState

    // Evidence.
    /// Stores a file or a link and its line of the audit trail.
    func addEvidence(_ evidence: NewEvidence) async throws -> Evidence
    /// The evidence of one assessment cycle, oldest first (without the files' bytes).
    func evidence(organisationID: Int64, cycle: Int64) async throws -> [Evidence]
    /// One piece of evidence by its token, with a file's bytes.
    func evidenceFile(token: String) async throws -> (evidence: Evidence, bytes: [UInt8]?)?
    /// Takes a piece of evidence out (its line of the audit trail stays, with its hash).
    func removeEvidence(token: String, by userID: Int64, at: Date) async throws

    // Rounds of several respondents.
    /// Opens a round for the draft's cycle; ``StorageError/conflict(_:)`` when one is open.
    func openRound(
        organisationID: Int64, cycle: Int64, respondents: [(userID: Int64, role: String)],
        by userID: Int64, at: Date
    ) async throws -> Round
    func round(id: Int64) async throws -> Round?
    /// The organisation's rounds, newest first.
    func rounds(organisationID: Int64) async throws -> [Round]
    /// Saves a respondent's own ratings (and submits them, when `submit`) with the lines of
    /// the audit trail for the ratings changed; ``StorageError/conflict(_:)`` once they are
    /// submitted or the round is settled.
    func saveRoundAnswers(
        roundID: Int64, userID: Int64, answersText: String, submit: Bool, at: Date,
        audit: [AuditEntry]
    ) async throws -> Round
    /// Settles an open round: the draft made at `draftRevision` becomes `profileText`, with
    /// the lead's comments and the lines of the audit trail, in one transaction.
    func settleRound(
        roundID: Int64, profileText: String, draftRevision: Int,
        comments: [(subject: String, body: String)], audit: [AuditEntry], by userID: Int64,
        at: Date
    ) async throws -> Draft

    // The audit trail.
    func audit(_ entry: AuditEntry) async throws
    func auditTrail(organisationID: Int64?) async throws -> [AuditEntry]
    /// The lines of one assessment cycle, oldest first.
    func auditTrail(organisationID: Int64, cycle: Int64) async throws -> [AuditEntry]
}

/// What a store refuses.
package enum StorageError: Error, Equatable {
    /// A record with that key exists already (an email, an organisation's name).
    case duplicate(String)
    /// The draft was saved by someone else since it was read; `current` is its revision now.
    case staleRevision(current: Int)
    /// The change does not fit the record's state now; the reason, in words for the page.
    case conflict(String)
}

extension Storage {
    /// Every account's email address, by account id: how pages and the API name people.
    package func emails() async throws -> [Int64: String] {
        Dictionary(uniqueKeysWithValues: try await users().map { ($0.id, $0.email) })
    }

    /// An organisation's own accounts (its members and its lead), by email.
    package func members(of organisationID: Int64) async throws -> [User] {
        try await users().filter { $0.organisationID == organisationID }
    }
}
