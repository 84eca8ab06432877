import Foundation
import Testing

/// `demo --serve` keeps its database in a folder nobody else can predict or read.
@Suite struct DemoServeTests {
    /// Starts `demo --serve` with its temporary directory in `tmp`, and returns the database path
    /// it prints, with the process (still serving).
    static func startDemo(tmp: URL, data: URL) throws -> (Process, String) {
        let process = Process()
        process.executableURL = CommandTests.binary
        process.arguments = ["demo", data.path, "--scale", "0.01", "--serve", "--port", "0"]
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = tmp.path
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(120)
        while !text.contains("Open http"), Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let line = text.split(separator: "\n").first { $0.hasPrefix("Demo database: ") } ?? ""
        return (process, String(line.dropFirst("Demo database: ".count)))
    }

    /// Blocking work (reading a pipe, waiting for a process) on a thread of its own, so the test
    /// holds none of the threads Swift's tasks (other tests among them) run on.
    func offThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }

    @Test func demoServeKeepsItsDatabaseInAPrivateUnpredictableFolder() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sm-demo-serve-\(UUID().uuidString)")
        let tmp = root.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data")

        let (first, path) = try await offThread { try Self.startDemo(tmp: tmp, data: data) }
        let (second, otherPath) = try await offThread { try Self.startDemo(tmp: tmp, data: data) }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.path)
        #expect(folder.deletingLastPathComponent().standardizedFileURL.path == tmp.standardizedFileURL.path)
        // Readable, writable and listable by its owner only.
        #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o777 } == 0o700)
        // Random, not derived from the process id: two demos never share a folder.
        #expect(folder.lastPathComponent.hasPrefix("salesmetrics-demo-"))
        #expect(!folder.lastPathComponent.contains(String(first.processIdentifier)))
        #expect(URL(fileURLWithPath: otherPath).deletingLastPathComponent() != folder)
        #expect(FileManager.default.fileExists(atPath: path))

        // Stopping the server removes the folder.
        try await offThread {
            for process in [first, second] {
                process.interrupt()
                process.waitUntilExit()
            }
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }
}
