import Foundation
import SalesMetrics
import SalesMetricsIO
import SalesMetricsPostgres
import SalesMetricsSQLite
import Testing

/// The stores the shared suite runs against: SQLite always; PostgreSQL when
/// SALESMETRICS_TEST_POSTGRES_URL names a server (scripts/throwaway-postgres.sh starts one), and
/// always in CI, where a missing URL fails the run instead of skipping.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static let postgresURL = ProcessInfo.processInfo.environment["SALESMETRICS_TEST_POSTGRES_URL"]
    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"
    static let selected: [StoreKind] = postgresURL != nil || inCI ? allCases : [.sqlite]
}

/// A fresh, empty store of a kind: a new SQLite file, or a new PostgreSQL database.
struct TestStore: Sendable {
    let store: any SalesStore
    let kind: StoreKind
    let cleanup: @Sendable () async -> Void

    static func make(_ kind: StoreKind) async throws -> TestStore {
        switch kind {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sm-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let store = try SQLiteStore(path: folder.appendingPathComponent("test.sqlite").path)
            return TestStore(store: store, kind: kind) { try? FileManager.default.removeItem(at: folder) }
        case .postgres:
            guard let url = StoreKind.postgresURL else {
                throw HarnessError(
                    description:
                        "CI must run the PostgreSQL store tests: set SALESMETRICS_TEST_POSTGRES_URL (.ci/run starts a server)."
                )
            }
            let name = "sm_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
            try await PostgresTestDatabase.create(name, serverURL: url)
            let store = try await PostgresStore(url: PostgresTestDatabase.url(url, database: name), poolSize: 4)
            return TestStore(store: store, kind: kind) {
                await store.shutdown()
                try? await PostgresTestDatabase.drop(name, serverURL: url)
            }
        }
    }

    /// Another empty store of the same kind.
    func sibling() async throws -> TestStore { try await Self.make(kind) }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
}

/// Runs a body with a fresh store, always cleaning up.
func withStore(_ kind: StoreKind, _ body: (any SalesStore) async throws -> Void) async throws {
    let t = try await TestStore.make(kind)
    do {
        try await body(t.store)
        await t.cleanup()
    } catch {
        await t.cleanup()
        throw error
    }
}
