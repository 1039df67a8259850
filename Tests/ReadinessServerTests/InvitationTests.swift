import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ReadinessServer

/// Admins invite from the web: a link shown once, good for one account; members cannot see
/// the accounts page at all.
struct InvitationTests {
    @Test func inviteAcceptAndSignIn() async throws {
        let server = try await TestServer()
        try await server.application().test(.router) { client in
            let member = Browser()
            try await member.signIn(client, "a@harbour.org")
            #expect(try await member.get(client, "/admin").status == .notFound)
            let admin = Browser()
            try await admin.signIn(client, "admin@example.org")
            _ = try await admin.get(client, "/admin")
            let noOrganisation = try await admin.post(
                client, "/admin/invitations", [("email", "new@eastside.org"), ("role", "member")])
            #expect(noOrganisation.status == .unprocessableContent)
            let made = try await admin.post(
                client, "/admin/invitations",
                [
                    ("email", "new@eastside.org"), ("role", "member"),
                    ("organisation", "Eastside Recovery"),
                ])
            #expect(made.status == .ok)
            let link = try #require(
                made.text.range(of: "/invitations/").map { range in
                    "/invitations/" + made.text[range.upperBound...].prefix { $0 != "<" }
                })
            let invited = Browser()
            _ = try await invited.get(client, link)
            let weak = try await invited.post(client, link, [("password", "short")])
            #expect(weak.status == .unprocessableContent)
            let accepted = try await invited.post(client, link, [("password", TestServer.password)])
            #expect(accepted.status == .seeOther)
            // Used once.
            _ = try await invited.get(client, link)
            let again = try await invited.post(client, link, [("password", TestServer.password)])
            #expect(again.status == .notFound)
            try await invited.signIn(client, "new@eastside.org")
            let eastside = try #require(
                try await server.storage.organisation(named: "Eastside Recovery"))
            #expect(try await invited.get(client, "/organisations/\(eastside.id)").status == .ok)
            let trail = try await server.storage.auditTrail(organisationID: eastside.id)
            #expect(trail.map(\.action).contains("user.invite"))
        }
    }
}
