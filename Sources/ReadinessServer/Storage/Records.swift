import Foundation

/// An organisation: the unit whose data a member sees and changes.
package struct Organisation: Sendable, Equatable, Codable {
    /// Its identifier in the store.
    package var id: Int64
    /// Its name, as assessments give it.
    package var name: String
}

/// What an account may do.
package enum Role: String, Sendable, Codable, CaseIterable {
    /// Sees and changes everything, invites users.
    case admin
    /// Sees and changes its own organisation's data only.
    case member
}

/// An account.
package struct User: Sendable, Equatable {
    /// Its identifier in the store.
    package var id: Int64
    /// The sign-in name, lower-cased.
    package var email: String
    /// What it may do.
    package var role: Role
    /// The organisation a member belongs to (an admin may have none).
    package var organisationID: Int64?
    /// The bcrypt hash of the password.
    package var passwordHash: String
}

/// A signed-in browser: the cookie holds a random token, the store its SHA-256 only.
package struct Session: Sendable, Equatable {
    /// The SHA-256 of the cookie's token, in hex.
    package var tokenHash: String
    /// Who signed in.
    package var userID: Int64
    /// The token every form of this session carries (no POST is taken without it).
    package var csrfToken: String
    /// When it stops being valid.
    package var expiresAt: Date
}

/// An organisation's self-assessment in progress: the profile as YAML, saved section by
/// section. Every save raises the revision; a save made from an older revision is refused.
package struct Draft: Sendable, Equatable {
    /// The organisation it belongs to (one draft each).
    package var organisationID: Int64
    /// The profile so far, as YAML.
    package var profileText: String
    /// Raised by one at every save.
    package var revision: Int
    /// When it was last saved.
    package var updatedAt: Date
    /// Who saved it last.
    package var updatedBy: Int64?
}

/// A submitted assessment: frozen, never changed.
package struct StoredAssessment: Sendable, Equatable {
    /// Its identifier.
    package var id: Int64
    /// The organisation assessed.
    package var organisationID: Int64
    /// The profile exactly as assessed.
    package var profileText: String
    /// The report, as `readiness assess --format json` writes it.
    package var reportJSON: String
    /// The rule set's id, version and SHA-256 (of its files, together).
    package var ruleSetID: String
    package var ruleSetVersion: String
    package var ruleSetSHA256: String
    /// The tailoring's id, when one applied.
    package var tailoring: String?
    /// The assessment date.
    package var asOf: String
    /// The overall score (0 to 100), its band, and whether it complies.
    package var score: Double
    package var band: String
    /// `nil` under a rule set with no verdict of compliance.
    package var compliant: Bool?
    /// Who submitted it, and when.
    package var submittedBy: Int64?
    package var submittedAt: Date
}

/// An assessment to store (its identifier is given by the store).
package struct NewAssessment: Sendable {
    package var organisationID: Int64
    package var profileText: String
    package var reportJSON: String
    package var ruleSetID: String
    package var ruleSetVersion: String
    package var ruleSetSHA256: String
    package var tailoring: String?
    package var asOf: String
    package var score: Double
    package var band: String
    package var compliant: Bool?
    package var submittedBy: Int64?
    package var submittedAt: Date
}

/// An invitation to make an account, redeemed once through its link.
package struct Invitation: Sendable, Equatable {
    /// The SHA-256 of the link's token, in hex.
    package var tokenHash: String
    package var email: String
    package var role: Role
    package var organisationID: Int64?
    package var expiresAt: Date
}

/// One line of the audit trail: who did what, to which organisation's data, when.
package struct AuditEntry: Sendable, Equatable {
    package var at: Date
    package var userID: Int64?
    package var organisationID: Int64?
    /// What was done (`draft.save`, `assessment.submit`, `user.invite`, …).
    package var action: String
    /// What it was done to, in words (`section staff, revision 4`).
    package var detail: String
}
