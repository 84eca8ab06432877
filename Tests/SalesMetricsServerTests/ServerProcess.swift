import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `salesmetrics serve` in a process of its own, talked to over real sockets: what a browser or
/// a load balancer sees (threads, idle connections, timing), apart from the tests running
/// alongside in this process.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    private let output = Pipe()

    /// The built `salesmetrics` binary, next to the test bundle.
    static let binary: URL = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("salesmetrics").path)
            && folder.path != "/"
        {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("salesmetrics")
    }()

    /// Starts `serve --port 0` with `arguments` and waits (up to a minute) for the port it prints.
    init(_ arguments: [String]) throws {
        process.executableURL = Self.binary
        process.arguments = ["serve", "--port", "0"] + arguments
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let descriptor = output.fileHandleForReading.fileDescriptor
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        while !text.contains("\n"), Date() < deadline {
            guard Socket.waitReadable(descriptor, milliseconds: 1000) else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = read(descriptor, &buffer, buffer.count)
            if n <= 0 { break }
            text += String(decoding: buffer[..<n], as: UTF8.self)
        }
        guard let range = text.range(of: #"http://[0-9.]+:([0-9]+)"#, options: .regularExpression),
            let port = Int(text[range].split(separator: ":").last ?? "")
        else {
            process.terminate()
            throw Socket.Failure("the server did not print its address: \(text)")
        }
        self.port = port
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

/// Blocking TCP clients for the tests, run on threads of their own (never Swift's cooperative
/// pool, which the tests share).
enum Socket {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    struct Answer: Sendable {
        var status: Int
        var headers: String
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Runs blocking `work` on a new thread and waits for it without holding a Swift thread.
    static func offThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }

    /// A connected socket to 127.0.0.1:`port`.
    static func dial(port: Int) throws -> Int32 {
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw Failure("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            throw Failure("cannot connect to port \(port)")
        }
        return descriptor
    }

    static func sendAll(_ descriptor: Int32, _ bytes: [UInt8]) throws {
        #if os(Linux)
            let flags = Int32(MSG_NOSIGNAL)
        #else
            let flags: Int32 = 0
        #endif
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, flags) }
            guard n > 0 else { throw Failure("the connection closed while sending") }
            sent += n
        }
    }

    static func waitReadable(_ descriptor: Int32, milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, milliseconds) > 0
    }

    /// Which of the connections the peer closed within `seconds` (what they send is read and dropped).
    static func closedByPeer(_ descriptors: [Int32], within seconds: Double) -> [Bool] {
        var closed = descriptors.map { _ in false }
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline, closed.contains(false) {
            var entries = descriptors.indices.filter { !closed[$0] }.map {
                pollfd(fd: descriptors[$0], events: Int16(POLLIN), revents: 0)
            }
            let left = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
            guard poll(&entries, nfds_t(entries.count), left) > 0 else { continue }
            for entry in entries where entry.revents != 0 {
                if recv(entry.fd, &buffer, buffer.count, 0) <= 0, let i = descriptors.firstIndex(of: entry.fd) {
                    closed[i] = true
                }
            }
        }
        return closed
    }

    /// One request on a new connection (`Connection: close`), and its whole answer.
    static func request(
        port: Int, _ method: String, _ path: String, headers: [String: String] = [:], body: [UInt8] = []
    ) throws -> Answer {
        let descriptor = try dial(port: port)
        defer { close(descriptor) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        try sendAll(descriptor, Array((head + "\r\n").utf8))
        if !body.isEmpty { try sendAll(descriptor, body) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            // Two minutes, five times that under a sanitizer: a ThreadSanitizer build imports the largest
            // file several times slower, and more so beside other work.
            guard waitReadable(descriptor, milliseconds: 120_000 * Int32(HardeningTests.slack)) else {
                throw Failure("no answer to \(path)")
            }
            let n = recv(descriptor, &buffer, buffer.count, 0)
            if n <= 0 { break }
            bytes += buffer[..<n]
        }
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: [13, 10, 13, 10]) }) else {
            throw Failure("an incomplete answer to \(path)")
        }
        let headers = String(decoding: bytes[..<end], as: UTF8.self)
        let status = Int(headers.split(separator: " ").dropFirst().first ?? "") ?? 0
        return Answer(status: status, headers: headers, body: Array(bytes[(end + 4)...]))
    }
}
