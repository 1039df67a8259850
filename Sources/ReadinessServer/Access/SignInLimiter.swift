import Foundation

/// Limits sign-in attempts per account and per address: after `limit` failures within
/// `window`, further attempts are refused until the oldest falls out of the window. Kept in
/// memory: a restart forgives, which is acceptable for one instance (several instances behind
/// one proxy would keep this in the shared store).
package actor SignInLimiter {
    private let limit: Int
    private let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    package init(limit: Int = 5, window: TimeInterval = 15 * 60) {
        self.limit = limit
        self.window = window
    }

    /// Whether an attempt for `email` from `address` may be made now; when not, how many
    /// seconds until one may.
    package func wait(email: String, address: String, now: Date = Date()) -> TimeInterval? {
        let waits = [key("account", email), key("address", address)].compactMap { key in
            recent(key, now: now).count >= limit
                ? (recent(key, now: now).first.map { window - now.timeIntervalSince($0) } ?? 0)
                : nil
        }
        return waits.max()
    }

    /// Records a failed attempt.
    package func failed(email: String, address: String, now: Date = Date()) {
        for key in [key("account", email), key("address", address)] {
            failures[key] = recent(key, now: now) + [now]
        }
    }

    /// Forgets an account's failures once it signs in.
    package func succeeded(email: String) {
        failures[key("account", email)] = nil
    }

    private func key(_ kind: String, _ value: String) -> String {
        kind + ":" + value.lowercased()
    }

    private func recent(_ key: String, now: Date) -> [Date] {
        (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
    }
}
