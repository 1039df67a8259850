import Hummingbird
import NIOCore
import ReadinessCore

/// Each request's context: who is asking (from a session cookie or an API token) and from
/// where.
package struct AppContext: RequestContext, RemoteAddressRequestContext {
    package var coreContext: CoreRequestContextStorage
    /// The signed-in account, when there is one.
    package var identity: Identity?
    /// The browser session it came with, for its CSRF token.
    package var session: Session?
    /// The connection's address (the proxy's, behind a reverse proxy).
    package let remoteAddress: SocketAddress?

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Request bodies are read up to this many bytes; more is a 413: the largest any route
    /// reads, the evidence form's (a file and the form around it). Each route reads its own
    /// body with its own, smaller limit.
    package var maxUploadSize: Int {
        max(
            AssessmentService.profileByteLimit + ProfileUpload.formOverhead,
            EvidenceService.fileByteLimit + EvidenceRoutes.formOverhead)
    }

    /// The client's address as ``IdentityMiddleware`` found it (through a trusted proxy's
    /// `X-Forwarded-For`), or `nil` before it ran.
    package var clientAddress: String?

    /// The client's address as text, for rate limiting: the connection's, or the one a
    /// trusted proxy forwarded.
    package var addressText: String {
        clientAddress ?? remoteAddress?.ipAddress ?? "unknown"
    }

    /// The client's address: the connection's, unless that is a trusted proxy, in which case
    /// the right-most `X-Forwarded-For` entry not itself a trusted proxy (entries further left
    /// were written by the client and prove nothing).
    package static func clientAddress(
        connection: String?, forwardedFor: [String], trustedProxies: Set<String>
    ) -> String? {
        guard let connection, trustedProxies.contains(connection) else { return connection }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }
            .map { String($0.trimmingWhitespace()) }.filter { !$0.isEmpty }
        return hops.last { !trustedProxies.contains($0) } ?? hops.first ?? connection
    }
}
