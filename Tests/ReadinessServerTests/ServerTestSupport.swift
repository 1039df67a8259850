import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import ReadinessCore
import ReadinessTestSupport
import Testing

@testable import ReadinessServer

/// A server over a fresh database, with two organisations' members and an admin, for tests
/// that drive its routes in process. SQLite, or PostgreSQL when `READINESS_TEST_STORE` is
/// `postgres` (CI runs these tests both ways).
struct TestServer: @unchecked Sendable {
    let folder: TemporaryFolder
    let storage: any Storage
    /// The same database opened a second time: what a restart, or another instance, sees.
    private let reopen: @Sendable () throws -> any Storage
    /// Closes a PostgreSQL database's connections and drops it when the test lets go.
    private let lease: PostgresLease?
    let ruleSet: CompiledRuleSet
    var configuration = ReadinessServer.Configuration()

    static let password = "correct horse battery"

    /// The team self-assessment: statements rated by several respondents (`raters:`).
    static let teamRules = Paths.repositoryRoot.appendingPathComponent(
        "rules/vic-aod-peer-team-self-assessment"
    ).path

    /// Over the built-in rule set, or over the rule set in `rules`; Harbour also has a lead,
    /// `lead@harbour.org`.
    /// The database the server tests run on.
    static let kind: StoreKind =
        ProcessInfo.processInfo.environment["READINESS_TEST_STORE"] == "postgres"
        ? .postgres : .sqlite

    init(rules: String? = nil) async throws {
        folder = try TemporaryFolder("server")
        switch Self.kind {
        case .sqlite:
            let path = folder.appendingPathComponent("readiness.sqlite").path
            storage = try SQLiteStorage(path: path)
            reopen = { try SQLiteStorage(path: path) }
            lease = nil
        case .postgres:
            let url = try TestPostgres.freshDatabase()
            let location = try PostgresLocation(url: url)
            let first = try await PostgresStorage.open(location, connections: 3)
            let second = try await PostgresStorage.open(location, connections: 2)
            storage = first
            reopen = { second }
            lease = PostgresLease(url: url, stores: [first, second])
        }
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
        let store: any Storage = reopening ? try reopen() : storage
        return Application(
            responder: ReadinessServer.responder(
                storage: store, ruleSet: ruleSet, configuration: configuration))
    }

    func organisation(_ name: String) async throws -> Organisation {
        try #require(try await storage.organisation(named: name))
    }
}

/// A test server's PostgreSQL database, closed and dropped when the last copy of its server
/// is gone.
final class PostgresLease: Sendable {
    let url: String
    let stores: [PostgresStorage]

    init(url: String, stores: [PostgresStorage]) {
        self.url = url
        self.stores = stores
    }

    deinit {
        Task { [stores, url] in
            for store in stores { await store.close() }
            TestPostgres.drop(url)
        }
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
