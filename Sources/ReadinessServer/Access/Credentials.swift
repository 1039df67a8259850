import Crypto
import Foundation
import HummingbirdBcrypt
import ReadinessCore

/// Random secrets (session cookies, API tokens, invitation links, CSRF tokens) and what the
/// store keeps of them: their SHA-256, so a copy of the database signs nobody in.
package enum Secrets {
    /// A new secret: 32 random bytes as URL-safe base64 (43 characters).
    package static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The SHA-256 of a secret, in hex: what the store keeps and looks secrets up by.
    package static func hash(_ token: String) -> String {
        Assessment.digest(bytes: Array(token.utf8))
    }

    /// Whether two secrets are the same, in time that does not depend on where they differ.
    package static func same(_ a: String, _ b: String) -> Bool {
        let a = Array(a.utf8)
        let b = Array(b.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

/// Passwords, hashed with bcrypt.
package struct Passwords: Sendable {
    /// bcrypt's cost: 12 in service (about a quarter of a second a hash on this machine);
    /// tests use the least, 4.
    package var cost: UInt8 = 12

    package init(cost: UInt8 = 12) {
        self.cost = cost
    }

    /// The fewest characters a password may have.
    package static let minimumLength = 10
    /// The most: bcrypt reads 72 bytes at most, and more would only cost time.
    package static let maximumLength = 72

    /// Why a password cannot be used, or `nil` when it can.
    package static func problem(with password: String) -> String? {
        if password.count < minimumLength {
            return "use at least \(minimumLength) characters"
        }
        if password.utf8.count > maximumLength {
            return "use at most \(maximumLength) bytes (bcrypt reads no more)"
        }
        return nil
    }

    package func hash(_ password: String) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    package func verify(_ password: String, hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }
}
