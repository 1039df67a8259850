import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One keep-alive HTTP/1.1 connection to a server on loopback, for the web application's
/// benchmark and tests: requests one at a time, answers read by their Content-Length.
public final class LoopbackConnection {
    private let socket: Int32

    /// Connects to 127.0.0.1:`port`; `nil` when nothing answers.
    public init?(port: UInt16) {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(socket)
            return nil
        }
    }

    deinit { close(socket) }

    /// Posts YAML with a bearer token; the answer's status (0 when the connection failed).
    public func post(_ path: String, body: [UInt8], token: String) -> Int {
        let head =
            "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/yaml\r\nContent-Length: \(body.count)\r\n\r\n"
        guard write(Array(head.utf8) + body) else { return 0 }
        return read()?.status ?? 0
    }

    /// Gets a path, with a bearer token when given; the answer's status and body, or `nil`
    /// when the connection failed.
    public func get(_ path: String, token: String? = nil) -> (status: Int, body: String)? {
        let authorization = token.map { "Authorization: Bearer \($0)\r\n" } ?? ""
        let head = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(authorization)\r\n"
        guard write(Array(head.utf8)) else { return nil }
        return read().map { ($0.status, String(decoding: $0.body, as: UTF8.self)) }
    }

    private func write(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return false }
            sent += count
        }
        return true
    }

    private var buffer: [UInt8] = []

    /// One answer: its status and body (read by its Content-Length).
    private func read() -> (status: Int, body: [UInt8])? {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while headEnd == nil {
            headEnd = buffer.firstRange(of: separator)?.upperBound
            if headEnd == nil, !fill() { return nil }
        }
        guard let end = headEnd else { return nil }
        let head = String(decoding: buffer[..<end], as: UTF8.self)
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        var length = 0
        for line in head.split(separator: "\r\n")
        where line.lowercased().hasPrefix("content-length:") {
            length = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
        }
        while buffer.count < end + length {
            if !fill() { return nil }
        }
        let body = Array(buffer[end..<(end + length)])
        buffer.removeFirst(end + length)
        return (status, body)
    }

    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer += chunk[0..<count]
        return true
    }
}
