import Foundation
import Logging
import SalesMetrics
import SalesMetricsIO

/// `serve --alerts-webhook URL`: after the data or the targets change, evaluates every target
/// for the latest complete period (and the running one) of each grain the targets use, and posts
/// the targets whose state changed since it last said so — once: the states it announced are
/// kept in the store, so the next request, another instance or a restart does not post them
/// again. A target seen for the first time is announced only when missed or behind.
///
/// It never holds up a write: a write only wakes it, and it works on its own task. A receiver
/// that fails is retried with doubling waits, and logged; while it fails nothing is recorded, so
/// the change is posted with the next one.
actor TargetAlerts {
    let store: any SalesStore
    let cache: DataCache
    let url: URL
    let attempts: Int
    let firstRetryDelay: Duration
    let logger: Logger
    private var seen: StoreVersions?
    private var running = false
    private var again = false

    init(store: any SalesStore, cache: DataCache, url: URL, attempts: Int, firstRetryDelay: Duration) {
        self.store = store
        self.cache = cache
        self.url = url
        self.attempts = attempts
        self.firstRetryDelay = firstRetryDelay
        var logger = Logger(label: "salesmetrics.alerts")
        logger.logLevel = .notice
        self.logger = logger
    }

    /// Something was written: evaluate soon (once for many writes in a row).
    nonisolated func dataChanged() {
        Task { await self.evaluateIfChanged(force: true) }
    }

    /// Evaluates when the data or the targets changed since the last evaluation (the poll that
    /// catches imports by other processes), or always with `force`.
    func evaluateIfChanged(force: Bool = false) async {
        if running {
            again = true
            return
        }
        running = true
        defer { running = false }
        repeat {
            again = false
            do {
                let versions = try await store.versions()
                if force || versions.data != seen?.data || versions.targets != seen?.targets {
                    try await evaluate()
                    seen = versions
                }
            } catch {
                logger.notice("Target alerts could not be evaluated: \(error)")
            }
        } while again
    }

    private func evaluate() async throws {
        let targets = try await store.targets()
        guard !targets.isEmpty else { return }
        let loaded = try await cache.current(version: try await store.versions().data)
        // No data, no period to speak of (an empty store's latest day is only a default).
        guard DataRange.latestDay(loaded.dataset) != nil else { return }
        let asOf = loaded.lastDataDay
        var announced = try await store.announcedStates()
        let grains = Set(targets.flatMap { $0.grains.isEmpty ? [Grain.month] : $0.grains })
        for grain in Grain.allCases where grains.contains(grain) {
            let calendar = PeriodCalendar(grain: grain)
            let complete = TargetEvaluation.latestCompletePeriod(calendar, asOf: asOf)
            var starts = [complete]
            let current = calendar.periodStart(containing: asOf)
            if current != complete { starts.append(current) }
            for start in starts {
                let options = ReportOptions(grain: grain, from: start, to: start + 1)
                let statuses = try TargetEvaluation.evaluate(
                    targets, dataset: loaded.dataset, options: options, periodStart: start, asOf: asOf)
                var changed: [TargetStatus] = []
                var record: [String: String] = [:]
                for s in statuses {
                    let key = TargetRow.announcementKey(target: s.target.name, grain: grain, period: s.period)
                    guard announced[key] != s.state.rawValue else { continue }
                    if announced[key] != nil || s.state.isBad { changed.append(s) }
                    record[key] = s.state.rawValue
                }
                guard !record.isEmpty else { continue }
                let label = calendar.label(forStart: start)
                if !changed.isEmpty {
                    let body = Webhook.message(
                        changed, period: label, grain: grain, names: loaded.names, currency: cache.currency,
                        heading:
                            "SalesMetrics · \(label): \(changed.count) target\(changed.count == 1 ? "" : "s") changed")
                    let logger = self.logger
                    let delivered = await Webhook.post(
                        body, to: url, attempts: attempts, firstDelay: firstRetryDelay,
                        log: { logger.notice("Target alert for \(label): \($0)") })
                    guard delivered else { continue }
                }
                try await store.recordAnnounced(record)
                announced.merge(record) { _, new in new }
            }
        }
    }

    /// Evaluates now, then whenever a poll finds the data or the targets changed; the poll ends
    /// when the server that owns the alerts is gone (it holds them only between sleeps).
    nonisolated func poll(every interval: Duration) {
        Task { [weak self] in
            while !Task.isCancelled {
                guard let alerts = self else { return }
                await alerts.evaluateIfChanged()
                try? await Task.sleep(for: interval)
            }
        }
    }
}
