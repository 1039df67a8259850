import Foundation
import HTTPTypes
import Hummingbird

/// Finds who is asking: a browser's session cookie, or an API client's bearer token. Neither
/// is required here; each route decides what it needs through ``Access``.
package struct IdentityMiddleware: RouterMiddleware {
    package typealias Context = AppContext

    let storage: any Storage
    /// The addresses of reverse proxies whose `X-Forwarded-For` is believed.
    var trustedProxies: Set<String> = []

    /// A valid field name, so never `nil`.
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")

    /// The session cookie's name.
    package static let sessionCookie = "readiness_session"

    package func handle(
        _ request: Request, context: AppContext,
        next: (Request, AppContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.clientAddress = AppContext.clientAddress(
            connection: context.remoteAddress?.ipAddress,
            forwardedFor: Self.forwardedFor.map { request.headers[values: $0] } ?? [],
            trustedProxies: trustedProxies)
        if let authorization = request.headers[.authorization],
            authorization.lowercased().hasPrefix("bearer ")
        {
            let token = String(authorization.dropFirst("bearer ".count))
                .trimmingCharacters(in: .whitespaces)
            if let user = try await storage.user(tokenHash: Secrets.hash(token)) {
                context.identity = Identity(user: user)
            }
        } else if let cookie = request.cookies[Self.sessionCookie]?.value,
            let session = try await storage.session(tokenHash: Secrets.hash(cookie)),
            session.expiresAt > Date(),
            let user = try await storage.user(id: session.userID)
        {
            context.identity = Identity(user: user)
            context.session = session
        }
        return try await next(request, context)
    }
}

/// Headers every answer carries: no framing, no sniffing, nothing loaded from elsewhere.
package struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    package init() {}

    /// Nothing from elsewhere, no script, no framing.
    package static var policy: String {
        "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    package func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = Self.policy
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        if let name = HTTPField.Name("Referrer-Policy") { response.headers[name] = "same-origin" }
        if let name = HTTPField.Name("X-Frame-Options") { response.headers[name] = "DENY" }
        if response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}

/// Answers HEAD as GET without the body (link checkers and monitors ask with HEAD): wraps
/// the router's responder, since the router picks a route by method before any middleware.
package struct HeadAsGetResponder<Wrapped: HTTPResponder>: HTTPResponder {
    package typealias Context = Wrapped.Context
    let wrapped: Wrapped

    package init(_ wrapped: Wrapped) {
        self.wrapped = wrapped
    }

    @Sendable
    package func respond(to request: Request, context: Context) async throws -> Response {
        guard request.method == .head else {
            return try await wrapped.respond(to: request, context: context)
        }
        var head = request.head
        head.method = .get
        var response = try await wrapped.respond(
            to: Request(head: head, body: request.body), context: context)
        response.body = .init()
        return response
    }
}
