import Foundation
import GRDB
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
                submittedAt: Date()))
        #expect(try await storage.assessment(id: unjudged.id)?.compliant == nil)
        #expect(try await storage.assessments(organisationIDs: [1]).count == 2)
    }
}
