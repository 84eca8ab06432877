import Foundation
import SalesMetrics
import SalesMetricsIO
import Synchronization

/// The store's dataset in memory, and the reports computed from it, for as long as the data
/// doesn't change. Every request compares the store's data version (one small query), so an
/// import through any process or server instance is seen by the next request; readers keep the
/// dataset they started with, never half an import.
final class DataCache: Sendable {
    let store: any SalesStore

    struct Loaded: Sendable {
        var version: Int
        var dataset: Dataset
        /// The latest day with data (presets and defaults count back from it), found once per load.
        var lastDataDay: Int32
        /// Reps' and accounts' names for pages, found once per load.
        var names: DisplayNames
        /// The dataset's reports go through it, so the engagement model is built once per data
        /// version (beside the dataset: about 16 bytes per usage row), not once per report.
        var context: ReportContext
    }

    private struct State {
        var loaded: Loaded?
        var computed: ByteLimitedCache<Key, Computed>
        var loading: Task<Loaded, any Error>?
        /// The lead scores of one data version: computed once, by the first request that needs
        /// them, and held beside the dataset they come from (their size follows its open leads).
        var scores: (version: Int, task: Task<ScoredLeads, Never>)?
    }

    /// The lead scores of a data version (docs/scoring.md), or why there are none, and when they
    /// were computed.
    struct ScoredLeads: Sendable {
        var scores: Result<LeadScores, LeadScoreError>
        var scoredAt: String
    }

    /// What is cached: a report, its JSON, or a page, keyed by the parsed request (never the raw
    /// URL, so spellings of one request share an entry) and the data version.
    struct Key: Hashable {
        enum Kind { case report, json, page }
        var kind: Kind
        var version: Int
        var request: String
    }

    private enum Computed {
        case report(Report)
        case json([UInt8])
        case page(CachedPage)
    }

    private let state: Mutex<State>
    /// The bytes the cache may hold (reports, JSON and pages together).
    let limit: Int

    /// 64 MiB is every page and period a team looks at many times over: an overview is ~60 KB,
    /// a year of monthly values by owner ~2 MB.
    /// The dataset currency (`serve --currency`): amounts in others are converted to it when the
    /// dataset is read (SPEC §1 "Currencies").
    let currency: String
    /// Attribute kinds declared for the lead score (`serve --attribute-kind`).
    let attributeKinds: [String: AttributeKind]

    init(
        store: any SalesStore, limit: Int = 64 << 20, currency: String = "USD",
        attributeKinds: [String: AttributeKind] = [:]
    ) {
        self.store = store
        self.limit = limit
        self.currency = currency.uppercased()
        self.attributeKinds = attributeKinds
        state = Mutex(State(computed: ByteLimitedCache(limit: limit)))
    }

    /// Bytes and entries held now (for /metrics and tests).
    var usage: (bytes: Int, entries: Int) { state.withLock { ($0.computed.bytes, $0.computed.count) } }

    /// The dataset of this data version (read by the request's `VersionsMiddleware`), loaded
    /// once per version: concurrent requests after an import wait for the same load.
    func current(version: Int) async throws -> Loaded {
        // A request that read its version before the last load (or a database restored from an
        // older backup) asks again, rather than trusting either number.
        if let loaded = state.withLock({ $0.loaded }), loaded.version > version {
            let now = try await store.dataVersion()
            if now == loaded.version { return loaded }
            return try await current(version: now, reload: true)
        }
        return try await current(version: version, reload: false)
    }

    private func current(version: Int, reload: Bool) async throws -> Loaded {
        enum Next {
            case ready(Loaded)
            case wait(Task<Loaded, any Error>)
        }
        let next: Next = state.withLock { s in
            if !reload, let loaded = s.loaded, loaded.version >= version { return .ready(loaded) }
            if let loading = s.loading { return .wait(loading) }
            let store = self.store
            let currency = self.currency
            // Decoding the dataset and scanning it for its last day hold a thread: not Swift's.
            let loading = Task(executorPreference: WorkerThreads.compute) {
                let version = try await store.dataVersion()
                // The snapshot is in USD; another dataset currency reads the rows, converting them.
                let dataset =
                    currency == "USD"
                    ? try await store.loadDataset()
                    : try DatasetReader(currency: currency).read(files: try await store.exportFiles()).dataset
                return Loaded(
                    version: version, dataset: dataset, lastDataDay: ReportRequest.lastDataDay(dataset),
                    names: DisplayNames(dataset), context: ReportContext(dataset))
            }
            s.loading = loading
            return .wait(loading)
        }
        switch next {
        case .ready(let loaded): return loaded
        case .wait(let loading):
            do {
                let fresh = try await loading.value
                state.withLock { s in
                    if s.loading == loading { s.loading = nil }
                    if reload || (s.loaded?.version ?? -1) < fresh.version {
                        s = State(loaded: fresh, computed: ByteLimitedCache(limit: limit))
                    }
                }
                return fresh
            } catch {
                state.withLock { s in if s.loading == loading { s.loading = nil } }
                throw error
            }
        }
    }

    /// The lead scores of the loaded dataset, as of the day after its latest lead data with the
    /// default horizon; computed once per data version, then stored with their time and model
    /// version (the store keeps the latest).
    func leadScores(of loaded: Loaded) async -> ScoredLeads {
        let task = state.withLock { s -> Task<ScoredLeads, Never> in
            if let existing = s.scores, existing.version == loaded.version { return existing.task }
            let store = self.store
            let kinds = self.attributeKinds
            let task = Task(executorPreference: WorkerThreads.compute) { () -> ScoredLeads in
                let scoredAt = ISO8601DateFormatter().string(from: Date())
                let scores: Result<LeadScores, LeadScoreError>
                do throws(LeadScoreError) {
                    guard let asOf = LeadScores.defaultAsOf(loaded.dataset, timezone: "UTC") else {
                        throw LeadScoreError.noLeads
                    }
                    var options = LeadScoreOptions(asOf: asOf)
                    options.attributeKinds = kinds
                    scores = .success(try LeadScores(loaded.dataset, options: options))
                } catch { scores = .failure(error) }
                if case .success(let s) = scores {
                    // Storing is a record of what was shown; a store that refuses it does not
                    // keep the scores from being shown (the next data version tries again).
                    try? await store.replaceLeadScores(StoredLeadScore.rows(s, scoredAt: scoredAt))
                }
                return ScoredLeads(scores: scores, scoredAt: scoredAt)
            }
            s.scores = (loaded.version, task)
            return task
        }
        return await task.value
    }

    /// The report for these options over the given dataset, computed once per data version.
    func report(_ options: ReportOptions, of loaded: Loaded) async throws -> Report {
        let key = Key(kind: .report, version: loaded.version, request: Self.key(options))
        if case .report(let cached) = state.withLock({ $0.computed.get(key) }) { return cached }
        let report = try await WorkerThreads.compute.run { try loaded.context.report(options) }
        store(key, .report(report), bytes: report.estimatedBytes, version: loaded.version)
        return report
    }

    /// The report's JSON (SPEC §5), computed once per data version.
    func reportJSON(_ options: ReportOptions, of loaded: Loaded) async throws -> [UInt8] {
        let key = Key(kind: .json, version: loaded.version, request: Self.key(options))
        if case .json(let cached) = state.withLock({ $0.computed.get(key) }) { return cached }
        let report = try await report(options, of: loaded)
        let bytes = try await WorkerThreads.compute.run { Array(report.json().utf8) }
        store(key, .json(bytes), bytes: bytes.count, version: loaded.version)
        return bytes
    }

    /// A dashboard page for a request (its path and canonical query), rendered once per data
    /// version (without the signed-in user's part, which `Layout.personalised` adds per request).
    func page(_ request: String, version: Int, render: () async throws -> String) async throws -> CachedPage {
        let key = Key(kind: .page, version: version, request: request)
        if case .page(let cached) = state.withLock({ $0.computed.get(key) }) { return cached }
        let page = try await WorkerThreads.compute.run { CachedPage(try await render()) }
        store(key, .page(page), bytes: page.head.count + page.tail.count, version: version)
        return page
    }

    /// Keeps a value computed from data of `version`, unless newer data has been loaded since.
    private func store(_ key: Key, _ value: Computed, bytes: Int, version: Int) {
        state.withLock { s in
            guard (s.loaded?.version ?? version) <= version else { return }
            s.computed.set(key, value, bytes: bytes + 64 + key.request.utf8.count)
        }
    }

    private static func key(_ o: ReportOptions) -> String {
        [
            o.grain.rawValue, String(o.from), String(o.to), o.timezone, String(o.fiscalYearStartMonth),
            o.breakdown?.rawValue ?? "", o.metrics?.map(\.rawValue).joined(separator: ",") ?? "*", o.currency,
            o.samples ? "samples" : "",
        ].joined(separator: "|")
    }
}

/// A rendered page as bytes, split where the signed-in user's part goes.
struct CachedPage: Sendable {
    var head: [UInt8]
    var tail: [UInt8]

    init(_ html: String) {
        let bytes = Array(html.utf8)
        let marker = Array(Layout.sessionMarker.rendered.utf8)
        if let at = bytes.indices.first(where: { bytes[$0...].starts(with: marker) }) {
            head = Array(bytes[..<at])
            tail = Array(bytes[(at + marker.count)...])
        } else {
            head = bytes
            tail = []
        }
    }
}
