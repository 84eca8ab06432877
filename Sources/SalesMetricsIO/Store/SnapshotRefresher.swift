import Foundation

/// Rebuilds a store's dataset snapshot off the write path: pushed writes only mark the snapshot
/// stale (``MetricsStore/writeRecords(_:_:)``), and once writes have been quiet for `quiet`
/// seconds this runs `refresh` (one at a time; a write during a refresh schedules another).
/// Until then readers build the dataset from the stored rows, so they see old or new data, never
/// a mix, and a stream of webhook writes never waits for an O(dataset) rebuild.
public final class SnapshotRefresher: @unchecked Sendable {
    private let lock = NSLock()
    private var lastWrite = ContinuousClock.now
    private var writes = 0
    private var scheduled = false
    private let quiet: Duration
    private let refresh: @Sendable () async -> Void

    public init(quiet: Duration = .seconds(1), refresh: @escaping @Sendable () async -> Void) {
        self.quiet = quiet
        self.refresh = refresh
    }

    /// A write happened: refresh once writes have been quiet for a while.
    public func written() {
        let start = lock.withLock { () -> Bool in
            lastWrite = .now
            writes += 1
            if scheduled { return false }
            scheduled = true
            return true
        }
        guard start else { return }
        Task.detached { [self] in await run() }
    }

    private func run() async {
        while true {
            let (wait, before) = lock.withLock { (lastWrite + quiet - .now, writes) }
            if wait > .zero {
                try? await Task.sleep(for: wait)
                continue
            }
            await refresh()
            // A write while refreshing: the snapshot may already be stale again.
            let again = lock.withLock { () -> Bool in
                if writes != before { return true }
                scheduled = false
                return false
            }
            if !again { return }
        }
    }

    /// Whether a refresh is waiting or running (for tests).
    public var isPending: Bool { lock.withLock { scheduled } }
}
