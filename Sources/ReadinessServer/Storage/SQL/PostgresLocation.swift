import Foundation

/// Where a PostgreSQL database is and how to reach it, read from a URL in libpq's form:
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=…&host=SOCKET-FOLDER]`.
package struct PostgresLocation: Sendable, Equatable {
    /// How the connection is encrypted (libpq's `sslmode`; the `verify-*` modes check the
    /// server's certificate against the system's trusted ones).
    package enum TLSMode: String, Sendable, CaseIterable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    package var host: String
    package var port: Int
    /// The folder of the server's Unix socket (`?host=/folder`), instead of TCP.
    package var socketFolder: String?
    package var user: String
    package var password: String?
    package var database: String
    package var tls: TLSMode

    /// What is wrong with a URL, in words that say what to write instead.
    package struct Problem: Error, Equatable, CustomStringConvertible {
        package let description: String
    }

    /// Reads a URL; `environment` supplies `PGPASSWORD` when the URL has no password (so it
    /// need not be on a command line).
    package init(url text: String, environment: [String: String] = [:]) throws(Problem) {
        let example = "postgres://USER@HOST:PORT/DATABASE"
        guard let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased()
        else {
            throw Problem(description: "'\(text)' is not a URL: write \(example)")
        }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw Problem(
                description: "the URL's scheme is '\(scheme)', not postgres: write \(example)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw Problem(description: "the URL names no user: write \(example)")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw Problem(description: "the URL names no database after the host: write \(example)")
        }
        var socketFolder: String?
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = TLSMode(rawValue: item.value ?? "") else {
                    let modes = TLSMode.allCases.map(\.rawValue).joined(separator: ", ")
                    throw Problem(
                        description:
                            "sslmode '\(item.value ?? "")' is not known: write one of \(modes)")
                }
                tls = mode
            case "host":
                guard let folder = item.value, folder.hasPrefix("/") else {
                    throw Problem(
                        description:
                            "host= in the query names a socket's folder: write host=/FOLDER")
                }
                socketFolder = folder
            default:
                throw Problem(
                    description:
                        "the URL's parameter '\(item.name)' is not known: write sslmode= or host=")
            }
        }
        let host = components.host ?? ""
        guard !host.isEmpty || socketFolder != nil else {
            throw Problem(description: "the URL names no host: write \(example)")
        }
        self.host = host.isEmpty ? "localhost" : host
        port = components.port ?? 5432
        self.socketFolder = socketFolder
        self.user = user.removingPercentEncoding ?? user
        password =
            components.password.map { $0.removingPercentEncoding ?? $0 }
            ?? environment["PGPASSWORD"]
        self.database = database.removingPercentEncoding ?? database
        self.tls = socketFolder == nil ? tls : .disable
    }

    /// The socket's path: PostgreSQL names it by the port, in the folder.
    package var socketPath: String? {
        socketFolder.map { "\($0)/.s.PGSQL.\(port)" }
    }

    /// The URL without its password, for messages and logs.
    package var redacted: String {
        let place = socketFolder.map { "?host=\($0)" } ?? ""
        return "postgres://\(user)@\(socketFolder == nil ? host : ""):\(port)/\(database)\(place)"
    }
}
