import Foundation

/// Work started on another thread at once, whose result is waited for later.
final class Background<Value: Sendable>: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var result: Result<Value, any Error>?

    init(_ work: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global().async {
            let result = Result(catching: work)
            self.lock.withLock { self.result = result }
            self.finished.signal()
        }
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
