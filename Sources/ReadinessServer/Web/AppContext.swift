import Hummingbird
import NIOCore

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

    /// Request bodies are read up to this many bytes; more is a 413.
    package var maxUploadSize: Int { 1_048_576 }

    /// The address as text, for rate limiting.
    package var addressText: String {
        remoteAddress?.ipAddress ?? "unknown"
    }
}
