import Foundation

/// The storage's transactions, written once over ``SQLBackend``: the same statements run on
/// SQLite (``SQLiteStorage``) and on PostgreSQL (``PostgresStorage``), whose schemas are kept
/// the same, migration by migration.
package final class SQLStorage<Backend: SQLBackend>: Storage {
    package let backend: Backend

    package init(backend: Backend) {
        self.backend = backend
    }

    // MARK: Organisations and accounts

    package func organisation(id: Int64) async throws -> Organisation? {
        try await backend.read { db in
            try db.row(
                "SELECT * FROM organisation WHERE id = ?", [id]
            ).map(Self.organisation)
        }
    }

    package func organisation(named name: String) async throws -> Organisation? {
        try await backend.read { db in
            try db.row(
                "SELECT * FROM organisation WHERE name = ?", [name]
            ).map(Self.organisation)
        }
    }

    package func organisations() async throws -> [Organisation] {
        try await backend.read { db in
            try db.rows("SELECT * FROM organisation ORDER BY name").map(
                Self.organisation)
        }
    }

    package func ensureOrganisation(named name: String) async throws -> Organisation {
        try await backend.write { db in
            try db.execute(
                "INSERT INTO organisation (name) VALUES (?) ON CONFLICT(name) DO NOTHING", [name])
            guard
                let row = try db.row("SELECT * FROM organisation WHERE name = ?", [name])
            else { throw StorageError.duplicate(name) }
            return try Self.organisation(row)
        }
    }

    package func user(id: Int64) async throws -> User? {
        try await backend.read { db in
            try db.row(
                "SELECT * FROM \"user\" WHERE id = ?", [id]
            ).flatMap(Self.user)
        }
    }

    package func user(email: String) async throws -> User? {
        try await backend.read { db in
            try db.row(
                "SELECT * FROM \"user\" WHERE email = ?", [email.lowercased()]
            ).flatMap(Self.user)
        }
    }

    package func users() async throws -> [User] {
        try await backend.read { db in
            try db.rows("SELECT * FROM \"user\" ORDER BY email").compactMap(Self.user)
        }
    }

    package func createUser(
        email: String, passwordHash: String, role: Role, organisationID: Int64?,
        funderID: Int64?
    ) async throws -> User {
        let email = email.lowercased()
        return try await backend.write { db in
            if try db.row("SELECT 1 FROM \"user\" WHERE email = ?", [email])
                != nil
            {
                throw StorageError.duplicate(email)
            }
            let id = try db.insert(
                """
                INSERT INTO "user" (email, role, organisation_id, password_hash, funder_id)
                VALUES (?, ?, ?, ?, ?)
                """, [email, role.rawValue, organisationID, passwordHash, funderID])
            return User(
                id: id, email: email, role: role,
                organisationID: organisationID, passwordHash: passwordHash, funderID: funderID)
        }
    }

    // MARK: Funders

    package func funder(id: Int64) async throws -> Funder? {
        try await backend.read { db in
            try db.row("SELECT * FROM funder WHERE id = ?", [id]).map(
                Self.funder)
        }
    }

    package func ensureFunder(named name: String) async throws -> Funder {
        try await backend.write { db in
            if let row = try db.row("SELECT * FROM funder WHERE name = ?", [name]) {
                return try Self.funder(row)
            }
            let id = try db.insert("INSERT INTO funder (name) VALUES (?)", [name])
            return Funder(id: id, name: name)
        }
    }

    package func funders() async throws -> [Funder] {
        try await backend.read { db in
            try db.rows("SELECT * FROM funder ORDER BY name").map(Self.funder)
        }
    }

    package func invite(funderID: Int64, organisationID: Int64, by userID: Int64, at: Date)
        async throws
    {
        try await backend.write { db in
            let status = try db.value(
                as: String.self,
                "SELECT status FROM membership WHERE funder_id = ? AND organisation_id = ?",
                [funderID, organisationID])
            if status == Membership.Status.joined.rawValue {
                throw StorageError.conflict("The organisation is in the portfolio already.")
            }
            try db.execute(
                """
                INSERT INTO membership (funder_id, organisation_id, status, invited_at)
                VALUES (?, ?, 'invited', ?)
                ON CONFLICT (funder_id, organisation_id)
                    DO UPDATE SET invited_at = excluded.invited_at
                """, [funderID, organisationID, at.timeIntervalSince1970])
            try Self.insertAudit(
                db,
                AuditEntry(
                    at: at, userID: userID, organisationID: organisationID,
                    action: "portfolio.invite", detail: try Self.funderName(db, funderID)))
        }
    }

    package func join(funderID: Int64, organisationID: Int64, by userID: Int64, at: Date)
        async throws
    {
        try await backend.write { db in
            let changed = try db.change(
                """
                UPDATE membership SET status = 'joined', joined_at = ?
                WHERE funder_id = ? AND organisation_id = ? AND status = 'invited'
                """, [at.timeIntervalSince1970, funderID, organisationID])
            guard changed == 1 else {
                throw StorageError.conflict("There is no invitation from that funder to accept.")
            }
            try Self.insertAudit(
                db,
                AuditEntry(
                    at: at, userID: userID, organisationID: organisationID,
                    action: "portfolio.join", detail: try Self.funderName(db, funderID)))
        }
    }

    /// A funder's name, for a line of the trail that a person reads.
    private static func funderName(_ db: Backend.Transaction, _ id: Int64) throws -> String {
        try db.value(as: String.self, "SELECT name FROM funder WHERE id = ?", [id])
            ?? "funder \(id)"
    }

    package func memberships(funderID: Int64?, organisationID: Int64?) async throws
        -> [Membership]
    {
        try await backend.read { db in
            try db.rows(
                """
                SELECT * FROM membership
                WHERE funder_id = coalesce(?, funder_id)
                    AND organisation_id = coalesce(?, organisation_id)
                ORDER BY funder_id, organisation_id
                """, [funderID, organisationID]
            ).map { row in
                try Membership(
                    funderID: row["funder_id"], organisationID: row["organisation_id"],
                    status: Membership.Status(rawValue: row["status"]) ?? .invited,
                    invitedAt: Date(timeIntervalSince1970: row["invited_at"]),
                    joinedAt: (row["joined_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
            }
        }
    }

    package func setContract(_ contract: Contract, audit: AuditEntry) async throws {
        try await backend.write { db in
            try db.execute(
                """
                INSERT INTO contract (funder_id, tailoring_text, tailoring_name,
                    tailoring_sha256, cadence_days, updated_at, updated_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (funder_id) DO UPDATE SET tailoring_text = excluded.tailoring_text,
                    tailoring_name = excluded.tailoring_name,
                    tailoring_sha256 = excluded.tailoring_sha256,
                    cadence_days = excluded.cadence_days, updated_at = excluded.updated_at,
                    updated_by = excluded.updated_by
                """,
                [
                    contract.funderID, contract.tailoringText, contract.tailoringName,
                    contract.tailoringSHA256, contract.cadenceDays,
                    contract.updatedAt.timeIntervalSince1970, contract.updatedBy,
                ])
            try Self.insertAudit(db, audit)
        }
    }

    package func contract(funderID: Int64) async throws -> Contract? {
        try await backend.read { db in
            try db.row(
                "SELECT * FROM contract WHERE funder_id = ?", [funderID]
            ).map { row in
                try Contract(
                    funderID: row["funder_id"], tailoringText: row["tailoring_text"],
                    tailoringName: row["tailoring_name"],
                    tailoringSHA256: row["tailoring_sha256"], cadenceDays: row["cadence_days"],
                    updatedAt: Date(timeIntervalSince1970: row["updated_at"]),
                    updatedBy: row["updated_by"])
            }
        }
    }

    package func saveWaiver(_ waiver: StoredWaiver, audit: AuditEntry) async throws
        -> StoredWaiver
    {
        try await backend.write { db in
            var arguments: [any SQLBindable] = [
                waiver.funderID, waiver.organisationID, waiver.rule, waiver.justification,
                waiver.approvedBy, waiver.granted, waiver.expires, waiver.status.rawValue,
                waiver.requestedBy, waiver.requestedAt.timeIntervalSince1970, waiver.decidedBy,
                waiver.decidedAt?.timeIntervalSince1970,
            ]
            var saved = waiver
            if waiver.id == 0 {
                saved.id = try db.insert(
                    """
                    INSERT INTO waiver (funder_id, organisation_id, rule, justification,
                        approved_by, granted, expires, status, requested_by, requested_at,
                        decided_by, decided_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments)
            } else {
                arguments += [waiver.id]
                let changed = try db.change(
                    """
                    UPDATE waiver SET funder_id = ?, organisation_id = ?, rule = ?,
                        justification = ?, approved_by = ?, granted = ?, expires = ?,
                        status = ?, requested_by = ?, requested_at = ?, decided_by = ?,
                        decided_at = ?
                    WHERE id = ?
                    """, arguments)
                guard changed == 1 else {
                    throw StorageError.conflict("There is no such waiver.")
                }
            }
            // The waiver in the subject, so its trail can be read back whole and shown only to
            // its funder and its organisation.
            var line = audit
            line.detail = "\(saved.rule): " + audit.detail
            line.subject = "waiver:\(saved.id)"
            try Self.insertAudit(db, line)
            return saved
        }
    }

    package func waiver(id: Int64) async throws -> StoredWaiver? {
        try await backend.read { db in
            try db.row("SELECT * FROM waiver WHERE id = ?", [id]).map(
                Self.waiver)
        }
    }

    package func waivers(funderID: Int64?, organisationID: Int64?) async throws -> [StoredWaiver] {
        try await backend.read { db in
            try db.rows(
                """
                SELECT * FROM waiver
                WHERE funder_id = coalesce(?, funder_id)
                    AND organisation_id = coalesce(?, organisation_id)
                ORDER BY id
                """, [funderID, organisationID]
            ).map(Self.waiver)
        }
    }

    package func assessmentSummaries(organisationIDs: Set<Int64>) async throws
        -> [AssessmentSummary]
    {
        guard !organisationIDs.isEmpty else { return [] }
        return try await backend.read { db in
            // The ids as one JSON list: one statement however many organisations.
            try db.rows(
                """
                SELECT id, organisation_id, as_of, status, submitted_at FROM assessment
                WHERE \(db.dialect.inList("organisation_id"))
                ORDER BY id
                """, [SQLDialect.jsonList(organisationIDs.sorted())]
            ).map { row in
                try AssessmentSummary(
                    id: row["id"], organisationID: row["organisation_id"], asOf: row["as_of"],
                    status: AssessmentStatus(rawValue: row["status"]) ?? .submitted,
                    submittedAt: Date(timeIntervalSince1970: row["submitted_at"]))
            }
        }
    }

    // MARK: Sessions, tokens, invitations

    package func createSession(_ session: Session) async throws {
        try await backend.append { db in
            try db.execute(
                "INSERT INTO session (token_hash, user_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)",
                [
                    session.tokenHash, session.userID, session.csrfToken,
                    session.expiresAt.timeIntervalSince1970,
                ])
        }
    }

    package func session(tokenHash: String) async throws -> Session? {
        try await backend.read { db in
            try db.row(
                "SELECT * FROM session WHERE token_hash = ?", [tokenHash]
            ).map { row in
                try Session(
                    tokenHash: row["token_hash"], userID: row["user_id"],
                    csrfToken: row["csrf_token"],
                    expiresAt: Date(timeIntervalSince1970: row["expires_at"]))
            }
        }
    }

    package func deleteSession(tokenHash: String) async throws {
        try await backend.write { db in
            try db.execute("DELETE FROM session WHERE token_hash = ?", [tokenHash])
        }
    }

    package func deleteExpiredSessions(now: Date) async throws -> Int {
        try await backend.write { db in
            try db.change("DELETE FROM session WHERE expires_at < ?", [now.timeIntervalSince1970])
        }
    }

    package func setPasswordHash(userID: Int64, passwordHash: String, keeping: String?)
        async throws
    {
        try await backend.write { db in
            try db.execute(
                "UPDATE \"user\" SET password_hash = ? WHERE id = ?", [passwordHash, userID])
            if let keeping {
                try db.execute(
                    "DELETE FROM session WHERE user_id = ? AND token_hash != ?", [userID, keeping])
            } else {
                try db.execute("DELETE FROM session WHERE user_id = ?", [userID])
            }
        }
    }

    package func createToken(userID: Int64, tokenHash: String, createdAt: Date) async throws {
        try await backend.append { db in
            try db.execute(
                "INSERT INTO api_token (token_hash, user_id, created_at) VALUES (?, ?, ?)",
                [tokenHash, userID, createdAt.timeIntervalSince1970])
        }
    }

    package func user(tokenHash: String) async throws -> User? {
        try await backend.read { db in
            try db.row(
                "SELECT \"user\".* FROM api_token JOIN \"user\" ON \"user\".id = api_token.user_id WHERE token_hash = ?",
                [tokenHash]
            ).flatMap(Self.user)
        }
    }

    package func recordSignInFailure(keys: [String], at: Date, forgetBefore: Date) async throws {
        try await backend.append { db in
            try db.execute(
                "DELETE FROM sign_in_failure WHERE at < ?", [forgetBefore.timeIntervalSince1970])
            for key in keys {
                try db.execute(
                    "INSERT INTO sign_in_failure (key, at) VALUES (?, ?)",
                    [key, at.timeIntervalSince1970])
            }
        }
    }

    package func signInFailures(key: String, since: Date) async throws -> [Date] {
        try await backend.read { db in
            try db.values(
                as: Double.self,
                "SELECT at FROM sign_in_failure WHERE key = ? AND at >= ? ORDER BY at",
                [key, since.timeIntervalSince1970]
            ).map(Date.init(timeIntervalSince1970:))
        }
    }

    package func clearSignInFailures(key: String) async throws {
        try await backend.write { db in
            try db.execute("DELETE FROM sign_in_failure WHERE key = ?", [key])
        }
    }

    package func createInvitation(_ invitation: Invitation) async throws {
        try await backend.append { db in
            try db.execute(
                "INSERT INTO invitation (token_hash, email, role, organisation_id, expires_at) VALUES (?, ?, ?, ?, ?)",
                [
                    invitation.tokenHash, invitation.email.lowercased(), invitation.role.rawValue,
                    invitation.organisationID, invitation.expiresAt.timeIntervalSince1970,
                ])
        }
    }

    package func redeemInvitation(tokenHash: String) async throws -> Invitation? {
        try await backend.write { db in
            guard
                let row = try db.row("SELECT * FROM invitation WHERE token_hash = ?", [tokenHash]),
                let role = Role(rawValue: try row["role"])
            else { return nil }
            try db.execute("DELETE FROM invitation WHERE token_hash = ?", [tokenHash])
            return try Invitation(
                tokenHash: tokenHash, email: row["email"], role: role,
                organisationID: row["organisation_id"],
                expiresAt: Date(timeIntervalSince1970: row["expires_at"]))
        }
    }

    // MARK: Drafts

    package func draft(organisationID: Int64) async throws -> Draft? {
        try await backend.read { db in
            try db.row(
                "SELECT * FROM draft WHERE organisation_id = ?", [organisationID]
            ).map(Self.draft)
        }
    }

    package func saveDraft(
        organisationID: Int64, profileText: String, revision: Int, by userID: Int64?, at: Date,
        audit: [AuditEntry]
    ) async throws -> Draft {
        try await backend.write { db in
            let draft = try Self.writeDraft(
                db, organisationID: organisationID, profileText: profileText, revision: revision,
                by: userID, at: at)
            for var entry in audit {
                entry.cycle = draft.cycle
                try Self.insertAudit(db, entry)
            }
            return draft
        }
    }

    /// Writes the draft made at `revision` (a new one opens a cycle, or joins `cycle`).
    private static func writeDraft(
        _ db: Backend.Transaction, organisationID: Int64, profileText: String, revision: Int,
        by userID: Int64?, at: Date, cycle joining: Int64? = nil
    ) throws -> Draft {
        let row = try db.row(
            "SELECT revision, cycle FROM draft WHERE organisation_id = ?", [organisationID])
        let current: Int = try row?["revision"] ?? 0
        guard current == revision else { throw StorageError.staleRevision(current: current) }
        // The draft's own cycle (a draft from before cycles has none), else the one joined.
        let drafted = try row.flatMap { try $0["cycle"] as Int64? }
        var cycle = drafted ?? joining
        if cycle == nil {
            cycle = try newCycle(db, organisationID, at: at)
        }
        try db.execute(
            """
            INSERT INTO draft (organisation_id, profile_text, revision, updated_at, updated_by,
                cycle)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(organisation_id) DO UPDATE SET profile_text = excluded.profile_text,
                revision = excluded.revision, updated_at = excluded.updated_at,
                updated_by = excluded.updated_by
            """,
            [
                organisationID, profileText, revision + 1, at.timeIntervalSince1970, userID, cycle,
            ])
        return Draft(
            organisationID: organisationID, profileText: profileText, revision: revision + 1,
            updatedAt: at, updatedBy: userID, cycle: cycle ?? 0)
    }

    // MARK: Assessments

    package func insertAssessment(_ new: NewAssessment, draftRevision: Int?) async throws
        -> StoredAssessment
    {
        // Statements prepared once a connection: the busiest write there is (the API's
        // submissions), and preparing them again each time was most of GRDB's own share.
        // Without a draft to take it only adds rows: an append.
        let body: @Sendable (Backend.Transaction) throws -> StoredAssessment = { db in
            var cycle = new.cycle
            if let draftRevision {
                let row = try db.row(
                    "SELECT revision, cycle FROM draft WHERE organisation_id = ?",
                    [new.organisationID])
                let current: Int = try row?["revision"] ?? 0
                guard current == draftRevision, let row else {
                    throw StorageError.staleRevision(current: current)
                }
                cycle = try row["cycle"]
                try db.execute("DELETE FROM draft WHERE organisation_id = ?", [new.organisationID])
            }
            if cycle == nil {
                cycle = try Self.newCycle(db, new.organisationID, at: new.submittedAt)
            }
            let id = try db.insert(
                """
                INSERT INTO assessment (organisation_id, profile_text, report_json, ruleset_id,
                    ruleset_version, ruleset_sha256, tailoring, as_of, score, band, compliant,
                    submitted_by, submitted_at, cycle, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted')
                """,
                [
                    new.organisationID, new.profileText, new.reportJSON, new.ruleSetID,
                    new.ruleSetVersion, new.ruleSetSHA256, new.tailoring, new.asOf, new.score,
                    new.band, new.compliant, new.submittedBy,
                    new.submittedAt.timeIntervalSince1970, cycle,
                ])
            try Self.insertAudit(
                db,
                AuditEntry(
                    at: new.submittedAt, userID: new.submittedBy,
                    organisationID: new.organisationID,
                    action: "assessment.submit", detail: "assessment \(id)", subject: "status",
                    oldValue: "draft", newValue: AssessmentStatus.submitted.rawValue, cycle: cycle))
            return StoredAssessment(
                id: id, organisationID: new.organisationID,
                profileText: new.profileText, reportJSON: new.reportJSON,
                ruleSetID: new.ruleSetID, ruleSetVersion: new.ruleSetVersion,
                ruleSetSHA256: new.ruleSetSHA256, tailoring: new.tailoring, asOf: new.asOf,
                score: new.score, band: new.band, compliant: new.compliant,
                submittedBy: new.submittedBy, submittedAt: new.submittedAt, cycle: cycle)
        }
        return try await draftRevision == nil ? backend.append(body) : backend.write(body)
    }

    package func assessment(id: Int64) async throws -> StoredAssessment? {
        try await backend.read { db in
            try db.row("SELECT * FROM assessment WHERE id = ?", [id])
                .map(Self.assessment)
        }
    }

    package func assessments(organisationIDs: Set<Int64>?) async throws -> [StoredAssessment] {
        try await backend.read { db in
            let rows: [SQLRow]
            if let organisationIDs {
                guard !organisationIDs.isEmpty else { return [] }
                rows = try db.rows(
                    """
                    SELECT * FROM assessment WHERE \(db.dialect.inList("organisation_id"))
                    ORDER BY id DESC
                    """, [SQLDialect.jsonList(organisationIDs.sorted())])
            } else {
                rows = try db.rows("SELECT * FROM assessment ORDER BY id DESC")
            }
            return try rows.map(Self.assessment)
        }
    }

    package func review(
        assessmentID: Int64, status: AssessmentStatus, note: String?, by userID: Int64, at: Date,
        plan: [PlanItem], followUps: [PlanFollowUp]
    ) async throws -> StoredAssessment {
        try await backend.write { db in
            guard
                var stored = try db.row(
                    "SELECT * FROM assessment WHERE id = ?", [assessmentID]
                ).map(Self.assessment)
            else { throw StorageError.conflict("There is no such assessment.") }
            guard stored.status == .submitted else {
                throw StorageError.conflict(
                    "This assessment was \(stored.status.words.lowercased()) already.")
            }
            let cycle = try stored.cycle ?? Self.newCycle(db, stored.organisationID, at: at)
            if status == .returned {
                if try db.row(
                    "SELECT 1 FROM draft WHERE organisation_id = ?", [stored.organisationID]) != nil
                {
                    throw StorageError.conflict(
                        "A new draft is in progress: it would be replaced. Submit or finish it first, or accept this assessment."
                    )
                }
                _ = try Self.writeDraft(
                    db, organisationID: stored.organisationID, profileText: stored.profileText,
                    revision: 0, by: userID, at: at, cycle: cycle)
                if let note {
                    _ = try Self.insertComment(
                        db, organisationID: stored.organisationID, cycle: cycle,
                        subject: "assessment", body: note, by: userID, at: at)
                }
            }
            try db.execute(
                """
                UPDATE assessment SET status = ?, reviewed_by = ?, reviewed_at = ?,
                    review_note = ?, cycle = ? WHERE id = ?
                """,
                [
                    status.rawValue, userID, at.timeIntervalSince1970, note, cycle, assessmentID,
                ])
            try Self.insertAudit(
                db,
                AuditEntry(
                    at: at, userID: userID, organisationID: stored.organisationID,
                    action: status == .accepted ? "assessment.accept" : "assessment.return",
                    detail: "assessment \(assessmentID)" + (note.map { ": \($0)" } ?? ""),
                    subject: "status", oldValue: stored.status.rawValue, newValue: status.rawValue,
                    cycle: cycle))
            if status == .accepted {
                for item in plan { try Self.insertPlanItem(db, item) }
                for followUp in followUps {
                    try Self.followUp(
                        db, followUp, by: assessmentID, userID: userID, at: at, cycle: cycle)
                }
            }
            stored.status = status
            stored.reviewedBy = userID
            stored.reviewedAt = at
            stored.reviewNote = note
            stored.cycle = cycle
            return stored
        }
    }

    private static func newCycle(_ db: Backend.Transaction, _ organisationID: Int64, at: Date)
        throws
        -> Int64
    {
        try db.insert(
            "INSERT INTO cycle (organisation_id, opened_at) VALUES (?, ?)",
            [organisationID, at.timeIntervalSince1970])
    }

    // MARK: The tracked plan

    private static func insertPlanItem(_ db: Backend.Transaction, _ item: PlanItem) throws {
        try db.execute(
            """
            INSERT INTO plan_item (assessment_id, action_id, organisation_id, position, title,
                phase, closes, owner_id, due, status, notes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                item.assessmentID, item.actionID, item.organisationID, item.position, item.title,
                item.phase, item.closes.joined(separator: " "), item.ownerID, item.due,
                item.status.rawValue, item.notes,
            ])
    }

    /// Records what a later assessment found of an earlier action, with its line of the
    /// trail.
    private static func followUp(
        _ db: Backend.Transaction, _ followUp: PlanFollowUp, by laterID: Int64, userID: Int64,
        at: Date,
        cycle: Int64
    ) throws {
        guard
            let item = try db.row(
                "SELECT * FROM plan_item WHERE assessment_id = ? AND action_id = ?",
                [followUp.assessmentID, followUp.actionID]
            ).map(Self.planItem)
        else { return }
        if followUp.passes {
            guard item.status != .verified else { return }
            try db.execute(
                """
                UPDATE plan_item SET status = 'verified', verified_by = ?
                WHERE assessment_id = ? AND action_id = ?
                """, [laterID, followUp.assessmentID, followUp.actionID])
            try insertAudit(
                db,
                AuditEntry(
                    at: at, userID: userID, organisationID: item.organisationID,
                    action: "plan.verify",
                    detail:
                        "\(item.actionID) of assessment \(item.assessmentID): its rules pass in assessment \(laterID)",
                    subject: "plan:\(item.actionID).status", oldValue: item.status.words,
                    newValue: PlanItem.Status.verified.words, cycle: cycle))
        } else {
            try db.execute(
                """
                UPDATE plan_item SET still_failing_in = ?
                WHERE assessment_id = ? AND action_id = ?
                """, [laterID, followUp.assessmentID, followUp.actionID])
            try insertAudit(
                db,
                AuditEntry(
                    at: at, userID: userID, organisationID: item.organisationID,
                    action: "plan.still-failing",
                    detail:
                        "\(item.actionID) of assessment \(item.assessmentID) was marked done; its rules still fail in assessment \(laterID)",
                    subject: "plan:\(item.actionID).status", cycle: cycle))
        }
    }

    package func planItems(assessmentID: Int64) async throws -> [PlanItem] {
        try await backend.read { db in
            try db.rows(
                "SELECT * FROM plan_item WHERE assessment_id = ? ORDER BY position", [assessmentID]
            ).map(Self.planItem)
        }
    }

    package func updatePlanItems(_ items: [PlanItem], by userID: Int64, at: Date) async throws {
        try await backend.write { db in
            for item in items { try Self.updatePlanItem(db, item, by: userID, at: at) }
        }
    }

    private static func updatePlanItem(
        _ db: Backend.Transaction, _ item: PlanItem, by userID: Int64, at: Date
    ) throws {
        guard
            let old = try db.row(
                "SELECT * FROM plan_item WHERE assessment_id = ? AND action_id = ?",
                [item.assessmentID, item.actionID]
            ).map(Self.planItem)
        else { throw StorageError.conflict("There is no such action in this plan.") }
        try db.execute(
            """
            UPDATE plan_item SET owner_id = ?, due = ?, status = ?, notes = ?
            WHERE assessment_id = ? AND action_id = ?
            """,
            [
                item.ownerID, item.due, item.status.rawValue, item.notes, item.assessmentID,
                item.actionID,
            ])
        let cycle = try db.value(
            as: Int64.self, "SELECT cycle FROM assessment WHERE id = ?", [item.assessmentID])
        let owners = try Dictionary(
            uniqueKeysWithValues: db.rows("SELECT id, email FROM \"user\"").map {
                row -> (Int64, String) in try (row["id"], row["email"])
            })
        let changes: [(String, String?, String?)] = [
            ("owner", old.ownerID.flatMap { owners[$0] }, item.ownerID.flatMap { owners[$0] }),
            ("due", old.due, item.due),
            ("status", old.status.words, item.status.words),
            ("notes", old.notes.nilIfEmpty, item.notes.nilIfEmpty),
        ]
        for (field, before, after) in changes where before != after {
            try Self.insertAudit(
                db,
                AuditEntry(
                    at: at, userID: userID, organisationID: item.organisationID,
                    action: "plan.change",
                    detail: "\(item.actionID) of assessment \(item.assessmentID)",
                    subject: "plan:\(item.actionID).\(field)", oldValue: before,
                    newValue: after, cycle: cycle))
        }
    }

    private static func planItem(_ row: SQLRow) throws -> PlanItem {
        try PlanItem(
            assessmentID: row["assessment_id"], actionID: row["action_id"],
            organisationID: row["organisation_id"], position: row["position"],
            title: row["title"], phase: row["phase"],
            closes: (row["closes"] as String).split(separator: " ").map(String.init),
            ownerID: row["owner_id"], due: row["due"],
            status: PlanItem.Status(rawValue: row["status"]) ?? .planned, notes: row["notes"],
            verifiedBy: row["verified_by"], stillFailingIn: row["still_failing_in"])
    }

    // MARK: Comments

    package func addComment(
        organisationID: Int64, cycle: Int64, subject: String, body: String, by userID: Int64,
        at: Date
    ) async throws -> Comment {
        try await backend.write { db in
            try Self.insertComment(
                db, organisationID: organisationID, cycle: cycle, subject: subject, body: body,
                by: userID, at: at)
        }
    }

    /// A comment and its line of the audit trail.
    private static func insertComment(
        _ db: Backend.Transaction, organisationID: Int64, cycle: Int64, subject: String,
        body: String,
        by userID: Int64, at: Date
    ) throws -> Comment {
        let id = try db.insert(
            """
            INSERT INTO comment (organisation_id, cycle, subject, author_id, at, body)
            VALUES (?, ?, ?, ?, ?, ?)
            """, [organisationID, cycle, subject, userID, at.timeIntervalSince1970, body])
        let comment = Comment(
            id: id, organisationID: organisationID, cycle: cycle,
            subject: subject, authorID: userID, at: at, body: body)
        try insertAudit(
            db,
            AuditEntry(
                at: at, userID: userID, organisationID: organisationID, action: "comment.add",
                detail: "comment \(comment.id)", subject: subject, oldValue: nil, newValue: body,
                cycle: cycle))
        return comment
    }

    package func comments(organisationID: Int64, cycle: Int64) async throws -> [Comment] {
        try await backend.read { db in
            try db.rows(
                "SELECT * FROM comment WHERE organisation_id = ? AND cycle = ? ORDER BY id",
                [organisationID, cycle]
            ).map { row in
                try Comment(
                    id: row["id"], organisationID: row["organisation_id"], cycle: row["cycle"],
                    subject: row["subject"], authorID: row["author_id"],
                    at: Date(timeIntervalSince1970: row["at"]), body: row["body"])
            }
        }
    }

    package func cycleState(organisationID: Int64, cycle: Int64) async throws -> CycleState {
        try await backend.read { db in
            if try db.row(
                "SELECT 1 FROM draft WHERE organisation_id = ? AND cycle = ?",
                [organisationID, cycle]) != nil
            {
                return .draft
            }
            guard
                let row = try db.row(
                    "SELECT id, status FROM assessment WHERE organisation_id = ? AND cycle = ? ORDER BY id DESC LIMIT 1",
                    [organisationID, cycle])
            else { return .unknown }
            switch AssessmentStatus(rawValue: try row["status"]) {
            case .submitted: return .submitted(assessmentID: try row["id"])
            case .accepted: return .accepted(assessmentID: try row["id"])
            // Returned: its draft is gone only once submitted again, which moved the cycle on.
            case .returned, nil: return .unknown
            }
        }
    }

    // MARK: Evidence

    package func addEvidence(_ new: NewEvidence) async throws -> Evidence {
        try await backend.append { db in
            let id = try db.insert(
                """
                INSERT INTO evidence (token, organisation_id, cycle, subject, kind, file_name,
                    content_type, size, sha256, content, url, note, added_by, added_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    new.token, new.organisationID, new.cycle, new.subject, new.kind.rawValue,
                    new.fileName, new.contentType, new.bytes?.count, new.sha256,
                    new.bytes, new.url, new.note, new.addedBy,
                    new.addedAt.timeIntervalSince1970,
                ])
            let evidence = Evidence(
                id: id, token: new.token, organisationID: new.organisationID,
                cycle: new.cycle, subject: new.subject, kind: new.kind, fileName: new.fileName,
                contentType: new.contentType, size: new.bytes?.count, sha256: new.sha256,
                url: new.url, note: new.note, addedBy: new.addedBy, addedAt: new.addedAt)
            try Self.insertAudit(
                db,
                AuditEntry(
                    at: new.addedAt, userID: new.addedBy, organisationID: new.organisationID,
                    action: "evidence.add", detail: Self.evidenceWords(evidence),
                    subject: new.subject, oldValue: nil, newValue: Self.evidenceWords(evidence),
                    cycle: new.cycle))
            return evidence
        }
    }

    /// A piece of evidence in the trail's words: a file's name and hash, or a link.
    static func evidenceWords(_ evidence: Evidence) -> String {
        switch evidence.kind {
        case .file:
            "\(evidence.fileName ?? "a file") (\(evidence.size ?? 0) bytes, SHA-256 \(evidence.sha256 ?? ""))"
        case .link: evidence.url ?? "a link"
        }
    }

    package func evidence(organisationID: Int64, cycle: Int64) async throws -> [Evidence] {
        try await backend.read { db in
            try db.rows(
                """
                SELECT id, token, organisation_id, cycle, subject, kind, file_name,
                    content_type, size, sha256, url, note, added_by, added_at
                FROM evidence WHERE organisation_id = ? AND cycle = ? ORDER BY id
                """, [organisationID, cycle]
            ).map(Self.evidence)
        }
    }

    package func evidenceFile(token: String) async throws -> (evidence: Evidence, bytes: [UInt8]?)?
    {
        try await backend.read { db in
            try db.row(
                "SELECT * FROM evidence WHERE token = ?", [token]
            ).map { row in
                try (Self.evidence(row), row["content"] as [UInt8]?)
            }
        }
    }

    package func removeEvidence(token: String, by userID: Int64, at: Date) async throws {
        try await backend.write { db in
            guard
                let evidence = try db.row(
                    "SELECT * FROM evidence WHERE token = ?", [token]
                ).map(Self.evidence)
            else { return }
            try db.execute("DELETE FROM evidence WHERE token = ?", [token])
            try Self.insertAudit(
                db,
                AuditEntry(
                    at: at, userID: userID, organisationID: evidence.organisationID,
                    action: "evidence.remove", detail: Self.evidenceWords(evidence),
                    subject: evidence.subject, oldValue: Self.evidenceWords(evidence),
                    newValue: nil, cycle: evidence.cycle))
        }
    }

    private static func evidence(_ row: SQLRow) throws -> Evidence {
        try Evidence(
            id: row["id"], token: row["token"], organisationID: row["organisation_id"],
            cycle: row["cycle"], subject: row["subject"],
            kind: Evidence.Kind(rawValue: row["kind"]) ?? .link, fileName: row["file_name"],
            contentType: row["content_type"], size: row["size"], sha256: row["sha256"],
            url: row["url"], note: row["note"], addedBy: row["added_by"],
            addedAt: Date(timeIntervalSince1970: row["added_at"]))
    }

    // MARK: Rounds

    package func openRound(
        organisationID: Int64, cycle: Int64, respondents: [(userID: Int64, role: String)],
        by userID: Int64, at: Date
    ) async throws -> Round {
        try await backend.write { db in
            if try db.row(
                "SELECT 1 FROM round WHERE organisation_id = ? AND settled_at IS NULL",
                [organisationID]) != nil
            {
                throw StorageError.conflict(
                    "A round is open already: settle it before opening another.")
            }
            let id = try db.insert(
                "INSERT INTO round (organisation_id, cycle, opened_by, opened_at) VALUES (?, ?, ?, ?)",
                [organisationID, cycle, userID, at.timeIntervalSince1970])
            for (position, respondent) in respondents.enumerated() {
                try db.execute(
                    """
                    INSERT INTO round_respondent (round_id, position, user_id, role, answers_text)
                    VALUES (?, ?, ?, ?, '')
                    """, [id, position, respondent.userID, respondent.role])
            }
            try Self.insertAudit(
                db,
                AuditEntry(
                    at: at, userID: userID, organisationID: organisationID, action: "round.open",
                    detail: "round \(id), \(respondents.count) respondents", cycle: cycle))
            return try Self.storedRound(db, id: id)
        }
    }

    package func round(id: Int64) async throws -> Round? {
        try await backend.read { db in try Self.round(db, id: id) }
    }

    package func rounds(organisationID: Int64) async throws -> [Round] {
        try await backend.read { db in
            try db.values(
                as: Int64.self, "SELECT id FROM round WHERE organisation_id = ? ORDER BY id DESC",
                [organisationID]
            ).compactMap { try Self.round(db, id: $0) }
        }
    }

    /// A round just written in this transaction.
    private static func storedRound(_ db: Backend.Transaction, id: Int64) throws -> Round {
        guard let round = try round(db, id: id) else {
            throw StorageError.conflict("There is no such round.")
        }
        return round
    }

    private static func round(_ db: Backend.Transaction, id: Int64) throws -> Round? {
        guard
            let row = try db.row("SELECT * FROM round WHERE id = ?", [id])
        else { return nil }
        let respondents = try db.rows(
            "SELECT * FROM round_respondent WHERE round_id = ? ORDER BY position", [id]
        ).map { row in
            try RoundRespondent(
                userID: row["user_id"], role: row["role"], answersText: row["answers_text"],
                submittedAt: (row["submitted_at"] as Double?).map(Date.init(timeIntervalSince1970:))
            )
        }
        return try Round(
            id: row["id"], organisationID: row["organisation_id"], cycle: row["cycle"],
            openedBy: row["opened_by"], openedAt: Date(timeIntervalSince1970: row["opened_at"]),
            settledBy: row["settled_by"],
            settledAt: (row["settled_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            respondents: respondents)
    }

    package func saveRoundAnswers(
        roundID: Int64, userID: Int64, answersText: String, submit: Bool, at: Date,
        audit: [AuditEntry]
    ) async throws -> Round {
        try await backend.write { db in
            guard let round = try Self.round(db, id: roundID),
                let respondent = round.respondent(userID)
            else { throw StorageError.conflict("You were not invited to answer this round.") }
            guard round.isOpen else {
                throw StorageError.conflict("This round was settled: answers no longer change.")
            }
            guard respondent.submittedAt == nil else {
                throw StorageError.conflict("You submitted your answers already.")
            }
            try db.execute(
                """
                UPDATE round_respondent SET answers_text = ?, submitted_at = ?
                WHERE round_id = ? AND user_id = ?
                """, [answersText, submit ? at.timeIntervalSince1970 : nil, roundID, userID])
            // The ratings changed, then the save or submission they make up.
            for var entry in audit {
                entry.cycle = round.cycle
                try Self.insertAudit(db, entry)
            }
            try Self.insertAudit(
                db,
                AuditEntry(
                    at: at, userID: userID, organisationID: round.organisationID,
                    action: submit ? "round.submit" : "round.save",
                    detail: "round \(roundID), as \(respondent.role)", cycle: round.cycle))
            return try Self.storedRound(db, id: roundID)
        }
    }

    package func settleRound(
        roundID: Int64, profileText: String, draftRevision: Int,
        comments: [(subject: String, body: String)], audit: [AuditEntry], by userID: Int64,
        at: Date
    ) async throws -> Draft {
        try await backend.write { db in
            guard let round = try Self.round(db, id: roundID), round.isOpen else {
                throw StorageError.conflict("This round was settled already.")
            }
            let draft = try Self.writeDraft(
                db, organisationID: round.organisationID, profileText: profileText,
                revision: draftRevision, by: userID, at: at, cycle: round.cycle)
            for comment in comments {
                _ = try Self.insertComment(
                    db, organisationID: round.organisationID, cycle: draft.cycle,
                    subject: comment.subject, body: comment.body, by: userID, at: at)
            }
            for var entry in audit {
                entry.cycle = draft.cycle
                try Self.insertAudit(db, entry)
            }
            try db.execute(
                "UPDATE round SET settled_by = ?, settled_at = ? WHERE id = ?",
                [userID, at.timeIntervalSince1970, roundID])
            try Self.insertAudit(
                db,
                AuditEntry(
                    at: at, userID: userID, organisationID: round.organisationID,
                    action: "round.settle", detail: "round \(roundID)", cycle: draft.cycle))
            return draft
        }
    }

    // MARK: Audit

    package func audit(_ entry: AuditEntry) async throws {
        try await backend.append { db in try Self.insertAudit(db, entry) }
    }

    private static func insertAudit(_ db: Backend.Transaction, _ entry: AuditEntry) throws {
        try db.execute(
            """
            INSERT INTO audit (at, user_id, organisation_id, action, detail, subject,
                old_value, new_value, cycle)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                entry.at.timeIntervalSince1970, entry.userID, entry.organisationID, entry.action,
                entry.detail, entry.subject, entry.oldValue, entry.newValue, entry.cycle,
            ])
    }

    package func auditTrail(organisationID: Int64?) async throws -> [AuditEntry] {
        try await backend.read { db in
            let rows =
                if let organisationID {
                    try db.rows(
                        "SELECT * FROM audit WHERE organisation_id = ? ORDER BY id",
                        [organisationID])
                } else {
                    try db.rows("SELECT * FROM audit ORDER BY id")
                }
            return try rows.map(Self.auditEntry)
        }
    }

    package func auditTrail(organisationID: Int64, cycle: Int64) async throws -> [AuditEntry] {
        try await backend.read { db in
            try db.rows(
                "SELECT * FROM audit WHERE organisation_id = ? AND cycle = ? ORDER BY id",
                [organisationID, cycle]
            ).map(Self.auditEntry)
        }
    }

    private static func auditEntry(_ row: SQLRow) throws -> AuditEntry {
        try AuditEntry(
            at: Date(timeIntervalSince1970: row["at"]), userID: row["user_id"],
            organisationID: row["organisation_id"], action: row["action"], detail: row["detail"],
            subject: row["subject"], oldValue: row["old_value"], newValue: row["new_value"],
            cycle: row["cycle"], id: row["id"])
    }

    // MARK: Rows

    private static func organisation(_ row: SQLRow) throws -> Organisation {
        try Organisation(id: row["id"], name: row["name"])
    }

    private static func user(_ row: SQLRow) throws -> User? {
        guard let role = Role(rawValue: try row["role"]) else { return nil }
        return try User(
            id: row["id"], email: row["email"], role: role,
            organisationID: row["organisation_id"], passwordHash: row["password_hash"],
            funderID: row["funder_id"])
    }

    private static func funder(_ row: SQLRow) throws -> Funder {
        try Funder(id: row["id"], name: row["name"])
    }

    private static func waiver(_ row: SQLRow) throws -> StoredWaiver {
        try StoredWaiver(
            id: row["id"], funderID: row["funder_id"], organisationID: row["organisation_id"],
            rule: row["rule"], justification: row["justification"],
            approvedBy: row["approved_by"], granted: row["granted"], expires: row["expires"],
            status: StoredWaiver.Status(rawValue: row["status"]) ?? .requested,
            requestedBy: row["requested_by"],
            requestedAt: Date(timeIntervalSince1970: row["requested_at"]),
            decidedBy: row["decided_by"],
            decidedAt: (row["decided_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }

    private static func draft(_ row: SQLRow) throws -> Draft {
        try Draft(
            organisationID: row["organisation_id"], profileText: row["profile_text"],
            revision: row["revision"], updatedAt: Date(timeIntervalSince1970: row["updated_at"]),
            updatedBy: row["updated_by"], cycle: row["cycle"] ?? 0)
    }

    static func assessment(_ row: SQLRow) throws -> StoredAssessment {
        try StoredAssessment(
            id: row["id"], organisationID: row["organisation_id"],
            profileText: row["profile_text"], reportJSON: row["report_json"],
            ruleSetID: row["ruleset_id"], ruleSetVersion: row["ruleset_version"],
            ruleSetSHA256: row["ruleset_sha256"], tailoring: row["tailoring"],
            asOf: row["as_of"], score: row["score"], band: row["band"],
            compliant: row["compliant"], submittedBy: row["submitted_by"],
            submittedAt: Date(timeIntervalSince1970: row["submitted_at"]),
            status: AssessmentStatus(rawValue: row["status"]) ?? .submitted, cycle: row["cycle"],
            reviewedBy: row["reviewed_by"],
            reviewedAt: (row["reviewed_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            reviewNote: row["review_note"])
    }
}
