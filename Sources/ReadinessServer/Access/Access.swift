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
    /// The organisations an identity may see: all (`nil`) for an admin, its own for a member.
    /// (A funder's set of organisations slots in here.)
    package static func organisations(visibleTo identity: Identity?) -> Set<Int64>? {
        guard let identity else { return [] }
        switch identity.user.role {
        case .admin: return nil
        case .member, .lead: return identity.user.organisationID.map { [$0] } ?? []
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
