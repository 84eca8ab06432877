import Foundation

/// Work started on another thread at once, whose result is waited for later.
///
/// The thread is a new one of its own, not one of Dispatch's global queue: on Linux those are the
/// threads Swift concurrency runs every task on (one per core), so seconds of validation there
/// stall every request of a server, its health check included.
final class Background<Value: Sendable>: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var result: Result<Value, any Error>?

    init(_ work: @escaping @Sendable () throws -> Value) {
        let thread = Thread {
            Thread.current.name = "salesmetrics-background"
            let result = Result(catching: work)
            self.lock.withLock { self.result = result }
            self.finished.signal()
        }
        thread.start()
    }

    /// Whether the work has finished by throwing (without waiting).
    var hasFailed: Bool {
        lock.withLock {
            if case .failure = result { true } else { false }
        }
    }

    /// Waits for the work, then returns its value or throws its error.
    func value() throws -> Value {
        finished.wait()
        finished.signal()  // later callers do not wait
        return try lock.withLock { result! }.get()
    }
}
