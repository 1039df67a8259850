import Foundation

/// Limits sign-in attempts per account and per address: after `limit` failures within
/// `window`, further attempts are refused until the oldest falls out of the window. The
/// failures are kept in the store, so a restart forgives nothing, and instances sharing a
/// database share the limits.
package struct SignInLimiter: Sendable {
    private let storage: any Storage
    private let limit: Int
    private let window: TimeInterval

    package init(storage: any Storage, limit: Int = 5, window: TimeInterval = 15 * 60) {
        self.storage = storage
        self.limit = limit
        self.window = window
    }

    /// Whether an attempt for `email` from `address` may be made now; when not, how many
    /// seconds until one may.
    package func wait(email: String, address: String, now: Date = Date()) async throws
        -> TimeInterval?
    {
        var waits: [TimeInterval] = []
        for key in Self.keys(email: email, address: address) {
            let recent = try await storage.signInFailures(
                key: key, since: now.addingTimeInterval(-window))
            if recent.count >= limit, let oldest = recent.first {
                waits.append(max(0, window - now.timeIntervalSince(oldest)))
            }
        }
        return waits.max()
    }

    /// Records a failed attempt (and forgets those out of the window).
    package func failed(email: String, address: String, now: Date = Date()) async throws {
        try await storage.recordSignInFailure(
            keys: Self.keys(email: email, address: address), at: now,
            forgetBefore: now.addingTimeInterval(-window))
    }

    /// Forgets an account's failures once it signs in (or its password is set anew).
    package func succeeded(email: String) async throws {
        try await storage.clearSignInFailures(key: "account:" + email.lowercased())
    }

    private static func keys(email: String, address: String) -> [String] {
        ["account:" + email.lowercased(), "address:" + address.lowercased()]
    }
}
