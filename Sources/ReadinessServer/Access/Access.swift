/// Who is asking: a signed-in account, through a browser session or an API token.
package struct Identity: Sendable, Equatable {
    /// The account.
    package var user: User

    package init(user: User) {
        self.user = user
    }
}

/// The one place that decides whose data a caller may see and change (DESIGN §7): every
/// route, page and API call asks here. What a caller may not see is answered as if it did not
/// exist (a 404), so a member cannot learn another organisation's assessments exist.
package enum Access {
    /// The organisations whose working data (drafts, rounds, comments, evidence, plans) an
    /// identity may see: all (`nil`) for an admin, its own for a member. A funder's account
    /// sees none of it: it reads accepted assessments through ``funderSees(_:organisation:portfolio:)``.
    package static func organisations(visibleTo identity: Identity?) -> Set<Int64>? {
        guard let identity else { return [] }
        switch identity.user.role {
        case .admin: return nil
        case .member, .lead: return identity.user.organisationID.map { [$0] } ?? []
        case .funder: return []
        }
    }

    /// The funder a funder's account works for; `nil` for any other account.
    package static func funder(of identity: Identity?) -> Int64? {
        identity?.user.role == .funder ? identity?.user.funderID : nil
    }

    /// Whether a funder's account may read an organisation's accepted assessments and decide
    /// its waivers: the organisation has joined its funder's portfolio (`portfolio`, the
    /// funder's memberships as stored). An invitation not yet accepted shows nothing.
    package static func funderSees(
        _ identity: Identity?, organisation: Int64, portfolio: [Membership]
    ) -> Bool {
        guard let funder = funder(of: identity) else { return false }
        return portfolio.contains {
            $0.funderID == funder && $0.organisationID == organisation && $0.status == .joined
        }
    }

    /// Whether an identity may see and change an organisation's data.
    package static func allows(_ identity: Identity?, organisation: Int64) -> Bool {
        guard let visible = organisations(visibleTo: identity) else { return identity != nil }
        return visible.contains(organisation)
    }

    /// Whether an identity leads an organisation's self-assessment: opens and settles rounds,
    /// accepts or returns submitted assessments. Its own organisation's lead only: an admin
    /// runs the site, not the organisation's sign-off.
    package static func leads(_ identity: Identity?, organisation: Int64) -> Bool {
        identity?.user.role == .lead && identity?.user.organisationID == organisation
    }

    /// Whether an identity may manage accounts (invite users).
    package static func administers(_ identity: Identity?) -> Bool {
        identity?.user.role == .admin
    }
}
