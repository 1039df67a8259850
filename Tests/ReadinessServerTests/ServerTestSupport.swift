import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import ReadinessCore
import ReadinessTestSupport
import Testing

@testable import ReadinessServer

/// A server over a fresh SQLite file, with two organisations' members and an admin, for
/// tests that drive its routes in process.
struct TestServer: @unchecked Sendable {
    let folder: TemporaryFolder
    let path: String
    let storage: SQLiteStorage
    let ruleSet: CompiledRuleSet
    var configuration = ReadinessServer.Configuration()

    static let password = "correct horse battery"

    /// The team self-assessment: statements rated by several respondents (`raters:`).
    static let teamRules = Paths.repositoryRoot.appendingPathComponent(
        "rules/vic-aod-peer-team-self-assessment"
    ).path

    /// Over the built-in rule set, or over the rule set in `rules`; Harbour also has a lead,
    /// `lead@harbour.org`.
    init(rules: String? = nil) async throws {
        folder = try TemporaryFolder("server")
        path = folder.appendingPathComponent("readiness.sqlite").path
        storage = try SQLiteStorage(path: path)
        ruleSet = try rules.map { try CompiledRuleSet.load(folder: $0) } ?? BuiltInRuleSet.load()
        configuration.passwordCost = 4
        let accounts = AccountService(storage: storage, passwords: Passwords(cost: 4))
        _ = try await accounts.addUser(
            email: "a@harbour.org", password: Self.password, role: .member,
            organisation: "Harbour AOD Services")
        _ = try await accounts.addUser(
            email: "b@riverbend.org", password: Self.password, role: .member,
            organisation: "Riverbend Community Health")
        _ = try await accounts.addUser(
            email: "admin@example.org", password: Self.password, role: .admin, organisation: nil)
        _ = try await accounts.addUser(
            email: "lead@harbour.org", password: Self.password, role: .lead,
            organisation: "Harbour AOD Services")
    }

    /// An application over the same database file (a restart opens it again).
    func application(reopening: Bool = false) throws -> some ApplicationProtocol {
        let store: any Storage = reopening ? try SQLiteStorage(path: path) : storage
        return Application(
            responder: ReadinessServer.responder(
                storage: store, ruleSet: ruleSet, configuration: configuration))
    }

    func organisation(_ name: String) async throws -> Organisation {
        try #require(try await storage.organisation(named: name))
    }
}

/// A browser's memory for in-process tests: its cookies, and the CSRF token of the last page.
final class Browser: @unchecked Sendable {
    var cookies: [String: String] = [:]
    var csrf = ""

    var cookieHeader: HTTPFields {
        cookies.isEmpty
            ? [:] : [.cookie: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
    }

    /// Remembers a response's cookies and the CSRF token in its page.
    func remember(_ response: TestResponse) {
        for field in response.headers where field.name == .setCookie {
            let pair = field.value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            if pair.count == 2 { cookies[String(pair[0])] = String(pair[1]) }
            if pair.count == 2, pair[1].isEmpty { cookies[String(pair[0])] = nil }
        }
        let body = String(buffer: response.body)
        if let range = body.range(of: #"name="csrf" value=""#) {
            csrf = String(body[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    func get(_ client: some TestClientProtocol, _ uri: String) async throws -> TestResponse {
        let response = try await client.execute(uri: uri, method: .get, headers: cookieHeader)
        remember(response)
        return response
    }

    /// Posts a form; the CSRF token is added unless `csrf` is false.
    func post(
        _ client: some TestClientProtocol, _ uri: String, _ fields: [(String, String)],
        csrf: Bool = true
    ) async throws -> TestResponse {
        var all = fields
        if csrf { all.append(("csrf", self.csrf)) }
        let body = all.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
        var headers = cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        let response = try await client.execute(
            uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        remember(response)
        return response
    }

    /// Posts a form as a browser does with a file input (`multipart/form-data`): the text
    /// fields, the CSRF token unless `csrf` is false, then the file under `fileField`.
    func postMultipart(
        _ client: some TestClientProtocol, _ uri: String, _ fields: [(String, String)],
        file: (field: String, name: String, bytes: [UInt8])?, csrf: Bool = true
    ) async throws -> TestResponse {
        let boundary = "----ReadinessTestBoundary7MA4YWxkTrZu0gW"
        var body: [UInt8] = []
        var all = fields
        if csrf { all.append(("csrf", self.csrf)) }
        for (name, value) in all {
            body += Array(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
                    .utf8)
        }
        if let file {
            body += Array(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: application/x-yaml\r\n\r\n"
                    .utf8)
            body += file.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        var headers = cookieHeader
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        let response = try await client.execute(
            uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: body))
        remember(response)
        return response
    }

    /// Signs in as `email`.
    func signIn(_ client: some TestClientProtocol, _ email: String) async throws {
        _ = try await get(client, "/sign-in")
        let response = try await post(
            client, "/sign-in", [("email", email), ("password", TestServer.password)])
        #expect(response.status == .seeOther, "signing in as \(email)")
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}
