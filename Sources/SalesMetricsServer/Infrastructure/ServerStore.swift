import SalesMetrics
import SalesMetricsIO

/// The store as the server calls it: never on Swift's cooperative pool, and reads within a time
/// limit.
///
/// SQLite answers synchronously, holding the calling thread for the whole call (an import for
/// seconds, a write for as long as an import holds the lock), and PostgreSQL's import validates
/// its files in the calling task. Every call therefore runs on the server's own threads
/// (`WorkerThreads`): short reads on the query threads, writes on the writer threads, whole
/// datasets on the compute threads. Short reads (the versions every request reads first, tokens,
/// sessions, record pages) also get `timeout`: a database that does not answer them is a 503
/// with a sentence, even when the call itself never returns. Imports, writes and dataset loads
/// have no such limit, since a large import takes longer than any sensible one.
struct ServerStore: MetricsStore, AccessStore, TargetStore, ScoreStore {
    let base: any SalesStore
    let timeout: Duration

    private func read<T: Sendable>(
        _ body: @escaping @Sendable (any SalesStore) async throws -> T
    ) async throws -> T {
        let base = self.base
        return try await StoreTimeout.limit(timeout, executor: WorkerThreads.queries) { try await body(base) }
    }

    private func write<T: Sendable>(_ body: (any SalesStore) async throws -> T) async throws -> T {
        try await WorkerThreads.writes.run { try await body(base) }
    }

    private func compute<T: Sendable>(_ body: (any SalesStore) async throws -> T) async throws -> T {
        try await WorkerThreads.compute.run { try await body(base) }
    }

    // MARK: - MetricsStore

    func importFiles(_ files: [Table: [UInt8]], progress: ((Int) -> Void)?) async throws -> ImportSummary {
        try await write { try await $0.importFiles(files, progress: progress) }
    }

    func writeRecords(_ table: Table, _ file: [UInt8]) async throws -> ImportSummary {
        try await write { try await $0.writeRecords(table, file) }
    }

    func exportFiles() async throws -> [Table: [UInt8]] {
        try await compute { try await $0.exportFiles() }
    }

    func loadDataset() async throws -> Dataset {
        try await compute { try await $0.loadDataset() }
    }

    func dataVersion() async throws -> Int {
        try await read { try await $0.dataVersion() }
    }

    func records(_ table: Table, matching filters: [String: String], limit: Int, offset: Int) async throws
        -> RecordPage
    {
        try await read { try await $0.records(table, matching: filters, limit: limit, offset: offset) }
    }

    func deleteRecord(_ table: Table, id: String) async throws -> Bool {
        try await write { try await $0.deleteRecord(table, id: id) }
    }

    func isUnavailable(_ error: any Error) -> Bool { base.isUnavailable(error) }

    // MARK: - AccessStore

    func createToken(name: String, role: Role, hash: String) async throws -> AccessToken {
        try await write { try await $0.createToken(name: name, role: role, hash: hash) }
    }

    func token(hash: String) async throws -> AccessToken? {
        try await read { try await $0.token(hash: hash) }
    }

    func tokens() async throws -> [AccessToken] {
        try await read { try await $0.tokens() }
    }

    func revokeToken(name: String) async throws -> Bool {
        try await write { try await $0.revokeToken(name: name) }
    }

    func createSession(hash: String, tokenId: Int, csrf: String, expiresAt: Int64) async throws {
        try await write { try await $0.createSession(hash: hash, tokenId: tokenId, csrf: csrf, expiresAt: expiresAt) }
    }

    func session(hash: String, now: Int64) async throws -> BrowserSession? {
        try await read { try await $0.session(hash: hash, now: now) }
    }

    func deleteSession(hash: String) async throws {
        try await write { try await $0.deleteSession(hash: hash) }
    }

    func versions() async throws -> StoreVersions {
        try await read { try await $0.versions() }
    }

    // MARK: - TargetStore

    func targets() async throws -> [Target] {
        try await read { try await $0.targets() }
    }

    func setTargets(_ targets: [Target]) async throws {
        try await write { try await $0.setTargets(targets) }
    }

    func removeTarget(name: String) async throws -> Bool {
        try await write { try await $0.removeTarget(name: name) }
    }

    func announcedStates() async throws -> [String: String] {
        try await read { try await $0.announcedStates() }
    }

    func recordAnnounced(_ states: [String: String]) async throws {
        try await write { try await $0.recordAnnounced(states) }
    }

    // MARK: - ScoreStore

    func replaceLeadScores(_ scores: [StoredLeadScore]) async throws {
        try await write { try await $0.replaceLeadScores(scores) }
    }

    func leadScores() async throws -> [StoredLeadScore] {
        try await compute { try await $0.leadScores() }
    }
}
