import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import ReadinessServer

/// The account page and changing one's password: the current password checked and its
/// attempts limited, the new one usable and typed twice, every other session ended, and each
/// problem said beside its field.
struct AccountTests {
    static let newPassword = "a brand new passphrase"

    @Test func changingThePasswordEndsOtherSessions() async throws {
        let server = try await TestServer()
        try await server.application().test(.router) { client in
            let here = Browser()
            let elsewhere = Browser()
            try await here.signIn(client, "a@harbour.org")
            try await elsewhere.signIn(client, "a@harbour.org")
            let page = try await here.get(client, "/account")
            #expect(page.status == .ok)
            #expect(page.text.contains("Harbour AOD Services"))
            #expect(page.text.contains(#"href="/account""#))
            let changed = try await here.post(
                client, "/account/password",
                [
                    ("current", TestServer.password), ("new", Self.newPassword),
                    ("repeat", Self.newPassword),
                ])
            #expect(changed.status == .seeOther)
            #expect(changed.headers[.location] == "/account?done=password")
            let after = try await here.get(client, "/account?done=password")
            #expect(after.status == .ok)
            #expect(after.text.contains("Your password was changed"))
            // The other browser's session has ended; this one goes on.
            #expect(try await elsewhere.get(client, "/account").status == .seeOther)
            #expect(try await here.get(client, "/account").status == .ok)
            let user = try #require(try await server.storage.user(email: "a@harbour.org"))
            #expect(Passwords(cost: 4).verify(Self.newPassword, hash: user.passwordHash))
            let trail = try await server.storage.auditTrail(organisationID: user.organisationID)
            #expect(trail.map(\.action).contains("user.password-change"))
        }
    }

    /// Each refusal names its field, marks it invalid, and changes nothing.
    @Test(arguments: [
        (
            "not the password", newPassword, newPassword, "current",
            "The current password is not right."
        ),
        (TestServer.password, "short", "short", "new", "Choose another password: use at least"),
        (
            TestServer.password, newPassword, newPassword + "!", "repeat",
            "Type the same new password twice."
        ),
    ])
    func refused(current: String, new: String, repeated: String, field: String, says: String)
        async throws
    {
        let server = try await TestServer()
        try await server.application().test(.router) { client in
            let browser = Browser()
            try await browser.signIn(client, "a@harbour.org")
            _ = try await browser.get(client, "/account")
            let response = try await browser.post(
                client, "/account/password",
                [("current", current), ("new", new), ("repeat", repeated)])
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains(says))
            #expect(response.text.contains(##"href="#f-\##(field)""##))
            #expect(response.text.contains(#"id="f-\#(field)-error""#))
            #expect(response.text.contains(#"aria-invalid="true""#))
            let user = try #require(try await server.storage.user(email: "a@harbour.org"))
            #expect(Passwords(cost: 4).verify(TestServer.password, hash: user.passwordHash))
        }
    }

    /// Guessing the current password is limited as signing in is; no CSRF token, no change;
    /// nobody signed in is sent to sign in.
    @Test func limitsAndForms() async throws {
        let server = try await TestServer()
        try await server.application().test(.router) { client in
            let browser = Browser()
            try await browser.signIn(client, "a@harbour.org")
            _ = try await browser.get(client, "/account")
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<6 {
                statuses.append(
                    try await browser.post(
                        client, "/account/password",
                        [
                            ("current", "guess"), ("new", Self.newPassword),
                            ("repeat", Self.newPassword),
                        ]
                    ).status)
            }
            #expect(statuses.prefix(5).allSatisfy { $0 == .unprocessableContent })
            #expect(statuses.last == .tooManyRequests)
            let forged = try await browser.post(
                client, "/account/password",
                [
                    ("current", TestServer.password), ("new", Self.newPassword),
                    ("repeat", Self.newPassword),
                ], csrf: false)
            #expect(forged.status == .forbidden)
            let anonymous = Browser()
            let away = try await anonymous.get(client, "/account")
            #expect(away.status == .seeOther)
            #expect(away.headers[.location]?.hasPrefix("/sign-in") == true)
        }
    }

    /// Sessions past their time are cleared out when anyone signs in.
    @Test func expiredSessionsAreClearedOut() async throws {
        let server = try await TestServer()
        let user = try #require(try await server.storage.user(email: "a@harbour.org"))
        try await server.storage.createSession(
            Session(
                tokenHash: Secrets.hash("old"), userID: user.id, csrfToken: "c",
                expiresAt: Date().addingTimeInterval(-60)))
        let accounts = AccountService(storage: server.storage, passwords: Passwords(cost: 4))
        _ = try await accounts.signIn(
            email: "b@riverbend.org", password: TestServer.password, address: "test")
        #expect(try await server.storage.session(tokenHash: Secrets.hash("old")) == nil)
        #expect(try await server.storage.deleteExpiredSessions(now: Date()) == 0)
    }
}
