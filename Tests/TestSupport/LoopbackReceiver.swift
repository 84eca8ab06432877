import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A webhook receiver on 127.0.0.1 for tests: accepts connections on a thread of its own, keeps
/// each request's body, and answers with the next status of `statuses` (200 once they run out),
/// so a test can make the first deliveries fail.
public final class LoopbackReceiver: @unchecked Sendable {
    public let port: Int
    private let socket: Int32
    private let lock = NSLock()
    private var bodies: [String] = []
    private var statuses: [Int]

    public init(statuses: [Int] = []) throws {
        self.statuses = statuses
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.socket = socket
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        guard bound == 0, listen(socket, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        self.port = port
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    public var url: String { "http://127.0.0.1:\(port)/hook/secret-path" }

    /// The bodies received so far.
    public var received: [String] { lock.withLock { bodies } }

    /// Waits until `count` bodies arrived (or `seconds` passed).
    public func wait(for count: Int, seconds: Double = 20) -> [String] {
        let end = Date().addingTimeInterval(seconds)
        while received.count < count && Date() < end { Thread.sleep(forTimeInterval: 0.02) }
        return received
    }

    public func stop() { shutdown(socket, Int32(SHUT_RDWR)) }

    private func serve() {
        while true {
            let client = accept(socket, nil, nil)
            guard client >= 0 else { return }
            var data = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 65_536)
            // Read the head, then as many body bytes as Content-Length says.
            while true {
                let n = read(client, &buffer, buffer.count)
                if n <= 0 { break }
                data += buffer[0..<n]
                if let complete = Self.body(data) {
                    let status = lock.withLock { statuses.isEmpty ? 200 : statuses.removeFirst() }
                    if status == 200 { lock.withLock { bodies.append(complete) } }
                    let answer = "HTTP/1.1 \(status) X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    _ = answer.withCString { write(client, $0, strlen($0)) }
                    break
                }
            }
            close(client)
        }
    }

    /// The body once the whole request is in.
    private static func body(_ data: [UInt8]) -> String? {
        let text = String(decoding: data, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return nil }
        let head = text[..<split.lowerBound].lowercased()
        let length =
            head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        let body = Array(text[split.upperBound...].utf8)
        return body.count >= length ? String(decoding: body, as: UTF8.self) : nil
    }
}
