import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import ReadinessCore
import ReadinessTestSupport
import Testing

@testable import ReadinessServer

/// Who may see what: every organisation-scoped route, for nobody signed in, a member of the
/// organisation, a member of another, and an admin. What a caller may not see is a 404.
struct AccessTests {
    enum Caller: String, CaseIterable {
        case anonymous
        case own = "a@harbour.org"
        case other = "b@riverbend.org"
        case
            admin = "admin@example.org"
    }

    @Test func accessMatrix() async throws {
        let server = try await TestServer()
        let harbour = try await server.organisation("Harbour AOD Services")
        let profile = try String(
            contentsOf: Paths.repositoryRoot.appendingPathComponent(
                "assessments/03-harbour-developing.yaml"), encoding: .utf8)
        let user = try #require(try await server.storage.user(email: "a@harbour.org"))
        let stored = try await AssessmentService(storage: server.storage, ruleSet: server.ruleSet)
            .submit(profileText: profile, name: "p.yaml", organisation: harbour, by: user)
        let routes = [
            "/organisations/\(harbour.id)", "/organisations/\(harbour.id)/sections/staff",
            "/organisations/\(harbour.id)/draft.yaml", "/assessments/\(stored.id)",
            "/assessments/\(stored.id)/plan.csv", "/assessments/\(stored.id)/profile.yaml",
        ]
        try await server.application().test(.router) { client in
            for caller in Caller.allCases {
                let browser = Browser()
                if caller != .anonymous { try await browser.signIn(client, caller.rawValue) }
                for route in routes {
                    let response = try await browser.get(client, route)
                    let expected: HTTPResponse.Status =
                        switch caller {
                        case .anonymous: .seeOther
                        case .other: .notFound
                        case .own, .admin: .ok
                        }
                    #expect(response.status == expected, "\(caller) \(route)")
                    if caller == .other {
                        // Nothing of the organisation's data in the answer.
                        #expect(!response.text.contains("Harbour"), "\(route)")
                    }
                }
            }
            // A missing organisation and a missing assessment read the same as a hidden one.
            let browser = Browser()
            try await browser.signIn(client, Caller.own.rawValue)
            #expect(try await browser.get(client, "/organisations/9999").status == .notFound)
            #expect(try await browser.get(client, "/assessments/9999").status == .notFound)
        }
    }

    /// A form posted without its CSRF token (or with another session's) changes nothing.
    @Test func postWithoutCSRFIsRefused() async throws {
        let server = try await TestServer()
        let harbour = try await server.organisation("Harbour AOD Services")
        try await server.application().test(.router) { client in
            let browser = Browser()
            try await browser.signIn(client, "a@harbour.org")
            _ = try await browser.get(client, "/organisations/\(harbour.id)/sections/staff")
            let refused = try await browser.post(
                client, "/organisations/\(harbour.id)/sections/staff",
                [("revision", "0"), ("staff.total", "12")], csrf: false)
            #expect(refused.status == .forbidden)
            let forged = try await browser.post(
                client, "/organisations/\(harbour.id)/sections/staff",
                [("revision", "0"), ("staff.total", "12"), ("csrf", "forged")], csrf: false)
            #expect(forged.status == .forbidden)
            #expect(try await server.storage.draft(organisationID: harbour.id) == nil)
            // Signing in needs the token too.
            let anonymous = Browser()
            _ = try await anonymous.get(client, "/sign-in")
            let signIn = try await anonymous.post(
                client, "/sign-in",
                [("email", "a@harbour.org"), ("password", TestServer.password)], csrf: false)
            #expect(signIn.status == .forbidden)
        }
    }

    /// Wrong passwords are refused in words that do not say which part was wrong, and after
    /// five, the account is locked out for a while even with the right one.
    @Test func signInIsRateLimited() async throws {
        let server = try await TestServer()
        try await server.application().test(.router) { client in
            let browser = Browser()
            _ = try await browser.get(client, "/sign-in")
            for _ in 0..<5 {
                let wrong = try await browser.post(
                    client, "/sign-in",
                    [("email", "a@harbour.org"), ("password", "nope nope nope")])
                #expect(wrong.status == .unauthorized)
                #expect(wrong.text.contains("The email address or the password is not right."))
            }
            let locked = try await browser.post(
                client, "/sign-in", [("email", "a@harbour.org"), ("password", TestServer.password)])
            #expect(locked.status == .tooManyRequests)
            #expect(locked.headers[.retryAfter] != nil)
        }
        // The limit is kept in the database: a restart (or another instance on the same
        // database) holds the account back too.
        try await server.application(reopening: true).test(.router) { client in
            let browser = Browser()
            _ = try await browser.get(client, "/sign-in")
            let still = try await browser.post(
                client, "/sign-in", [("email", "a@harbour.org"), ("password", TestServer.password)])
            #expect(still.status == .tooManyRequests)
        }
        // A password set anew forgives the account (its address's failures still count).
        let limiter = SignInLimiter(storage: server.storage)
        #expect(try await limiter.wait(email: "a@harbour.org", address: "198.51.100.7") != nil)
        _ = try await AccountService(storage: server.storage, passwords: Passwords(cost: 4))
            .resetPassword(email: "a@harbour.org", password: TestServer.password)
        #expect(try await limiter.wait(email: "a@harbour.org", address: "198.51.100.7") == nil)
    }

    /// Behind a trusted proxy, sign-in limits count per client (the proxy's `X-Forwarded-For`
    /// entry), so one client's failures do not lock out the others behind the same proxy; a
    /// client cannot dodge its limit by writing its own `X-Forwarded-For` entries.
    @Test func limitsPerClientBehindATrustedProxy() async throws {
        var server = try await TestServer()
        server.configuration.trustedProxies = ["127.0.0.1", "::1"]
        try await server.application().test(.live) { client in
            let browser = Browser()
            _ = try await browser.get(client, "/sign-in")
            func attempt(_ email: String, from chain: String) async throws -> HTTPResponse.Status {
                var headers = browser.cookieHeader
                headers[.contentType] = "application/x-www-form-urlencoded"
                headers[try #require(IdentityMiddleware.forwardedFor)] = chain
                let body =
                    "email=\(Browser.encode(email))&password=wrong+wrong&csrf=\(browser.csrf)"
                return try await client.execute(
                    uri: "/sign-in", method: .post, headers: headers,
                    body: ByteBuffer(string: body)
                ).status
            }
            // Five failures from one client, each for another account and each claiming
            // another origin to the left of what the proxy saw.
            for index in 0..<5 {
                #expect(
                    try await attempt("x\(index)@example.org", from: "10.0.0.\(index), 203.0.113.5")
                        == .unauthorized)
            }
            #expect(try await attempt("y@example.org", from: "203.0.113.5") == .tooManyRequests)
            // Another client behind the same proxy is not held back.
            #expect(try await attempt("y@example.org", from: "203.0.113.6") == .unauthorized)
        }
    }

    @Test func clientAddresses() {
        let trusted: Set = ["10.1.1.1", "10.1.1.2"]
        func client(_ connection: String?, _ chain: [String]) -> String? {
            AppContext.clientAddress(
                connection: connection, forwardedFor: chain, trustedProxies: trusted)
        }
        #expect(client("198.51.100.7", ["203.0.113.5"]) == "198.51.100.7")
        #expect(client("10.1.1.1", ["203.0.113.5"]) == "203.0.113.5")
        #expect(client("10.1.1.1", ["1.2.3.4, 203.0.113.5, 10.1.1.2"]) == "203.0.113.5")
        #expect(client("10.1.1.1", ["1.2.3.4", "203.0.113.5"]) == "203.0.113.5")
        #expect(client("10.1.1.1", ["10.1.1.2"]) == "10.1.1.2")
        #expect(client("10.1.1.1", []) == "10.1.1.1")
        #expect(client(nil, ["203.0.113.5"]) == nil)
    }

    /// Sessions are in the database: a restart (a new application over the same file) signs
    /// nobody out; signing out ends the session.
    @Test func sessionsSurviveARestart() async throws {
        let server = try await TestServer()
        let harbour = try await server.organisation("Harbour AOD Services")
        let browser = Browser()
        try await server.application().test(.router) { client in
            try await browser.signIn(client, "a@harbour.org")
        }
        try await server.application(reopening: true).test(.router) { client in
            let page = try await browser.get(client, "/organisations/\(harbour.id)")
            #expect(page.status == .ok)
            let out = try await browser.post(client, "/sign-out", [])
            #expect(out.status == .seeOther)
            #expect(
                try await browser.get(client, "/organisations/\(harbour.id)").status == .seeOther)
        }
    }

    /// The API: a token's organisation only, JSON errors with codes, 401 without a token.
    @Test func apiAccess() async throws {
        let server = try await TestServer()
        let accounts = AccountService(storage: server.storage, passwords: Passwords(cost: 4))
        let tokenA = try #require(try await accounts.addToken(email: "a@harbour.org"))
        let tokenB = try #require(try await accounts.addToken(email: "b@riverbend.org"))
        let profile = try Data(
            contentsOf: Paths.repositoryRoot.appendingPathComponent(
                "assessments/03-harbour-developing.yaml"))
        try await server.application().test(.router) { client in
            let created = try await client.execute(
                uri: "/api/v1/assessments", method: .post,
                headers: [.authorization: "Bearer \(tokenA)", .contentType: "application/yaml"],
                body: ByteBuffer(bytes: profile))
            #expect(created.status == .created)
            let id = try #require(
                (try JSONSerialization.jsonObject(with: Data(created.text.utf8)) as? [String: Any])?[
                    "id"] as? Int)
            let mine = try await client.execute(
                uri: "/api/v1/assessments/\(id)", method: .get,
                headers: [.authorization: "Bearer \(tokenA)"])
            #expect(mine.status == .ok)
            let theirs = try await client.execute(
                uri: "/api/v1/assessments/\(id)", method: .get,
                headers: [.authorization: "Bearer \(tokenB)"])
            #expect(theirs.status == .notFound)
            let list = try await client.execute(
                uri: "/api/v1/assessments", method: .get,
                headers: [.authorization: "Bearer \(tokenB)"])
            #expect(list.text == "{\"assessments\": []}\n")
            let anonymous = try await client.execute(uri: "/api/v1/assessments", method: .get)
            #expect(anonymous.status == .unauthorized)
            // A browser's session does not open the API: bearer tokens only.
            let browser = Browser()
            try await browser.signIn(client, "a@harbour.org")
            #expect(try await browser.get(client, "/api/v1/assessments").status == .unauthorized)
            // Riverbend's token cannot file Harbour's profile under Riverbend.
            let wrong = try await client.execute(
                uri: "/api/v1/assessments", method: .post,
                headers: [.authorization: "Bearer \(tokenB)", .contentType: "application/yaml"],
                body: ByteBuffer(bytes: profile))
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.text.contains("server.wrong-organisation"))
            let invalid = try await client.execute(
                uri: "/api/v1/assessments", method: .post,
                headers: [.authorization: "Bearer \(tokenA)", .contentType: "application/yaml"],
                body: ByteBuffer(string: "assessment: [\n"))
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.text.contains("\"line\": "))
            let large = try await client.execute(
                uri: "/api/v1/assessments", method: .post,
                headers: [.authorization: "Bearer \(tokenA)", .contentType: "application/yaml"],
                body: ByteBuffer(string: String(repeating: "#", count: 1_100_000)))
            #expect(large.status == .contentTooLarge)
        }
    }
}

/// Every route of working together, for nobody signed in, another organisation's member, an
/// admin, the organisation's member and its lead: what each may reach, and that a refused
/// request changes nothing.
struct CollaborationAccessMatrixTests {
    enum Caller: String, CaseIterable {
        case anonymous = ""
        case other = "b@riverbend.org"
        case admin = "admin@example.org"
        case member = "a@harbour.org"
        case lead = "lead@harbour.org"
    }

    @Test func everyNewRoute() async throws {
        let server = try await TestServer(rules: TestServer.teamRules)
        let harbour = try await server.organisation("Harbour AOD Services")
        let member = try #require(try await server.storage.user(email: "a@harbour.org"))
        let lead = try #require(try await server.storage.user(email: "lead@harbour.org"))
        let service = AssessmentService(storage: server.storage, ruleSet: server.ruleSet)
        let profile = try String(
            contentsOfFile: TestServer.teamRules + "/examples/02-coastal-team-together.yaml",
            encoding: .utf8
        ).replacingOccurrences(of: "Coastal Recovery Services", with: harbour.name)
        // An accepted assessment (its plan tracked), one awaiting sign-off, a draft with a
        // round open, and a file on the draft.
        let accepted = try await service.review(
            try await service.submit(
                profileText: profile, name: "p.yaml", organisation: harbour, by: member),
            accept: true, note: nil, by: lead)
        let waiting = try await service.submit(
            profileText: profile, name: "p.yaml", organisation: harbour, by: member)
        let round = try await RoundService(assessments: service).open(
            organisation: harbour, respondents: [(member, "peer_worker")], by: lead)
        let file = try await EvidenceService(assessments: service).attachFile(
            named: "minutes.txt", bytes: Array("Agreed.\n".utf8), note: "",
            about: "field:practice", organisation: harbour, cycle: round.cycle, by: member)
        let action = try #require(
            try await server.storage.planItems(assessmentID: accepted.id).first?.actionID)
        let org = "/organisations/\(harbour.id)"
        let pages = [
            "\(org)/audit", "\(org)/rounds/\(round.id)", "/assessments/\(accepted.id)/audit",
            "/assessments/\(accepted.id)/plan", "/assessments/\(accepted.id)/plan/tracked.csv",
            "/evidence/\(file.token)",
        ]
        // Each POST and who may make it (the others are refused: 403 for the organisation's
        // own accounts and admins, 404 for an outsider, sign-in for nobody).
        let posts: [(route: String, allowed: Set<Caller>)] = [
            ("\(org)/rounds", [.lead]),
            ("\(org)/rounds/\(round.id)/settle", [.lead]),
            ("/assessments/\(waiting.id)/accept", [.lead]),
            ("/assessments/\(waiting.id)/return", [.lead]),
            ("\(org)/cycles/\(round.cycle)/comments", [.member, .lead]),
            ("\(org)/cycles/\(round.cycle)/evidence", [.member, .lead]),
            ("/evidence/\(file.token)/remove", [.member, .lead]),
            ("/assessments/\(accepted.id)/plan/\(action)", [.member, .lead]),
            ("/assessments/\(accepted.id)/plan/import", [.member, .lead]),
        ]
        // Signing in is in the trail; nothing else may be.
        func changes() async throws -> Int {
            try await server.storage.auditTrail(organisationID: harbour.id).filter {
                $0.action != "session.sign-in"
            }.count
        }
        let trailBefore = try await changes()
        try await server.application().test(.router) { client in
            for caller in Caller.allCases {
                let browser = Browser()
                if caller != .anonymous { try await browser.signIn(client, caller.rawValue) }
                for page in pages {
                    let expected: HTTPResponse.Status =
                        switch caller {
                        case .anonymous: .seeOther
                        case .other: .notFound
                        default: .ok
                        }
                    #expect(
                        try await browser.get(client, page).status == expected,
                        "\(caller) GET \(page)")
                }
                for post in posts where !post.allowed.contains(caller) {
                    let expected: HTTPResponse.Status =
                        switch caller {
                        case .anonymous: .seeOther
                        case .other: .notFound
                        default: .forbidden
                        }
                    let response = try await browser.post(client, post.route, [("revision", "1")])
                    #expect(response.status == expected, "\(caller) POST \(post.route)")
                    if caller == .other { #expect(!response.text.contains("Harbour")) }
                }
            }
        }
        // Nothing any refused caller sent changed anything.
        #expect(try await changes() == trailBefore)
        #expect(try await server.storage.round(id: round.id)?.isOpen == true)
        #expect(try await server.storage.assessment(id: waiting.id)?.status == .submitted)
    }
}
