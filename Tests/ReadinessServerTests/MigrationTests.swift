import Foundation
import GRDB
import ReadinessTestSupport
import Testing

@testable import ReadinessServer

/// Databases made by earlier versions are brought up to date when opened, their data kept.
struct MigrationTests {
    /// A database at migration 1 (compliance always given) keeps its assessments through
    /// migration 2, after which an assessment may have no verdict.
    @Test func assessmentsKeepTheirVerdictAndMayHaveNone() async throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("readiness-migration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("db.sqlite").path
        do {
            let pool = try DatabasePool(path: path)
            try SQLiteStorage.migrator.migrate(
                pool, upTo: "1: accounts, drafts, assessments, audit")
            try await pool.write { db in
                try db.execute(sql: "INSERT INTO organisation (name) VALUES ('Harbour')")
                try db.execute(
                    sql: """
                        INSERT INTO assessment (organisation_id, profile_text, report_json,
                          ruleset_id, ruleset_version, ruleset_sha256, as_of, score, band,
                          compliant, submitted_at)
                        VALUES (1, 'p', '{}', 'r', '1.0.0', 'x', '2026-06-30', 61.5, 'Established', 1, 0)
                        """)
            }
        }
        let storage = try SQLiteStorage(path: path)
        let kept = try #require(try await storage.assessment(id: 1))
        #expect(kept.compliant == true)
        #expect(kept.score == 61.5)
        let unjudged = try await storage.insertAssessment(
            NewAssessment(
                organisationID: 1, profileText: "p", reportJSON: "{}", ruleSetID: "t",
                ruleSetVersion: "1.0.0", ruleSetSHA256: "x", tailoring: nil, asOf: "2026-11-30",
                score: 40, band: "Developing", compliant: nil, submittedBy: nil,
                submittedAt: Date()), draftRevision: nil)
        #expect(try await storage.assessment(id: unjudged.id)?.compliant == nil)
        #expect(try await storage.assessments(organisationIDs: [1]).count == 2)
    }

    /// A database at migration 2 keeps its accounts (their sessions too), its draft (now in a
    /// cycle of its own) and its assessments (awaiting sign-off) through migration 3, after
    /// which a lead can be added and the audit trail refuses to be changed or emptied.
    @Test func accountsDraftsAndAssessmentsSurviveMigrationThree() async throws {
        let folder = try TemporaryFolder("migration")
        let path = folder.appendingPathComponent("db.sqlite").path
        do {
            let pool = try DatabasePool(path: path)
            try SQLiteStorage.migrator.migrate(
                pool, upTo: "2: an assessment may have no verdict of compliance")
            try await pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO organisation (name) VALUES ('Harbour');
                        INSERT INTO user (email, role, organisation_id, password_hash)
                          VALUES ('a@harbour.org', 'member', 1, 'h');
                        INSERT INTO session (token_hash, user_id, csrf_token, expires_at)
                          VALUES ('s', 1, 'c', 99999999999);
                        INSERT INTO draft (organisation_id, profile_text, revision, updated_at,
                          updated_by) VALUES (1, 'staff: {}', 3, 0, 1);
                        INSERT INTO assessment (organisation_id, profile_text, report_json,
                          ruleset_id, ruleset_version, ruleset_sha256, as_of, score, band,
                          compliant, submitted_by, submitted_at)
                        VALUES (1, 'p', '{}', 'r', '1.0.0', 'x', '2026-06-30', 61.5,
                          'Established', 1, 1, 0);
                        INSERT INTO audit (at, user_id, organisation_id, action, detail)
                          VALUES (0, 1, 1, 'draft.save', 'section staff, revision 3');
                        """)
            }
        }
        let storage = try SQLiteStorage(path: path)
        #expect(try await storage.user(email: "a@harbour.org")?.role == .member)
        #expect(try await storage.session(tokenHash: "s")?.userID == 1)
        let draft = try #require(try await storage.draft(organisationID: 1))
        #expect(draft.revision == 3)
        #expect(draft.cycle > 0)
        let kept = try #require(try await storage.assessment(id: 1))
        #expect(kept.status == .submitted)
        let lead = try await storage.createUser(
            email: "lead@harbour.org", passwordHash: "h", role: .lead, organisationID: 1,
            funderID: nil)
        #expect(try await storage.user(id: lead.id)?.role == .lead)
        let pool = try DatabasePool(path: path)
        await #expect(throws: (any Error).self) {
            try await pool.write { db in try db.execute(sql: "UPDATE audit SET detail = 'x'") }
        }
        await #expect(throws: (any Error).self) {
            try await pool.write { db in try db.execute(sql: "DELETE FROM audit") }
        }
        #expect(try await storage.auditTrail(organisationID: 1).count == 1)
    }

    /// A database at migration 3 keeps its accounts (a lead among them) and their sessions
    /// through migration 4, after which a funder's account can be added, and only with its
    /// funder.
    @Test func accountsSurviveMigrationFourAndAFundersAccountNeedsItsFunder() async throws {
        let folder = try TemporaryFolder("migration")
        let path = folder.appendingPathComponent("db.sqlite").path
        do {
            let pool = try DatabasePool(path: path)
            try SQLiteStorage.migrator.migrate(
                pool,
                upTo:
                    "3: leads, sign-off, assessment cycles, rounds, comments, an append-only trail")
            try await pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO organisation (name) VALUES ('Harbour');
                        INSERT INTO user (email, role, organisation_id, password_hash)
                          VALUES ('lead@harbour.org', 'lead', 1, 'h');
                        INSERT INTO session (token_hash, user_id, csrf_token, expires_at)
                          VALUES ('s', 1, 'c', 99999999999);
                        """)
            }
        }
        let storage = try SQLiteStorage(path: path)
        #expect(try await storage.user(email: "lead@harbour.org")?.role == .lead)
        #expect(try await storage.session(tokenHash: "s")?.userID == 1)
        let north = try await storage.ensureFunder(named: "North region PHN")
        let funder = try await storage.createUser(
            email: "f@north.org", passwordHash: "h", role: .funder, organisationID: nil,
            funderID: north.id)
        #expect(try await storage.user(id: funder.id)?.funderID == north.id)
        await #expect(throws: (any Error).self) {
            _ = try await storage.createUser(
                email: "g@north.org", passwordHash: "h", role: .funder, organisationID: nil,
                funderID: nil)
        }
    }
}
