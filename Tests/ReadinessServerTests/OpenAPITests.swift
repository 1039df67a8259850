import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ReadinessServer

/// The OpenAPI document describes exactly the API's routes: every path and method the router
/// has under `/api/v1` is in it, and it has nothing else.
struct OpenAPITests {
    @Test func documentMatchesTheRoutes() async throws {
        let server = try await TestServer()
        let router = ReadinessServer.router(
            storage: server.storage, ruleSet: server.ruleSet, configuration: server.configuration)
        let routed = Set(
            router.routes.map { "\($0.method.rawValue) \($0.path)" }
                .filter { $0.contains(" /api/") }
                .map { route in
                    // `:name` in the router is `{name}` in OpenAPI.
                    route.split(separator: "/").map { part in
                        part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
                    }.joined(separator: "/")
                })
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8))
                as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let described = Set(
            paths.flatMap { path, methods in methods.keys.map { "\($0.uppercased()) \(path)" } })
        #expect(routed == described)
        #expect(routed.count == 14)
        try await server.application().test(.router) { client in
            let served = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            #expect(served.status == .ok)
            #expect(String(buffer: served.body) == OpenAPIDocument.json)
            // HEAD is answered as GET, without the body.
            let head = try await client.execute(uri: "/api/v1/openapi.json", method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
        }
    }
}
