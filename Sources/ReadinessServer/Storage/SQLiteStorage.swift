import Foundation
import GRDB

/// The embedded store: one SQLite file, in WAL mode through a GRDB `DatabasePool` (many
/// readers, one writer), created and migrated when opened.
package final class SQLiteStorage: Storage {
    private let pool: DatabasePool

    /// Opens (creating and migrating when needed) the database at `path`.
    package init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    /// The schema, migration by migration: a database is brought from whatever it has to the
    /// latest, once, when opened. A migration once shipped is never changed.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1: accounts, drafts, assessments, audit") { db in
            try db.execute(
                sql: """
                    CREATE TABLE organisation (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        name TEXT NOT NULL UNIQUE
                    );
                    CREATE TABLE user (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        email TEXT NOT NULL UNIQUE,
                        role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
                        organisation_id INTEGER REFERENCES organisation(id),
                        password_hash TEXT NOT NULL
                    );
                    CREATE TABLE session (
                        token_hash TEXT PRIMARY KEY,
                        user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                        csrf_token TEXT NOT NULL,
                        expires_at REAL NOT NULL
                    );
                    CREATE TABLE api_token (
                        token_hash TEXT PRIMARY KEY,
                        user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                        created_at REAL NOT NULL
                    );
                    CREATE TABLE invitation (
                        token_hash TEXT PRIMARY KEY,
                        email TEXT NOT NULL,
                        role TEXT NOT NULL,
                        organisation_id INTEGER REFERENCES organisation(id),
                        expires_at REAL NOT NULL
                    );
                    CREATE TABLE draft (
                        organisation_id INTEGER PRIMARY KEY REFERENCES organisation(id),
                        profile_text TEXT NOT NULL,
                        revision INTEGER NOT NULL,
                        updated_at REAL NOT NULL,
                        updated_by INTEGER REFERENCES user(id)
                    );
                    CREATE TABLE assessment (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        organisation_id INTEGER NOT NULL REFERENCES organisation(id),
                        profile_text TEXT NOT NULL,
                        report_json TEXT NOT NULL,
                        ruleset_id TEXT NOT NULL,
                        ruleset_version TEXT NOT NULL,
                        ruleset_sha256 TEXT NOT NULL,
                        tailoring TEXT,
                        as_of TEXT NOT NULL,
                        score REAL NOT NULL,
                        band TEXT NOT NULL,
                        compliant INTEGER NOT NULL,
                        submitted_by INTEGER REFERENCES user(id),
                        submitted_at REAL NOT NULL
                    );
                    CREATE INDEX assessment_by_organisation ON assessment(organisation_id, id);
                    CREATE TABLE audit (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at REAL NOT NULL,
                        user_id INTEGER,
                        organisation_id INTEGER,
                        action TEXT NOT NULL,
                        detail TEXT NOT NULL
                    );
                    CREATE INDEX audit_by_organisation ON audit(organisation_id, id);
                    """)
        }
        migrator.registerMigration("2: an assessment may have no verdict of compliance") { db in
            // SQLite cannot drop NOT NULL from a column: the table is made again without it.
            try db.execute(
                sql: """
                    CREATE TABLE assessment_new (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        organisation_id INTEGER NOT NULL REFERENCES organisation(id),
                        profile_text TEXT NOT NULL,
                        report_json TEXT NOT NULL,
                        ruleset_id TEXT NOT NULL,
                        ruleset_version TEXT NOT NULL,
                        ruleset_sha256 TEXT NOT NULL,
                        tailoring TEXT,
                        as_of TEXT NOT NULL,
                        score REAL NOT NULL,
                        band TEXT NOT NULL,
                        compliant INTEGER,
                        submitted_by INTEGER REFERENCES user(id),
                        submitted_at REAL NOT NULL
                    );
                    INSERT INTO assessment_new SELECT * FROM assessment;
                    DROP TABLE assessment;
                    ALTER TABLE assessment_new RENAME TO assessment;
                    CREATE INDEX assessment_by_organisation ON assessment(organisation_id, id);
                    """)
        }
        return migrator
    }

    // MARK: Organisations and accounts

    package func organisation(id: Int64) async throws -> Organisation? {
        try await pool.read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM organisation WHERE id = ?"), arguments: [id]
            ).map(Self.organisation)
        }
    }

    package func organisation(named name: String) async throws -> Organisation? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM organisation WHERE name = ?", arguments: [name]
            ).map(Self.organisation)
        }
    }

    package func organisations() async throws -> [Organisation] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM organisation ORDER BY name").map(
                Self.organisation)
        }
    }

    package func ensureOrganisation(named name: String) async throws -> Organisation {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO organisation (name) VALUES (?) ON CONFLICT(name) DO NOTHING",
                arguments: [name])
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM organisation WHERE name = ?", arguments: [name])
            else { throw StorageError.duplicate(name) }
            return Self.organisation(row)
        }
    }

    package func user(id: Int64) async throws -> User? {
        try await pool.read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM user WHERE id = ?"), arguments: [id]
            ).flatMap(Self.user)
        }
    }

    package func user(email: String) async throws -> User? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM user WHERE email = ?", arguments: [email.lowercased()]
            ).flatMap(Self.user)
        }
    }

    package func users() async throws -> [User] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM user ORDER BY email").compactMap(Self.user)
        }
    }

    package func createUser(
        email: String, passwordHash: String, role: Role, organisationID: Int64?
    ) async throws -> User {
        let email = email.lowercased()
        return try await pool.write { db in
            if try Row.fetchOne(db, sql: "SELECT 1 FROM user WHERE email = ?", arguments: [email])
                != nil
            {
                throw StorageError.duplicate(email)
            }
            try db.execute(
                sql:
                    "INSERT INTO user (email, role, organisation_id, password_hash) VALUES (?, ?, ?, ?)",
                arguments: [email, role.rawValue, organisationID, passwordHash])
            return User(
                id: db.lastInsertedRowID, email: email, role: role,
                organisationID: organisationID, passwordHash: passwordHash)
        }
    }

    // MARK: Sessions, tokens, invitations

    package func createSession(_ session: Session) async throws {
        try await pool.write { db in
            try db.execute(
                sql:
                    "INSERT INTO session (token_hash, user_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)",
                arguments: [
                    session.tokenHash, session.userID, session.csrfToken,
                    session.expiresAt.timeIntervalSince1970,
                ])
        }
    }

    package func session(tokenHash: String) async throws -> Session? {
        try await pool.read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM session WHERE token_hash = ?"),
                arguments: [tokenHash]
            ).map { row in
                Session(
                    tokenHash: row["token_hash"], userID: row["user_id"],
                    csrfToken: row["csrf_token"],
                    expiresAt: Date(timeIntervalSince1970: row["expires_at"]))
            }
        }
    }

    package func deleteSession(tokenHash: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM session WHERE token_hash = ?", arguments: [tokenHash])
        }
    }

    package func deleteExpiredSessions(now: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(
                sql: "DELETE FROM session WHERE expires_at < ?",
                arguments: [now.timeIntervalSince1970])
            return db.changesCount
        }
    }

    package func setPasswordHash(userID: Int64, passwordHash: String, keeping: String?)
        async throws
    {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE user SET password_hash = ? WHERE id = ?",
                arguments: [passwordHash, userID])
            try db.execute(
                sql: "DELETE FROM session WHERE user_id = ? AND token_hash IS NOT ?",
                arguments: [userID, keeping])
        }
    }

    package func createToken(userID: Int64, tokenHash: String, createdAt: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO api_token (token_hash, user_id, created_at) VALUES (?, ?, ?)",
                arguments: [tokenHash, userID, createdAt.timeIntervalSince1970])
        }
    }

    package func user(tokenHash: String) async throws -> User? {
        try await pool.read { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql:
                        "SELECT user.* FROM api_token JOIN user ON user.id = api_token.user_id WHERE token_hash = ?"
                ),
                arguments: [tokenHash]
            ).flatMap(Self.user)
        }
    }

    package func createInvitation(_ invitation: Invitation) async throws {
        try await pool.write { db in
            try db.execute(
                sql:
                    "INSERT INTO invitation (token_hash, email, role, organisation_id, expires_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    invitation.tokenHash, invitation.email.lowercased(), invitation.role.rawValue,
                    invitation.organisationID, invitation.expiresAt.timeIntervalSince1970,
                ])
        }
    }

    package func redeemInvitation(tokenHash: String) async throws -> Invitation? {
        try await pool.write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM invitation WHERE token_hash = ?",
                    arguments: [tokenHash]),
                let role = Role(rawValue: row["role"])
            else { return nil }
            try db.execute(
                sql: "DELETE FROM invitation WHERE token_hash = ?", arguments: [tokenHash])
            return Invitation(
                tokenHash: tokenHash, email: row["email"], role: role,
                organisationID: row["organisation_id"],
                expiresAt: Date(timeIntervalSince1970: row["expires_at"]))
        }
    }

    // MARK: Drafts

    package func draft(organisationID: Int64) async throws -> Draft? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM draft WHERE organisation_id = ?",
                arguments: [organisationID]
            ).map(Self.draft)
        }
    }

    package func saveDraft(
        organisationID: Int64, profileText: String, revision: Int, by userID: Int64?, at: Date
    ) async throws -> Draft {
        try await pool.write { db in
            let current =
                try Int.fetchOne(
                    db, sql: "SELECT revision FROM draft WHERE organisation_id = ?",
                    arguments: [organisationID]) ?? 0
            guard current == revision else { throw StorageError.staleRevision(current: current) }
            try db.execute(
                sql: """
                    INSERT INTO draft (organisation_id, profile_text, revision, updated_at, updated_by)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(organisation_id) DO UPDATE SET profile_text = excluded.profile_text,
                        revision = excluded.revision, updated_at = excluded.updated_at,
                        updated_by = excluded.updated_by
                    """,
                arguments: [
                    organisationID, profileText, revision + 1, at.timeIntervalSince1970, userID,
                ])
            return Draft(
                organisationID: organisationID, profileText: profileText, revision: revision + 1,
                updatedAt: at, updatedBy: userID)
        }
    }

    package func deleteDraft(organisationID: Int64) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "DELETE FROM draft WHERE organisation_id = ?", arguments: [organisationID])
        }
    }

    // MARK: Assessments

    package func insertAssessment(_ new: NewAssessment) async throws -> StoredAssessment {
        // Statements prepared once a connection: the busiest write there is (the API's
        // submissions), and preparing them again each time was most of GRDB's own share.
        try await pool.write { db in
            try db.cachedStatement(
                sql: """
                    INSERT INTO assessment (organisation_id, profile_text, report_json, ruleset_id,
                        ruleset_version, ruleset_sha256, tailoring, as_of, score, band, compliant,
                        submitted_by, submitted_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(
                arguments: [
                    new.organisationID, new.profileText, new.reportJSON, new.ruleSetID,
                    new.ruleSetVersion, new.ruleSetSHA256, new.tailoring, new.asOf, new.score,
                    new.band, new.compliant, new.submittedBy,
                    new.submittedAt.timeIntervalSince1970,
                ])
            let id = db.lastInsertedRowID
            try db.cachedStatement(
                sql:
                    "INSERT INTO audit (at, user_id, organisation_id, action, detail) VALUES (?, ?, ?, ?, ?)"
            ).execute(
                arguments: [
                    new.submittedAt.timeIntervalSince1970, new.submittedBy, new.organisationID,
                    "assessment.submit", "assessment \(id)",
                ])
            return StoredAssessment(
                id: id, organisationID: new.organisationID,
                profileText: new.profileText, reportJSON: new.reportJSON,
                ruleSetID: new.ruleSetID, ruleSetVersion: new.ruleSetVersion,
                ruleSetSHA256: new.ruleSetSHA256, tailoring: new.tailoring, asOf: new.asOf,
                score: new.score, band: new.band, compliant: new.compliant,
                submittedBy: new.submittedBy, submittedAt: new.submittedAt)
        }
    }

    package func assessment(id: Int64) async throws -> StoredAssessment? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM assessment WHERE id = ?", arguments: [id])
                .map(Self.assessment)
        }
    }

    package func assessments(organisationIDs: Set<Int64>?) async throws -> [StoredAssessment] {
        try await pool.read { db in
            let rows: [Row]
            if let organisationIDs {
                guard !organisationIDs.isEmpty else { return [] }
                let marks = Array(repeating: "?", count: organisationIDs.count).joined(
                    separator: ",")
                rows = try Row.fetchAll(
                    db,
                    sql:
                        "SELECT * FROM assessment WHERE organisation_id IN (\(marks)) ORDER BY id DESC",
                    arguments: StatementArguments(organisationIDs.sorted()))
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM assessment ORDER BY id DESC")
            }
            return rows.map(Self.assessment)
        }
    }

    // MARK: Audit

    package func audit(_ entry: AuditEntry) async throws {
        try await pool.write { db in
            try db.execute(
                sql:
                    "INSERT INTO audit (at, user_id, organisation_id, action, detail) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    entry.at.timeIntervalSince1970, entry.userID, entry.organisationID,
                    entry.action, entry.detail,
                ])
        }
    }

    package func auditTrail(organisationID: Int64?) async throws -> [AuditEntry] {
        try await pool.read { db in
            let rows =
                if let organisationID {
                    try Row.fetchAll(
                        db, sql: "SELECT * FROM audit WHERE organisation_id = ? ORDER BY id",
                        arguments: [organisationID])
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id")
                }
            return rows.map { row in
                AuditEntry(
                    at: Date(timeIntervalSince1970: row["at"]), userID: row["user_id"],
                    organisationID: row["organisation_id"], action: row["action"],
                    detail: row["detail"])
            }
        }
    }

    // MARK: Rows

    private static func organisation(_ row: Row) -> Organisation {
        Organisation(id: row["id"], name: row["name"])
    }

    private static func user(_ row: Row) -> User? {
        guard let role = Role(rawValue: row["role"]) else { return nil }
        return User(
            id: row["id"], email: row["email"], role: role,
            organisationID: row["organisation_id"], passwordHash: row["password_hash"])
    }

    private static func draft(_ row: Row) -> Draft {
        Draft(
            organisationID: row["organisation_id"], profileText: row["profile_text"],
            revision: row["revision"], updatedAt: Date(timeIntervalSince1970: row["updated_at"]),
            updatedBy: row["updated_by"])
    }

    private static func assessment(_ row: Row) -> StoredAssessment {
        StoredAssessment(
            id: row["id"], organisationID: row["organisation_id"],
            profileText: row["profile_text"], reportJSON: row["report_json"],
            ruleSetID: row["ruleset_id"], ruleSetVersion: row["ruleset_version"],
            ruleSetSHA256: row["ruleset_sha256"], tailoring: row["tailoring"],
            asOf: row["as_of"], score: row["score"], band: row["band"],
            compliant: row["compliant"], submittedBy: row["submitted_by"],
            submittedAt: Date(timeIntervalSince1970: row["submitted_at"]))
    }
}
