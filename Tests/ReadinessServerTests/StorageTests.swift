import Foundation
import GRDB
import ReadinessTestSupport
import Testing

@testable import ReadinessServer

/// The storage protocol's promises, held by each database it runs on.
@Suite("Storage, on each database")
struct StorageTests {
    static let at = Date(timeIntervalSince1970: 1_780_000_000.25)

    /// An organisation with a member and a lead.
    struct People {
        let organisation: Organisation
        let member: User
        let lead: User
    }

    static func people(_ storage: any Storage, _ name: String = "Harbour") async throws -> People {
        let organisation = try await storage.ensureOrganisation(named: name)
        let member = try await storage.createUser(
            email: "member@\(name).org", passwordHash: "hash", role: .member,
            organisationID: organisation.id, funderID: nil)
        let lead = try await storage.createUser(
            email: "lead@\(name).org", passwordHash: "hash", role: .lead,
            organisationID: organisation.id, funderID: nil)
        return People(organisation: organisation, member: member, lead: lead)
    }

    static func assessment(_ organisationID: Int64, by userID: Int64?, score: Double = 62.5)
        -> NewAssessment
    {
        NewAssessment(
            organisationID: organisationID, profileText: "organisation: x\n",
            reportJSON: #"{"score": 62.5, "text": "é ✓"}"#, ruleSetID: "vic-aod",
            ruleSetVersion: "1.0.0", ruleSetSHA256: "abc", tailoring: nil, asOf: "2026-07-01",
            score: score, band: "developing", compliant: nil, submittedBy: userID,
            submittedAt: at)
    }

    @Test(
        "accounts: one organisation per name, one account per email whatever its case",
        arguments: StoreKind.available)
    func accounts(kind: StoreKind) async throws {
        try await StoreUnderTest.with(kind) { store in
            let storage = store.storage
            let first = try await storage.ensureOrganisation(named: "Harbour")
            #expect(try await storage.ensureOrganisation(named: "Harbour") == first)
            _ = try await storage.ensureOrganisation(named: "Alder")
            #expect(try await storage.organisations().map(\.name) == ["Alder", "Harbour"])
            let user = try await storage.createUser(
                email: "Someone@Harbour.org", passwordHash: "h", role: .member,
                organisationID: first.id, funderID: nil)
            #expect(user.email == "someone@harbour.org")
            #expect(try await storage.user(email: "SOMEONE@harbour.org") == user)
            #expect(try await storage.user(id: user.id) == user)
            await #expect(throws: StorageError.duplicate("someone@harbour.org")) {
                _ = try await storage.createUser(
                    email: "someone@HARBOUR.org", passwordHash: "h", role: .member,
                    organisationID: first.id, funderID: nil)
            }
            let funder = try await storage.ensureFunder(named: "North Region")
            #expect(try await storage.ensureFunder(named: "North Region") == funder)
            let funderAccount = try await storage.createUser(
                email: "f@north.gov", passwordHash: "h", role: .funder, organisationID: nil,
                funderID: funder.id)
            #expect(try await storage.user(id: funderAccount.id)?.funderID == funder.id)
            #expect(
                try await storage.users().map(\.email) == ["f@north.gov", "someone@harbour.org"])
            // The schema itself refuses a funder's account without its funder.
            await #expect(throws: (any Error).self) {
                try await store.execute(
                    "INSERT INTO \"user\" (email, role, password_hash) VALUES ('x@y', 'funder', 'h')"
                )
            }
        }
    }

    @Test("sessions, tokens and sign-in limits", arguments: StoreKind.available)
    func sessions(kind: StoreKind) async throws {
        try await StoreUnderTest.with(kind) { store in
            let storage = store.storage
            let people = try await Self.people(storage)
            for token in ["a", "b", "old"] {
                try await storage.createSession(
                    Session(
                        tokenHash: token, userID: people.member.id, csrfToken: "c-\(token)",
                        expiresAt: token == "old" ? Self.at - 1 : Self.at + 3600))
            }
            #expect(try await storage.session(tokenHash: "a")?.csrfToken == "c-a")
            #expect(try await storage.session(tokenHash: "a")?.expiresAt == Self.at + 3600)
            #expect(try await storage.deleteExpiredSessions(now: Self.at) == 1)
            try await storage.setPasswordHash(
                userID: people.member.id, passwordHash: "new", keeping: "a")
            #expect(try await storage.session(tokenHash: "a") != nil)
            #expect(try await storage.session(tokenHash: "b") == nil)
            try await storage.setPasswordHash(
                userID: people.member.id, passwordHash: "newer", keeping: nil)
            #expect(try await storage.session(tokenHash: "a") == nil)
            #expect(try await storage.user(id: people.member.id)?.passwordHash == "newer")

            try await storage.createToken(
                userID: people.lead.id, tokenHash: "t", createdAt: Self.at)
            #expect(try await storage.user(tokenHash: "t") == people.lead)
            #expect(try await storage.user(tokenHash: "u") == nil)

            try await storage.recordSignInFailure(
                keys: ["account:x", "address:1"], at: Self.at - 100, forgetBefore: Self.at - 1000)
            try await storage.recordSignInFailure(
                keys: ["account:x"], at: Self.at, forgetBefore: Self.at - 50)
            #expect(
                try await storage.signInFailures(key: "account:x", since: Self.at - 1000) == [
                    Self.at
                ])
            #expect(try await storage.signInFailures(key: "address:1", since: .distantPast) == [])
            try await storage.clearSignInFailures(key: "account:x")
            #expect(try await storage.signInFailures(key: "account:x", since: .distantPast) == [])

            let invitation = Invitation(
                tokenHash: "inv", email: "New@Harbour.org", role: .member,
                organisationID: people.organisation.id, expiresAt: Self.at)
            try await storage.createInvitation(invitation)
            #expect(
                try await storage.redeemInvitation(tokenHash: "inv")?.email == "new@harbour.org")
            #expect(try await storage.redeemInvitation(tokenHash: "inv") == nil)
        }
    }

    @Test("a draft's revision guards it; submitting takes it", arguments: StoreKind.available)
    func drafts(kind: StoreKind) async throws {
        try await StoreUnderTest.with(kind) { store in
            let storage = store.storage
            let people = try await Self.people(storage)
            let id = people.organisation.id
            let first = try await storage.saveDraft(
                organisationID: id, profileText: "one", revision: 0, by: people.member.id,
                at: Self.at,
                audit: [
                    AuditEntry(
                        at: Self.at, userID: people.member.id, organisationID: id,
                        action: "draft.save", detail: "x")
                ])
            #expect(first.revision == 1)
            #expect(try await storage.auditTrail(organisationID: id, cycle: first.cycle).count == 1)
            await #expect(throws: StorageError.staleRevision(current: 1)) {
                _ = try await storage.saveDraft(
                    organisationID: id, profileText: "two", revision: 0, by: nil, at: Self.at,
                    audit: [])
            }
            let second = try await storage.saveDraft(
                organisationID: id, profileText: "two", revision: 1, by: nil, at: Self.at,
                audit: [])
            #expect(second.cycle == first.cycle)
            #expect(try await storage.draft(organisationID: id)?.profileText == "two")
            #expect(try await storage.cycleState(organisationID: id, cycle: first.cycle) == .draft)

            await #expect(throws: StorageError.staleRevision(current: 2)) {
                _ = try await storage.insertAssessment(
                    Self.assessment(id, by: people.member.id), draftRevision: 1)
            }
            let stored = try await storage.insertAssessment(
                Self.assessment(id, by: people.member.id), draftRevision: 2)
            #expect(stored.cycle == first.cycle)
            #expect(try await storage.draft(organisationID: id) == nil)
            #expect(try await storage.assessment(id: stored.id) == stored)
            #expect(
                try await storage.cycleState(organisationID: id, cycle: first.cycle)
                    == .submitted(assessmentID: stored.id))
            // Without a draft, an assessment opens a cycle of its own.
            let other = try await storage.insertAssessment(
                Self.assessment(id, by: nil, score: 70), draftRevision: nil)
            #expect(other.cycle != nil && other.cycle != stored.cycle)
            #expect(
                try await storage.assessments(organisationIDs: [id]).map(\.id) == [
                    other.id, stored.id,
                ])
            #expect(try await storage.assessments(organisationIDs: []).isEmpty)
            #expect(try await storage.assessments(organisationIDs: nil).count == 2)
            let summaries = try await storage.assessmentSummaries(organisationIDs: [id, 999])
            #expect(summaries.map(\.id) == [stored.id, other.id])
            #expect(summaries.first?.submittedAt == Self.at)
        }
    }

    @Test(
        "sign-off: accepting stores the plan, returning puts the draft back, once each",
        arguments: StoreKind.available)
    func signOff(kind: StoreKind) async throws {
        try await StoreUnderTest.with(kind) { store in
            let storage = store.storage
            let people = try await Self.people(storage)
            let id = people.organisation.id
            let first = try await storage.insertAssessment(
                Self.assessment(id, by: people.member.id), draftRevision: nil)
            let plan = [
                PlanItem(
                    assessmentID: first.id, actionID: "A1", organisationID: id, position: 0,
                    title: "Train the team", phase: "now", closes: ["TRN-01", "TRN-02"],
                    ownerID: nil, due: nil),
                PlanItem(
                    assessmentID: first.id, actionID: "A2", organisationID: id, position: 1,
                    title: "Supervise", phase: "next", closes: ["SUP-01"], ownerID: nil,
                    due: "2026-09-01"),
            ]
            let accepted = try await storage.review(
                assessmentID: first.id, status: .accepted, note: nil, by: people.lead.id,
                at: Self.at, plan: plan, followUps: [])
            #expect(accepted.status == .accepted)
            #expect(try await storage.planItems(assessmentID: first.id) == plan)
            await #expect(throws: StorageError.self) {
                _ = try await storage.review(
                    assessmentID: first.id, status: .returned, note: nil, by: people.lead.id,
                    at: Self.at, plan: [], followUps: [])
            }
            var changed = plan[0]
            changed.ownerID = people.member.id
            changed.status = .done
            try await storage.updatePlanItems([changed], by: people.lead.id, at: Self.at)
            #expect(try await storage.planItems(assessmentID: first.id)[0] == changed)
            let changes = try await storage.auditTrail(organisationID: id).filter {
                $0.action == "plan.change"
            }
            #expect(changes.map(\.subject) == ["plan:A1.owner", "plan:A1.status"])
            #expect(changes.first?.newValue == "member@harbour.org")

            let second = try await storage.insertAssessment(
                Self.assessment(id, by: people.member.id), draftRevision: nil)
            _ = try await storage.review(
                assessmentID: second.id, status: .accepted, note: nil, by: people.lead.id,
                at: Self.at, plan: [],
                followUps: [
                    PlanFollowUp(assessmentID: first.id, actionID: "A1", passes: true),
                    PlanFollowUp(assessmentID: first.id, actionID: "A2", passes: false),
                ])
            let followed = try await storage.planItems(assessmentID: first.id)
            #expect(followed[0].status == .verified && followed[0].verifiedBy == second.id)
            #expect(followed[1].stillFailingIn == second.id)

            let third = try await storage.insertAssessment(
                Self.assessment(id, by: people.member.id), draftRevision: nil)
            let returned = try await storage.review(
                assessmentID: third.id, status: .returned, note: "Check the evidence",
                by: people.lead.id, at: Self.at, plan: [], followUps: [])
            let cycle = try #require(returned.cycle)
            #expect(try await storage.draft(organisationID: id)?.profileText == third.profileText)
            #expect(
                try await storage.comments(organisationID: id, cycle: cycle).map(\.body) == [
                    "Check the evidence"
                ])
            let fourth = try await storage.insertAssessment(
                Self.assessment(id, by: people.member.id), draftRevision: nil)
            await #expect(throws: StorageError.self) {
                _ = try await storage.review(
                    assessmentID: fourth.id, status: .returned, note: nil, by: people.lead.id,
                    at: Self.at, plan: [], followUps: [])
            }
        }
    }

    @Test(
        "evidence: a file's bytes come back whole; removing it leaves its line in the trail",
        arguments: StoreKind.available)
    func evidence(kind: StoreKind) async throws {
        try await StoreUnderTest.with(kind) { store in
            let storage = store.storage
            let people = try await Self.people(storage)
            let id = people.organisation.id
            let draft = try await storage.saveDraft(
                organisationID: id, profileText: "x", revision: 0, by: nil, at: Self.at,
                audit: [])
            let bytes: [UInt8] = [0, 1, 2, 0xff, 0, 0x7f] + Array(repeating: 0x41, count: 5000)
            let file = try await storage.addEvidence(
                NewEvidence(
                    token: "tok", organisationID: id, cycle: draft.cycle, subject: "TRN-01",
                    kind: .file, fileName: "policy.pdf", contentType: "application/pdf",
                    sha256: "s", bytes: bytes, url: nil, note: "the policy",
                    addedBy: people.member.id, addedAt: Self.at))
            #expect(file.size == bytes.count)
            let link = try await storage.addEvidence(
                NewEvidence(
                    token: "tok2", organisationID: id, cycle: draft.cycle, subject: "TRN-02",
                    kind: .link, fileName: nil, contentType: nil, sha256: nil, bytes: nil,
                    url: "https://example.org/p", note: nil, addedBy: people.member.id,
                    addedAt: Self.at))
            #expect(
                try await storage.evidence(organisationID: id, cycle: draft.cycle) == [file, link])
            let read = try #require(try await storage.evidenceFile(token: "tok"))
            #expect(read.bytes == bytes)
            #expect(try await storage.evidenceFile(token: "tok2")?.bytes == nil)
            try await storage.removeEvidence(token: "tok", by: people.member.id, at: Self.at)
            #expect(try await storage.evidenceFile(token: "tok") == nil)
            let trail = try await storage.auditTrail(organisationID: id, cycle: draft.cycle)
            #expect(trail.map(\.action) == ["evidence.add", "evidence.add", "evidence.remove"])
        }
    }

    @Test(
        "rounds: one open at a time, answers change until submitted, settling writes the draft",
        arguments: StoreKind.available)
    func rounds(kind: StoreKind) async throws {
        try await StoreUnderTest.with(kind) { store in
            let storage = store.storage
            let people = try await Self.people(storage)
            let id = people.organisation.id
            let draft = try await storage.saveDraft(
                organisationID: id, profileText: "x", revision: 0, by: nil, at: Self.at,
                audit: [])
            let round = try await storage.openRound(
                organisationID: id, cycle: draft.cycle,
                respondents: [(people.member.id, "peer worker"), (people.lead.id, "manager")],
                by: people.lead.id, at: Self.at)
            #expect(round.respondents.map(\.role) == ["peer worker", "manager"])
            await #expect(throws: StorageError.self) {
                _ = try await storage.openRound(
                    organisationID: id, cycle: draft.cycle, respondents: [], by: people.lead.id,
                    at: Self.at)
            }
            _ = try await storage.saveRoundAnswers(
                roundID: round.id, userID: people.member.id, answersText: "a: 1", submit: false,
                at: Self.at, audit: [])
            let submitted = try await storage.saveRoundAnswers(
                roundID: round.id, userID: people.member.id, answersText: "a: 2", submit: true,
                at: Self.at, audit: [])
            #expect(submitted.respondent(people.member.id)?.answersText == "a: 2")
            #expect(submitted.respondent(people.member.id)?.submittedAt == Self.at)
            await #expect(throws: StorageError.self) {
                _ = try await storage.saveRoundAnswers(
                    roundID: round.id, userID: people.member.id, answersText: "a: 3",
                    submit: false, at: Self.at, audit: [])
            }
            let settled = try await storage.settleRound(
                roundID: round.id, profileText: "settled", draftRevision: 1,
                comments: [(subject: "a", body: "we agreed")], audit: [], by: people.lead.id,
                at: Self.at)
            #expect(settled.profileText == "settled" && settled.revision == 2)
            #expect(try await storage.round(id: round.id)?.isOpen == false)
            #expect(try await storage.rounds(organisationID: id).map(\.id) == [round.id])
            await #expect(throws: StorageError.self) {
                _ = try await storage.settleRound(
                    roundID: round.id, profileText: "again", draftRevision: 2, comments: [],
                    audit: [], by: people.lead.id, at: Self.at)
            }
        }
    }

    @Test("funders: invitations, joining, contracts and waivers", arguments: StoreKind.available)
    func funders(kind: StoreKind) async throws {
        try await StoreUnderTest.with(kind) { store in
            let storage = store.storage
            let people = try await Self.people(storage)
            let id = people.organisation.id
            let funder = try await storage.ensureFunder(named: "North Region")
            let account = try await storage.createUser(
                email: "f@north.gov", passwordHash: "h", role: .funder, organisationID: nil,
                funderID: funder.id)
            await #expect(throws: StorageError.self) {
                try await storage.join(
                    funderID: funder.id, organisationID: id, by: people.lead.id, at: Self.at)
            }
            try await storage.invite(
                funderID: funder.id, organisationID: id, by: account.id, at: Self.at)
            try await storage.join(
                funderID: funder.id, organisationID: id, by: people.lead.id, at: Self.at + 1)
            await #expect(throws: StorageError.self) {
                try await storage.invite(
                    funderID: funder.id, organisationID: id, by: account.id, at: Self.at)
            }
            let memberships = try await storage.memberships(
                funderID: funder.id, organisationID: nil)
            #expect(memberships.map(\.status) == [.joined])
            #expect(memberships.first?.joinedAt == Self.at + 1)
            #expect(try await storage.memberships(funderID: nil, organisationID: id) == memberships)
            #expect(
                try await storage.memberships(funderID: funder.id + 1, organisationID: nil).isEmpty)

            let contract = Contract(
                funderID: funder.id, tailoringText: "t", tailoringName: "n",
                tailoringSHA256: "s", cadenceDays: 90, updatedAt: Self.at, updatedBy: account.id)
            let line = AuditEntry(
                at: Self.at, userID: account.id, organisationID: nil, action: "contract.set",
                detail: "x")
            try await storage.setContract(contract, audit: line)
            var changed = contract
            changed.cadenceDays = 180
            try await storage.setContract(changed, audit: line)
            #expect(try await storage.contract(funderID: funder.id) == changed)

            let asked = try await storage.saveWaiver(
                StoredWaiver(
                    id: 0, funderID: funder.id, organisationID: id, rule: "SUP-02",
                    justification: "recruiting", approvedBy: nil, granted: nil,
                    expires: "2027-01-01", status: .requested, requestedBy: people.lead.id,
                    requestedAt: Self.at, decidedBy: nil, decidedAt: nil),
                audit: AuditEntry(
                    at: Self.at, userID: people.lead.id, organisationID: id,
                    action: "waiver.request", detail: "asked"))
            #expect(asked.id > 0)
            var granted = asked
            granted.status = .granted
            granted.granted = "2026-07-01"
            granted.decidedBy = account.id
            granted.decidedAt = Self.at
            _ = try await storage.saveWaiver(granted, audit: line)
            #expect(try await storage.waiver(id: asked.id) == granted)
            #expect(try await storage.waivers(funderID: funder.id, organisationID: id) == [granted])
            #expect(try await storage.waivers(funderID: nil, organisationID: id + 1).isEmpty)
            var missing = granted
            missing.id = 9999
            await #expect(throws: StorageError.self) {
                _ = try await storage.saveWaiver(missing, audit: line)
            }
            let subjects = try await storage.auditTrail(organisationID: id).compactMap(\.subject)
            #expect(subjects.filter { $0 == "waiver:\(asked.id)" }.count == 1)
            // A waiver granted must end after it was granted: the schema holds it too.
            var backwards = granted
            backwards.expires = "2026-01-01"
            await #expect(throws: (any Error).self) {
                _ = try await storage.saveWaiver(backwards, audit: line)
            }
        }
    }

    @Test("the audit trail is append-only, in the database itself", arguments: StoreKind.available)
    func appendOnly(kind: StoreKind) async throws {
        try await StoreUnderTest.with(kind) { store in
            let storage = store.storage
            try await storage.audit(
                AuditEntry(at: Self.at, userID: nil, organisationID: nil, action: "x", detail: "y"))
            await #expect(throws: (any Error).self) {
                try await store.execute("UPDATE audit SET detail = 'changed'")
            }
            await #expect(throws: (any Error).self) {
                try await store.execute("DELETE FROM audit")
            }
            #expect(try await storage.auditTrail(organisationID: nil).map(\.detail) == ["y"])
        }
    }

    @Test(
        "two instances over one database: a draft saved from both at one revision is kept once, the other refused",
        arguments: StoreKind.available)
    func twoInstancesRace(kind: StoreKind) async throws {
        try await StoreUnderTest.with(kind) { store in
            let people = try await Self.people(store.storage)
            let id = people.organisation.id
            let other = try await store.another()
            let instances = [store.storage, other]
            for revision in 0..<10 {
                let outcomes = await withTaskGroup(of: Bool.self) { group in
                    for (index, storage) in instances.enumerated() {
                        group.addTask {
                            do {
                                _ = try await storage.saveDraft(
                                    organisationID: id, profileText: "from \(index)",
                                    revision: revision, by: nil, at: Self.at, audit: [])
                                return true
                            } catch StorageError.staleRevision {
                                return false
                            } catch {
                                Issue.record("unexpected: \(error)")
                                return false
                            }
                        }
                    }
                    return await group.reduce(into: [Bool]()) { $0.append($1) }
                }
                #expect(outcomes.filter { $0 }.count == 1, "revision \(revision): \(outcomes)")
            }
            #expect(try await other.draft(organisationID: id)?.revision == 10)

            // Many submissions from both at once: every one stored, once.
            let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
                for index in 0..<100 {
                    let storage = instances[index % 2]
                    group.addTask {
                        try await storage.insertAssessment(
                            Self.assessment(id, by: people.member.id, score: Double(index)),
                            draftRevision: nil
                        ).id
                    }
                }
                return try await group.reduce(into: [Int64]()) { $0.append($1) }
            }
            #expect(Set(ids).count == 100)
            let stored = try await store.storage.assessments(organisationIDs: [id])
            #expect(stored.count == 100)
            #expect(Set(stored.map(\.score)) == Set((0..<100).map(Double.init)))
        }
    }

    @Test(
        "both databases have the same migrations and the same tables and columns",
        .enabled(if: TestPostgres.url != nil, "needs READINESS_TEST_POSTGRES_URL"))
    func schemasAgree() async throws {
        #expect(PostgresSchema.migrations.map(\.name) == SQLiteStorage.migrator.migrations)
        let sqlite = try await StoreUnderTest.make(.sqlite)
        let postgres = try await StoreUnderTest.make(.postgres)
        for table in PostgresSchema.tables {
            let sqliteColumns = try await sqlite.texts(
                "SELECT name FROM pragma_table_info('\(table)') ORDER BY name")
            let postgresColumns = try await postgres.texts(
                """
                SELECT column_name::text FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name = '\(table)'
                ORDER BY column_name COLLATE "C"
                """)
            #expect(!sqliteColumns.isEmpty)
            #expect(sqliteColumns == postgresColumns, "\(table)")
        }
        await sqlite.close()
        await postgres.close()
    }

    @Test(
        "a PostgreSQL database migrated by a newer readiness is refused, not written",
        .enabled(if: TestPostgres.url != nil, "needs READINESS_TEST_POSTGRES_URL"))
    func newerMigrationsRefused() async throws {
        let store = try await StoreUnderTest.make(.postgres)
        try await store.execute(
            "INSERT INTO readiness_migration (name, applied_at) VALUES ('99: from the future', 0)")
        await #expect(
            throws: StorageError.conflict(
                "the database was migrated by a newer readiness (migration '99: from the future'): run that version, or a later one"
            )
        ) {
            _ = try await store.another()
        }
        await store.close()
    }

    @Test("CI runs the PostgreSQL tests: it must give them a server")
    func postgresInCI() {
        if ProcessInfo.processInfo.environment["CI"] != nil {
            #expect(
                StoreKind.postgresURL != nil,
                "CI sets READINESS_TEST_POSTGRES_URL (Scripts/postgres.sh start FOLDER)")
        }
    }
}

/// `readiness admin copy-database`'s work: an SQLite deployment moved to PostgreSQL whole.
@Suite(.enabled(if: TestPostgres.url != nil, "needs READINESS_TEST_POSTGRES_URL"))
struct DatabaseCopyTests {
    @Test func everythingArrivesWithItsIdsAndNumberingGoesOn() async throws {
        let sqlite = try await StoreUnderTest.make(.sqlite)
        let source = sqlite.storage
        let people = try await StorageTests.people(source)
        let id = people.organisation.id
        let draft = try await source.saveDraft(
            organisationID: id, profileText: "draft", revision: 0, by: people.member.id,
            at: StorageTests.at, audit: [])
        let bytes: [UInt8] = [0, 0xff, 0x10, 0]
        _ = try await source.addEvidence(
            NewEvidence(
                token: "tok", organisationID: id, cycle: draft.cycle, subject: "TRN-01",
                kind: .file, fileName: "a.pdf", contentType: "application/pdf", sha256: "s",
                bytes: bytes, url: nil, note: nil, addedBy: people.member.id,
                addedAt: StorageTests.at))
        let submitted = try await source.insertAssessment(
            StorageTests.assessment(id, by: people.member.id), draftRevision: 1)
        _ = try await source.review(
            assessmentID: submitted.id, status: .accepted, note: nil, by: people.lead.id,
            at: StorageTests.at, plan: [], followUps: [])
        let other = try await StorageTests.people(source, "Riverbend")
        _ = try await source.insertAssessment(
            StorageTests.assessment(other.organisation.id, by: nil, score: 80), draftRevision: nil)
        try await source.createSession(
            Session(
                tokenHash: "s", userID: people.lead.id, csrfToken: "c", expiresAt: .distantFuture))

        let url = try TestPostgres.freshDatabase()
        defer { TestPostgres.drop(url) }
        let location = try PostgresLocation(url: url)
        let report = try await DatabaseCopy.copy(from: sqlite.location, to: location)
        #expect(report.assessmentsVerified == 2)
        let counts = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.table, $0.count) })
        #expect(counts["user"] == 4)
        #expect(counts["assessment"] == 2)
        #expect(counts["evidence"] == 1)
        #expect(report.rows.map(\.table) == PostgresSchema.tables)

        let reopened = try SQLiteStorage(path: sqlite.location)
        let target = try await PostgresStorage.open(location)
        #expect(try await target.organisations() == reopened.organisations())
        #expect(try await target.users() == reopened.users())
        #expect(
            try await target.assessments(organisationIDs: nil)
                == reopened.assessments(organisationIDs: nil))
        #expect(
            try await target.auditTrail(organisationID: nil)
                == reopened.auditTrail(organisationID: nil))
        #expect(try await target.evidenceFile(token: "tok")?.bytes == bytes)
        #expect(try await target.session(tokenHash: "s")?.userID == people.lead.id)
        // PostgreSQL numbers new rows after the copied ones.
        let next = try await target.ensureOrganisation(named: "Alder")
        #expect(next.id == other.organisation.id + 1)

        // A second copy into it is refused, and changes nothing.
        await #expect(throws: DatabaseCopy.Refusal.self) {
            _ = try await DatabaseCopy.copy(from: sqlite.location, to: location)
        }
        #expect(try await target.organisations().count == 3)
        await target.close()
        await sqlite.close()
    }

    @Test func aMissingFileIsRefusedBeforeAnythingIsMade() async throws {
        let url = try TestPostgres.freshDatabase()
        defer { TestPostgres.drop(url) }
        await #expect(
            throws: DatabaseCopy.Refusal(
                description: "there is no SQLite database at /nonexistent/x.sqlite")
        ) {
            _ = try await DatabaseCopy.copy(
                from: "/nonexistent/x.sqlite", to: try PostgresLocation(url: url))
        }
    }
}
