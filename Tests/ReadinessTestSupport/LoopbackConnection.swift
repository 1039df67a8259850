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

    /// Sends any request (its `Host`, and `Content-Length` when there is a body, are added);
    /// the answer's status, header fields (names lower-cased) and body, or `nil` when the
    /// connection failed.
    public func send(
        _ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) -> (status: Int, headers: [(String, String)], body: String)? {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        guard write(Array((head + "\r\n").utf8) + body), let answer = read() else { return nil }
        return (answer.status, answer.headers, String(decoding: answer.body, as: UTF8.self))
    }

    private func write(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes {
                Glibc.send(socket, $0.baseAddress, $0.count, 0)
            }
            if count <= 0 { return false }
            sent += count
        }
        return true
    }

    /// What has been received and not yet read.
    private var buffer: [UInt8] = []
    /// Where reading resumes in `buffer`: consumed answers are dropped only when the buffer is
    /// read to its end, not shifted down after each.
    private var start = 0
    /// One receive buffer for the connection's life (a new zeroed 64 KB array per `recv` was
    /// a tenth of the benchmark's own time, taken from the server it measures).
    private var chunk = [UInt8](repeating: 0, count: 65_536)

    /// One answer: its status, header fields and body (read by its Content-Length).
    private func read() -> (status: Int, headers: [(String, String)], body: [UInt8])? {
        var searched = start
        var headEnd: Int?
        while headEnd == nil {
            headEnd = Self.endOfHead(in: buffer, from: searched)
            if headEnd == nil {
                searched = max(start, buffer.count - 3)
                if !fill() { return nil }
            }
        }
        guard let end = headEnd else { return nil }
        let head = String(decoding: buffer[start..<end], as: UTF8.self)
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        var length = 0
        var fields: [(String, String)] = []
        for line in head.split(separator: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields.append((name, value))
            if name == "content-length" { length = Int(value) ?? 0 }
        }
        while buffer.count < end + length {
            if !fill() { return nil }
        }
        let body = Array(buffer[end..<(end + length)])
        start = end + length
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        return (status, fields, body)
    }

    /// Where the head's blank line ends (after CR LF CR LF), searching from `offset`.
    private static func endOfHead(in bytes: [UInt8], from offset: Int) -> Int? {
        var index = offset
        while index + 3 < bytes.count {
            if bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13,
                bytes[index + 3] == 10
            {
                return index + 4
            }
            index += 1
        }
        return nil
    }

    private func fill() -> Bool {
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }
}
