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
    /// A member who also leads the organisation's self-assessment: opens rounds of several
    /// respondents and settles them, and signs submitted assessments off (accepts or returns
    /// them).
    case lead
    /// Sees and changes its own organisation's data only.
    case member
    /// Works for a funder: sees, read-only, the accepted assessments of the organisations in
    /// its funder's portfolio, and grants, renews and revokes their waivers.
    case funder

    /// Whether an account of this role belongs to one organisation.
    package var belongsToOrganisation: Bool { self == .member || self == .lead }
}

/// A funder (a state health department, a primary health network): its accounts see the
/// organisations that joined its portfolio.
package struct Funder: Sendable, Equatable {
    package var id: Int64
    package var name: String
}

/// An organisation's place in a funder's portfolio: invited by the funder, then joined when
/// the organisation's lead accepts. An organisation may report to several funders.
package struct Membership: Sendable, Equatable {
    package enum Status: String, Sendable {
        case invited
        case joined
    }

    package var funderID: Int64
    package var organisationID: Int64
    package var status: Status
    package var invitedAt: Date
    package var joinedAt: Date?
}

/// A funder's contract over its portfolio: the tailoring its organisations are assessed
/// under, and how often it expects an accepted assessment.
package struct Contract: Sendable, Equatable {
    package var funderID: Int64
    /// The tailoring as uploaded (checked as `readiness check` checks one), its file name and
    /// SHA-256.
    package var tailoringText: String
    package var tailoringName: String
    package var tailoringSHA256: String
    /// Days after which an organisation's last accepted assessment is overdue.
    package var cadenceDays: Int
    package var updatedAt: Date
    package var updatedBy: Int64?
}

/// A waiver in the web application: requested by an organisation or granted by its funder,
/// renewed (a later expiry) or revoked, every step in the audit trail.
package struct StoredWaiver: Sendable, Equatable {
    package enum Status: String, Sendable, CaseIterable {
        /// Asked for by the organisation; not yet decided.
        case requested
        /// In force from `granted` until `expires`.
        case granted
        /// Refused by the funder.
        case declined
        /// Withdrawn by the funder before it expired.
        case revoked
    }

    package var id: Int64
    package var funderID: Int64
    package var organisationID: Int64
    package var rule: String
    package var justification: String
    /// Who approved it, in words, and the days it holds (`YYYY-MM-DD`), once granted; a
    /// request carries the expiry it asks for.
    package var approvedBy: String?
    package var granted: String?
    package var expires: String
    package var status: Status
    package var requestedBy: Int64?
    package var requestedAt: Date
    package var decidedBy: Int64?
    package var decidedAt: Date?
}

/// A submitted assessment's figures without its texts: enough to pick each organisation's
/// latest accepted one for a dashboard.
package struct AssessmentSummary: Sendable, Equatable {
    package var id: Int64
    package var organisationID: Int64
    package var asOf: String
    package var status: AssessmentStatus
    package var submittedAt: Date
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
    /// The funder a funder's account works for.
    package var funderID: Int64? = nil
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
    /// The assessment cycle it belongs to: every change from the draft's first save to the
    /// assessment's sign-off carries it, so one assessment's trail can be read whole.
    package var cycle: Int64
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
    /// Where it is in sign-off.
    package var status: AssessmentStatus = .submitted
    /// The assessment cycle whose trail led to it.
    package var cycle: Int64?
    /// Who accepted or returned it, when, and the reason given for returning it.
    package var reviewedBy: Int64? = nil
    package var reviewedAt: Date? = nil
    package var reviewNote: String? = nil
}

/// Where a submitted assessment is in sign-off. A draft is submitted; the organisation's lead
/// accepts it (it is final) or returns it with a reason (its profile is the draft again).
package enum AssessmentStatus: String, Sendable, Codable, CaseIterable {
    case submitted
    case accepted
    case returned

    /// As a page shows it.
    package var words: String {
        switch self {
        case .submitted: "Awaiting sign-off"
        case .accepted: "Accepted"
        case .returned: "Returned"
        }
    }
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
    /// The cycle of the draft it came from (`nil`: a new one, as for the API's submissions).
    package var cycle: Int64? = nil
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

/// One line of the audit trail: who did what, to which organisation's data, when, and for a
/// change, the value before and after. Lines are only ever added: the store refuses to change
/// or delete one.
package struct AuditEntry: Sendable, Equatable {
    package var at: Date
    package var userID: Int64?
    package var organisationID: Int64?
    /// What was done (`answer.change`, `assessment.submit`, `assessment.accept`, …).
    package var action: String
    /// What it was done to, in words (`section staff, revision 4`).
    package var detail: String
    /// What changed (`staff.total`, `status`), the value before and the value after, as text
    /// (`nil`: there was none, or it was not a change of a value).
    package var subject: String? = nil
    package var oldValue: String? = nil
    package var newValue: String? = nil
    /// The assessment cycle it belongs to, when it belongs to one.
    package var cycle: Int64? = nil
    /// Its place in the trail (given by the store).
    package var id: Int64? = nil
}

/// A comment on a field or a rule of one assessment cycle, or on the cycle itself (a lead's
/// reason for returning it).
package struct Comment: Sendable, Equatable {
    package var id: Int64
    package var organisationID: Int64
    package var cycle: Int64
    /// `field:PATH`, `rule:ID`, or `assessment`.
    package var subject: String
    package var authorID: Int64?
    package var at: Date
    package var body: String
}

/// A round of the self-assessment: the lead invites members, each rates the statements on
/// their own, then the lead compares their ratings and settles the agreed ones into the draft.
package struct Round: Sendable, Equatable {
    package var id: Int64
    package var organisationID: Int64
    /// The assessment cycle (the draft) it is answered for.
    package var cycle: Int64
    package var openedBy: Int64?
    package var openedAt: Date
    /// Who settled it and when; `nil` while it is open.
    package var settledBy: Int64?
    package var settledAt: Date?
    /// Who was invited, in the order invited.
    package var respondents: [RoundRespondent]

    /// Whether respondents may still answer.
    package var isOpen: Bool { settledAt == nil }

    /// The respondent entry of an account, if it was invited.
    package func respondent(_ userID: Int64) -> RoundRespondent? {
        respondents.first { $0.userID == userID }
    }
}

/// One invited respondent of a round and their own ratings.
package struct RoundRespondent: Sendable, Equatable {
    package var userID: Int64
    /// Their role among the rule set's `raters.roles`.
    package var role: String
    /// Their ratings as YAML laid out as the schema lays out its ratings (empty before any).
    package var answersText: String
    /// When they submitted their answers (after which they no longer change them).
    package var submittedAt: Date?
}

/// A document or a link backing an answer or a rule of one assessment cycle. A file's bytes
/// are kept in the database (read only through ``Storage/evidenceFile(token:)``); its address
/// carries a random token, and is served only to those who may see the organisation.
package struct Evidence: Sendable, Equatable {
    package enum Kind: String, Sendable {
        case file
        case link
    }

    package var id: Int64
    /// The random part of its address (`/evidence/TOKEN`): 256 bits, URL-safe base64.
    package var token: String
    package var organisationID: Int64
    package var cycle: Int64
    /// `field:PATH` or `rule:ID`.
    package var subject: String
    package var kind: Kind
    /// For a file: its name as uploaded, its type, its size in bytes, its SHA-256.
    package var fileName: String?
    package var contentType: String?
    package var size: Int?
    package var sha256: String?
    /// For a link: where it points.
    package var url: String?
    /// What it shows, in the words of whoever added it.
    package var note: String?
    package var addedBy: Int64?
    package var addedAt: Date
}

/// Evidence to store (its identifier is given by the store).
package struct NewEvidence: Sendable {
    package var token: String
    package var organisationID: Int64
    package var cycle: Int64
    package var subject: String
    package var kind: Evidence.Kind
    package var fileName: String?
    package var contentType: String?
    package var sha256: String?
    package var bytes: [UInt8]?
    package var url: String?
    package var note: String?
    package var addedBy: Int64
    package var addedAt: Date
}

/// Where an assessment cycle is: a draft (or returned and drafted again), submitted and
/// awaiting sign-off, or accepted (final: nothing more is added to it).
package enum CycleState: Sendable, Equatable {
    case draft
    case submitted(assessmentID: Int64)
    case accepted(assessmentID: Int64)
    /// No such cycle for the organisation.
    case unknown
}

/// One action of an accepted assessment's plan, tracked to done: who owns it, when it is due,
/// where it is, and what the next assessment found.
package struct PlanItem: Sendable, Equatable {
    /// Where an action is. `verified` is given by a later accepted assessment in which the
    /// rules it closes pass (or by the lead).
    package enum Status: String, Sendable, CaseIterable {
        case planned
        case inProgress = "in_progress"
        case done
        case verified

        /// As pages and the CSV write it.
        package var words: String {
            switch self {
            case .planned: "planned"
            case .inProgress: "in progress"
            case .done: "done"
            case .verified: "verified"
            }
        }

        /// A status from its words or its name ("in progress", "In_Progress").
        package init?(words: String) {
            let key = words.trimmingWhitespace().lowercased().replacingOccurrences(
                of: " ", with: "_")
            self.init(rawValue: key)
        }
    }

    package var assessmentID: Int64
    package var actionID: String
    package var organisationID: Int64
    /// Its place in the plan.
    package var position: Int
    package var title: String
    package var phase: String
    /// The rules it closes.
    package var closes: [String]
    package var ownerID: Int64?
    /// `YYYY-MM-DD`.
    package var due: String?
    package var status: Status = .planned
    package var notes: String = ""
    /// The later assessment whose rules passed and so verified it.
    package var verifiedBy: Int64? = nil
    /// A later assessment in which its rules still fail although it was marked done.
    package var stillFailingIn: Int64? = nil

    /// Whether it is past its due date (`today`, `YYYY-MM-DD`) and not done.
    package func isOverdue(today: String) -> Bool {
        guard let due, status == .planned || status == .inProgress else { return false }
        return due < today
    }
}

/// What a later accepted assessment found of an earlier plan's action.
package struct PlanFollowUp: Sendable, Equatable {
    package var assessmentID: Int64
    package var actionID: String
    /// `true`: its rules pass now (it is verified); `false`: marked done, its rules still fail.
    package var passes: Bool
}
