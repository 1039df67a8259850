import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import ReadinessCore
import ReadinessTestSupport
import Testing

@testable import ReadinessServer

/// The API of working together: comments, evidence, sign-off and tracked actions, each
/// route for the organisation's member and lead, another organisation's member, an admin
/// and no token.
struct CollaborationAPITests {
    struct Call {
        let client: any TestClientProtocol
        let token: String?

        func send(
            _ method: HTTPRequest.Method, _ uri: String, json: String? = nil,
            bytes: [UInt8]? = nil
        ) async throws -> TestResponse {
            var headers: HTTPFields = [:]
            if let token { headers[.authorization] = "Bearer \(token)" }
            var body: ByteBuffer?
            if let json {
                headers[.contentType] = "application/json"
                body = ByteBuffer(string: json)
            } else if let bytes {
                headers[.contentType] = "application/octet-stream"
                body = ByteBuffer(bytes: bytes)
            }
            return try await client.execute(uri: uri, method: method, headers: headers, body: body)
        }
    }

    static func object(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)))
            as? [String: Any] ?? [:]
    }

    /// Harbour's example submitted by its member, awaiting sign-off.
    static func submitted(_ server: TestServer) async throws -> StoredAssessment {
        let harbour = try await server.organisation("Harbour AOD Services")
        let member = try #require(try await server.storage.user(email: "a@harbour.org"))
        let profile = try String(
            contentsOf: Paths.repositoryRoot.appendingPathComponent(
                "assessments/03-harbour-developing.yaml"), encoding: .utf8)
        return try await AssessmentService(storage: server.storage, ruleSet: server.ruleSet)
            .submit(profileText: profile, name: "p.yaml", organisation: harbour, by: member)
    }

    /// An API token of an account.
    static func token(_ server: TestServer, _ email: String) async throws -> String {
        try #require(
            try await AccountService(storage: server.storage, passwords: Passwords(cost: 4))
                .addToken(email: email))
    }

    @Test func commentsEvidenceSignOffAndActions() async throws {
        let server = try await TestServer()
        let memberToken = try await Self.token(server, "a@harbour.org")
        let leadToken = try await Self.token(server, "lead@harbour.org")
        let otherToken = try await Self.token(server, "b@riverbend.org")
        let adminToken = try await Self.token(server, "admin@example.org")
        let stored = try await Self.submitted(server)
        let base = "/api/v1/assessments/\(stored.id)"
        try await server.application().test(.router) { client in
            let mine = Call(client: client, token: memberToken)
            let lead = Call(client: client, token: leadToken)
            let other = Call(client: client, token: otherToken)
            let admin = Call(client: client, token: adminToken)
            let nobody = Call(client: client, token: nil)

            // Who reaches what.
            for route in ["comments", "evidence", "actions"] {
                #expect(try await mine.send(.get, "\(base)/\(route)").status == .ok, "\(route)")
                #expect(try await admin.send(.get, "\(base)/\(route)").status == .ok, "\(route)")
                #expect(try await other.send(.get, "\(base)/\(route)").status == .notFound)
                #expect(try await nobody.send(.get, "\(base)/\(route)").status == .unauthorized)
            }
            let comment = #"{"subject": "rule:SUP-01", "body": "The model was adopted in March"}"#
            #expect(
                try await other.send(.post, "\(base)/comments", json: comment).status == .notFound)
            #expect(
                try await admin.send(.post, "\(base)/comments", json: comment).status == .forbidden)
            #expect(
                try await nobody.send(.post, "\(base)/comments", json: comment).status
                    == .unauthorized)

            // Comments.
            let added = try await mine.send(.post, "\(base)/comments", json: comment)
            #expect(added.status == .created)
            #expect(Self.object(added)["subject"] as? String == "rule:SUP-01")
            #expect(try await mine.send(.post, "\(base)/comments", json: "{").status == .badRequest)
            // A NUL character in a string: refused by name, not stored.
            let nul = try await mine.send(
                .post, "\(base)/comments", json: #"{"subject": "rule:SUP-01", "body": "a\u0000b"}"#)
            #expect(nul.status == .badRequest)
            #expect(String(buffer: nul.body).contains("NUL character"))
            let unknown = try await mine.send(
                .post, "\(base)/comments", json: #"{"subject": "rule:NOPE", "body": "x"}"#)
            #expect(unknown.status == .unprocessableContent)
            let listed = Self.object(try await mine.send(.get, "\(base)/comments"))
            #expect((listed["comments"] as? [Any])?.count == 1)

            // Evidence: a link, a file, and what is refused.
            let link = try await mine.send(
                .post, "\(base)/evidence",
                json: #"{"subject": "rule:SUP-01", "url": "https://intranet.harbour.org/model"}"#)
            #expect(link.status == .created)
            let file = try await mine.send(
                .post, "\(base)/evidence?subject=rule:SUP-02&name=roster.csv",
                bytes: Array("name,hours\nJo,12\n".utf8))
            #expect(file.status == .created)
            let token = try #require(Self.object(file)["token"] as? String)
            #expect(Self.object(file)["sha256"] as? String != nil)
            let noQuery = try await mine.send(.post, "\(base)/evidence", bytes: [1, 2, 3])
            #expect(noQuery.status == .unprocessableContent)
            let exe = try await mine.send(
                .post, "\(base)/evidence?subject=rule:SUP-02&name=a.exe", bytes: [0x4D, 0x5A])
            #expect(exe.status == .unsupportedMediaType)
            let nulName = try await mine.send(
                .post, "\(base)/evidence?subject=rule:SUP-02&name=a%00.csv", bytes: [0x41])
            #expect(nulName.status == .badRequest)
            #expect(
                String(buffer: nulName.body).contains("`name` in the query has a NUL character"))
            let path = try await mine.send(
                .post, "\(base)/evidence?subject=rule:SUP-02&name=../a.csv", bytes: [0x41])
            #expect(path.status == .unprocessableContent)
            let big = try await mine.send(
                .post, "\(base)/evidence?subject=rule:SUP-02&name=big.csv",
                bytes: [UInt8](repeating: 0x41, count: EvidenceService.fileByteLimit + 1))
            #expect(big.status == .contentTooLarge)
            let download = try await mine.send(.get, "/api/v1/evidence/\(token)")
            #expect(download.status == .ok)
            #expect(String(buffer: download.body) == "name,hours\nJo,12\n")
            #expect(try await other.send(.get, "/api/v1/evidence/\(token)").status == .notFound)
            #expect(
                try await nobody.send(.get, "/api/v1/evidence/\(token)").status == .unauthorized)

            // Sign-off: the lead's only; CMP-02 fails here, SUP-01 passes and has its link.
            #expect(try await mine.send(.post, "\(base)/accept").status == .forbidden)
            #expect(try await other.send(.post, "\(base)/accept").status == .notFound)
            #expect(try await lead.send(.get, "\(base)/actions").status == .ok)
            let before = Self.object(try await lead.send(.get, "\(base)/actions"))
            #expect(before["tracked"] as? Bool == false)
            #expect(
                try await lead.send(.post, "\(base)/accept", json: "[1").status == .badRequest)
            let accepted = try await lead.send(
                .post, "\(base)/accept", json: #"{"reason": "Thorough: thank you"}"#)
            #expect(accepted.status == .ok)
            #expect(Self.object(accepted)["status"] as? String == "accepted")
            #expect(Self.object(accepted)["review_note"] as? String == "Thorough: thank you")
            #expect(try await lead.send(.post, "\(base)/accept").status == .conflict)
            #expect(
                try await mine.send(.post, "\(base)/comments", json: comment).status == .conflict)
            let one = Self.object(try await mine.send(.get, base))
            #expect(one["status"] as? String == "accepted")

            // Actions.
            let tracked = Self.object(try await mine.send(.get, "\(base)/actions"))
            #expect(tracked["tracked"] as? Bool == true)
            let actions = try #require(tracked["actions"] as? [[String: Any]])
            let action = try #require(actions.first?["action"] as? String)
            let changed = try await mine.send(
                .post, "\(base)/actions/\(action)",
                json: #"{"owner": "a@harbour.org", "status": "in_progress"}"#)
            #expect(changed.status == .ok)
            #expect(Self.object(changed)["owner"] as? String == "a@harbour.org")
            #expect(Self.object(changed)["status"] as? String == "in_progress")
            #expect(Self.object(changed)["due"] as? String == actions.first?["due"] as? String)
            let badStatus = try await mine.send(
                .post, "\(base)/actions/\(action)", json: #"{"status": "finished"}"#)
            #expect(badStatus.status == .unprocessableContent)
            #expect(String(buffer: badStatus.body).contains(#""field": "status""#))
            let verified = try await mine.send(
                .post, "\(base)/actions/\(action)", json: #"{"status": "verified"}"#)
            #expect(verified.status == .unprocessableContent)
            #expect(
                try await lead.send(
                    .post, "\(base)/actions/\(action)", json: #"{"status": "verified"}"#
                )
                .status == .ok)
            #expect(
                try await other.send(.post, "\(base)/actions/\(action)", json: "{}").status
                    == .notFound)
            #expect(
                try await admin.send(.post, "\(base)/actions/\(action)", json: "{}").status
                    == .forbidden)
            #expect(
                try await mine.send(.post, "\(base)/actions/ACT-NOPE", json: "{}").status
                    == .notFound)
        }
    }

    @Test func returningNeedsAReasonAndTheLead() async throws {
        let server = try await TestServer()
        let harbour = try await server.organisation("Harbour AOD Services")
        let leadToken = try await Self.token(server, "lead@harbour.org")
        let stored = try await Self.submitted(server)
        try await server.application().test(.router) { client in
            let lead = Call(client: client, token: leadToken)
            let uri = "/api/v1/assessments/\(stored.id)/return"
            #expect(try await lead.send(.post, uri, json: "{}").status == .unprocessableContent)
            let returned = try await lead.send(.post, uri, json: #"{"reason": "Add the roster"}"#)
            #expect(returned.status == .ok)
            #expect(Self.object(returned)["status"] as? String == "returned")
            #expect(Self.object(returned)["review_note"] as? String == "Add the roster")
            #expect(try await server.storage.draft(organisationID: harbour.id) != nil)
        }
    }
}
