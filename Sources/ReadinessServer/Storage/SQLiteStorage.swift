import Foundation
import GRDB

/// The embedded store: one SQLite file, in WAL mode through a GRDB `DatabasePool` (many
/// readers, one writer), created and migrated when opened.
package typealias SQLiteStorage = SQLStorage<SQLiteBackend>

extension SQLStorage where Backend == SQLiteBackend {
    /// Opens (creating and migrating when needed) the database at `path`.
    package convenience init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
        self.init(backend: SQLiteBackend(pool: pool))
    }

    /// The schema, migration by migration: a database is brought from whatever it has to the
    /// latest, once, when opened. A migration once shipped is never changed.
    package static var migrator: DatabaseMigrator {
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
        migrator.registerMigration(
            "3: leads, sign-off, assessment cycles, rounds, comments, an append-only trail"
        ) { db in
            // The role's CHECK names the roles: SQLite cannot change a CHECK, so the table is
            // made again (foreign keys are checked after the migration, not during it).
            try db.execute(
                sql: """
                    CREATE TABLE user_new (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        email TEXT NOT NULL UNIQUE,
                        role TEXT NOT NULL CHECK (role IN ('admin', 'lead', 'member')),
                        organisation_id INTEGER REFERENCES organisation(id),
                        password_hash TEXT NOT NULL
                    );
                    INSERT INTO user_new SELECT * FROM user;
                    DROP TABLE user;
                    ALTER TABLE user_new RENAME TO user;
                    CREATE TABLE cycle (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        organisation_id INTEGER NOT NULL REFERENCES organisation(id),
                        opened_at REAL NOT NULL
                    );
                    ALTER TABLE draft ADD COLUMN cycle INTEGER REFERENCES cycle(id);
                    INSERT INTO cycle (organisation_id, opened_at)
                        SELECT organisation_id, updated_at FROM draft;
                    UPDATE draft SET cycle = (SELECT max(id) FROM cycle
                        WHERE cycle.organisation_id = draft.organisation_id);
                    ALTER TABLE assessment ADD COLUMN cycle INTEGER REFERENCES cycle(id);
                    ALTER TABLE assessment ADD COLUMN status TEXT NOT NULL DEFAULT 'submitted'
                        CHECK (status IN ('submitted', 'accepted', 'returned'));
                    ALTER TABLE assessment ADD COLUMN reviewed_by INTEGER REFERENCES user(id);
                    ALTER TABLE assessment ADD COLUMN reviewed_at REAL;
                    ALTER TABLE assessment ADD COLUMN review_note TEXT;
                    ALTER TABLE audit ADD COLUMN subject TEXT;
                    ALTER TABLE audit ADD COLUMN old_value TEXT;
                    ALTER TABLE audit ADD COLUMN new_value TEXT;
                    ALTER TABLE audit ADD COLUMN cycle INTEGER;
                    CREATE INDEX audit_by_cycle ON audit(cycle, id);
                    CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
                        BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;
                    CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
                        BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;
                    CREATE TABLE comment (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        organisation_id INTEGER NOT NULL REFERENCES organisation(id),
                        cycle INTEGER NOT NULL REFERENCES cycle(id),
                        subject TEXT NOT NULL,
                        author_id INTEGER REFERENCES user(id),
                        at REAL NOT NULL,
                        body TEXT NOT NULL
                    );
                    CREATE INDEX comment_by_cycle ON comment(cycle, id);
                    CREATE TABLE evidence (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        token TEXT NOT NULL UNIQUE,
                        organisation_id INTEGER NOT NULL REFERENCES organisation(id),
                        cycle INTEGER NOT NULL REFERENCES cycle(id),
                        subject TEXT NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('file', 'link')),
                        file_name TEXT,
                        content_type TEXT,
                        size INTEGER,
                        sha256 TEXT,
                        content BLOB,
                        url TEXT,
                        note TEXT,
                        added_by INTEGER REFERENCES user(id),
                        added_at REAL NOT NULL
                    );
                    CREATE INDEX evidence_by_cycle ON evidence(cycle, id);
                    CREATE TABLE plan_item (
                        assessment_id INTEGER NOT NULL REFERENCES assessment(id),
                        action_id TEXT NOT NULL,
                        organisation_id INTEGER NOT NULL REFERENCES organisation(id),
                        position INTEGER NOT NULL,
                        title TEXT NOT NULL,
                        phase TEXT NOT NULL,
                        closes TEXT NOT NULL,
                        owner_id INTEGER REFERENCES user(id),
                        due TEXT,
                        status TEXT NOT NULL DEFAULT 'planned'
                            CHECK (status IN ('planned', 'in_progress', 'done', 'verified')),
                        notes TEXT NOT NULL DEFAULT '',
                        verified_by INTEGER REFERENCES assessment(id),
                        still_failing_in INTEGER REFERENCES assessment(id),
                        PRIMARY KEY (assessment_id, action_id)
                    );
                    CREATE TABLE round (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        organisation_id INTEGER NOT NULL REFERENCES organisation(id),
                        cycle INTEGER NOT NULL REFERENCES cycle(id),
                        opened_by INTEGER REFERENCES user(id),
                        opened_at REAL NOT NULL,
                        settled_by INTEGER REFERENCES user(id),
                        settled_at REAL
                    );
                    CREATE TABLE round_respondent (
                        round_id INTEGER NOT NULL REFERENCES round(id),
                        position INTEGER NOT NULL,
                        user_id INTEGER NOT NULL REFERENCES user(id),
                        role TEXT NOT NULL,
                        answers_text TEXT NOT NULL,
                        submitted_at REAL,
                        PRIMARY KEY (round_id, user_id)
                    );
                    """)
        }
        migrator.registerMigration("4: funders, portfolios, contracts, waivers") { db in
            // The role's CHECK names the roles, so the user table is made again (as in 3).
            try db.execute(
                sql: """
                    CREATE TABLE funder (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        name TEXT NOT NULL UNIQUE
                    );
                    CREATE TABLE user_new (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        email TEXT NOT NULL UNIQUE,
                        role TEXT NOT NULL CHECK (role IN ('admin', 'lead', 'member', 'funder')),
                        organisation_id INTEGER REFERENCES organisation(id),
                        password_hash TEXT NOT NULL,
                        funder_id INTEGER REFERENCES funder(id),
                        CHECK ((role = 'funder') = (funder_id IS NOT NULL))
                    );
                    INSERT INTO user_new (id, email, role, organisation_id, password_hash)
                        SELECT id, email, role, organisation_id, password_hash FROM user;
                    DROP TABLE user;
                    ALTER TABLE user_new RENAME TO user;
                    CREATE TABLE membership (
                        funder_id INTEGER NOT NULL REFERENCES funder(id),
                        organisation_id INTEGER NOT NULL REFERENCES organisation(id),
                        status TEXT NOT NULL CHECK (status IN ('invited', 'joined')),
                        invited_at REAL NOT NULL,
                        joined_at REAL,
                        PRIMARY KEY (funder_id, organisation_id)
                    );
                    CREATE INDEX membership_by_organisation ON membership(organisation_id);
                    CREATE TABLE contract (
                        funder_id INTEGER PRIMARY KEY REFERENCES funder(id),
                        tailoring_text TEXT NOT NULL,
                        tailoring_name TEXT NOT NULL,
                        tailoring_sha256 TEXT NOT NULL,
                        cadence_days INTEGER NOT NULL CHECK (cadence_days > 0),
                        updated_at REAL NOT NULL,
                        updated_by INTEGER REFERENCES user(id)
                    );
                    CREATE TABLE waiver (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        funder_id INTEGER NOT NULL REFERENCES funder(id),
                        organisation_id INTEGER NOT NULL REFERENCES organisation(id),
                        rule TEXT NOT NULL,
                        justification TEXT NOT NULL,
                        approved_by TEXT,
                        granted TEXT,
                        expires TEXT NOT NULL,
                        status TEXT NOT NULL
                            CHECK (status IN ('requested', 'granted', 'declined', 'revoked')),
                        requested_by INTEGER REFERENCES user(id),
                        requested_at REAL NOT NULL,
                        decided_by INTEGER REFERENCES user(id),
                        decided_at REAL,
                        CHECK (status != 'granted' OR (granted IS NOT NULL AND expires > granted))
                    );
                    CREATE INDEX waiver_by_funder ON waiver(funder_id, organisation_id);
                    -- Covers a dashboard's question: the row holds the profile and the report,
                    -- whose pages SQLite would otherwise read to reach the columns after them.
                    CREATE INDEX assessment_summary
                        ON assessment(organisation_id, status, as_of, submitted_at);
                    """)
        }
        migrator.registerMigration("5: sign-in limits kept in the database") { db in
            try db.execute(
                sql: """
                    CREATE TABLE sign_in_failure (
                        key TEXT NOT NULL,
                        at REAL NOT NULL
                    );
                    CREATE INDEX sign_in_failure_by_key ON sign_in_failure(key, at);
                    """)
        }
        return migrator
    }
}
