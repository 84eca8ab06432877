import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SalesMetrics
import SalesMetricsIO
import SalesMetricsSQLite
import SalesMetricsServer

/// A store holding a small generated dataset, an admin and a viewer token, and the router.
struct ServerFixture: @unchecked Sendable {
    let store: SQLiteStore
    let folder: URL
    let admin: String
    let viewer: String
    let router: Router<AppContext>

    static let demo = try! DemoGenerator(seed: 5, scale: 0.05).files()

    init(files: [SalesMetrics.Table: [UInt8]] = Self.demo, configuration: ServerConfiguration = ServerConfiguration())
        throws
    {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sm-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try SQLiteStore(path: folder.appendingPathComponent("test.sqlite").path)
        if !files.isEmpty { _ = try store.importFiles(files) }
        let (admin, adminHash) = TokenIssuer.newSecret()
        let (viewer, viewerHash) = TokenIssuer.newSecret()
        _ = try store.createToken(name: "admin", role: .admin, hash: adminHash)
        _ = try store.createToken(name: "viewer", role: .viewer, hash: viewerHash)
        self.admin = admin
        self.viewer = viewer
        router = SalesMetricsServer.buildRouter(store: store, configuration: configuration)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// Runs requests against the router in process.
    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await Application(router: router).test(.router, body)
    }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The parsed JSON object of the body.
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    var errorMessage: String { (object["error"] as? [String: Any])?["message"] as? String ?? "" }
}
