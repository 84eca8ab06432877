import Synchronization

/// The one answer a caller gets from two racing outcomes: the first result given resumes it,
/// later ones are dropped; a result given before the caller waits (a request cancelled at once)
/// is kept for it. The store's time limits and the server's race a call against a timer with it.
public final class FirstAnswer<T: Sendable>: Sendable {
    private struct State {
        var given = false
        var result: Result<T, any Error>?
        var continuation: CheckedContinuation<T, any Error>?
        var whenGiven: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())

    public init() {}

    public func wait(_ continuation: CheckedContinuation<T, any Error>) {
        let early: Result<T, any Error>? = state.withLock { s in
            if s.given, let result = s.result {
                s.result = nil
                return result
            }
            s.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    public func give(_ result: Result<T, any Error>) {
        let (continuation, actions): (CheckedContinuation<T, any Error>?, [@Sendable () -> Void]) = state.withLock {
            s in
            guard !s.given else { return (nil, []) }
            s.given = true
            let continuation = s.continuation
            if continuation == nil { s.result = result }
            s.continuation = nil
            defer { s.whenGiven = [] }
            return (continuation, s.whenGiven)
        }
        continuation?.resume(with: result)
        for action in actions { action() }
    }

    /// Runs `action` once a result is given (at once if one already was).
    public func whenGiven(_ action: @escaping @Sendable () -> Void) {
        let now = state.withLock { s in
            if !s.given { s.whenGiven.append(action) }
            return s.given
        }
        if now { action() }
    }
}
