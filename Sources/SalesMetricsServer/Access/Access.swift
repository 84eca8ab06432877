import Foundation
import Hummingbird
import SalesMetricsIO
import Synchronization

/// Who may do what. API clients send `Authorization: Bearer TOKEN`; browsers sign in once and
/// carry a session cookie. Reads need any active token, writes an admin's.
enum Access {
    static let sessionCookie = "sm_session"
    static let loginCookie = "sm_login"

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// The token of a request's bearer header, or nil when there is none; a wrong token is an error.
    static func bearerToken(_ request: Request, _ context: AppContext, access: AccessCache) async throws
        -> AccessToken?
    {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", parts[1].utf8.count <= 256 else {
            throw APIError(
                status: .unauthorized, message: "The Authorization header must read 'Bearer TOKEN'.")
        }
        guard
            let token = try await access.token(
                hash: Secret.hash(String(parts[1])), accessVersion: context.versions.access)
        else {
            throw APIError(status: .unauthorized, message: "This token is unknown or revoked.")
        }
        return token
    }

    /// The browser session of a request's cookie, if it is valid.
    static func session(_ request: Request, _ context: AppContext, access: AccessCache) async throws
        -> BrowserSession?
    {
        guard let value = request.cookies[sessionCookie]?.value, value.utf8.count <= 256 else { return nil }
        return try await access.session(hash: Secret.hash(value), accessVersion: context.versions.access, now: now())
    }

    static func isWrite(_ request: Request) -> Bool {
        ![.get, .head, .options].contains(request.method)
    }
}

/// Guards the JSON API: a bearer token, or (for reads only) a browser session.
struct APIAccessMiddleware: RouterMiddleware {
    let access: AccessCache

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        if let token = try await Access.bearerToken(request, context, access: access) {
            context.token = token
        } else if !Access.isWrite(request), let session = try await Access.session(request, context, access: access) {
            // Cookies ride along with cross-site requests; they are accepted for reads only.
            context.token = session.token
        }
        guard let token = context.token else { throw APIError.unauthorized }
        if Access.isWrite(request) && !token.role.allows(.admin) { throw APIError.forbidden }
        return try await next(request, context)
    }
}

/// Guards the dashboard: without a valid session, the browser is sent to the login page.
struct PageAccessMiddleware: RouterMiddleware {
    let access: AccessCache

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        guard let session = try await Access.session(request, context, access: access) else {
            let next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            return .redirect(to: Paths.login + "?next=" + Paths.escapeQuery(next), type: .found)
        }
        var context = context
        context.session = session
        context.token = session.token
        return try await next(request, context)
    }
}

/// Reads the store's data and access versions once per request, for the caches (within the
/// store's time limit: a database that does not answer is a 503, not a hang).
struct VersionsMiddleware: RouterMiddleware {
    let store: any AccessStore

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        context.versions = try await store.versions()
        return try await next(request, context)
    }
}

/// The store did not answer in time (a database server down or restarting): a 503, not a hang.
struct StoreTimeout: Error, CustomStringConvertible {
    var limit: Duration

    var description: String {
        "The database did not answer within \(Self.text(limit)); the server reconnects by itself, try again in a moment."
    }

    /// `5 seconds`, `1 second`, `0.5 seconds`.
    static func text(_ limit: Duration) -> String {
        let seconds = Double(limit.components.seconds) + Double(limit.components.attoseconds) / 1e18
        if seconds == 1 { return "1 second" }
        let whole = seconds.rounded() == seconds
        return (whole ? String(Int(seconds)) : String(format: "%g", seconds)) + " seconds"
    }

    /// The result of `body`, or this error once `limit` has passed, whichever comes first.
    ///
    /// `body` runs in a task of its own (on `executor`'s threads when given) and the caller waits
    /// on a continuation that the first of the two outcomes resumes, exactly once; the limit is
    /// kept by a thread of its own (`Deadlines`), so it fires even while every thread Swift runs
    /// tasks on is busy. A call that
    /// never returns (a silent server, a lock never released, a thread blocked in a driver) so
    /// cannot hold the request: unlike a task group, nothing here waits for the blocked call to
    /// end. That call is cancelled and left to finish by itself; its result is dropped.
    static func limit<T: Sendable>(
        _ limit: Duration, executor: (any TaskExecutor)? = nil, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let answer = FirstAnswer<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                answer.wait(continuation)
                let work = Task(executorPreference: executor) {
                    do { answer.give(.success(try await body())) } catch { answer.give(.failure(error)) }
                }
                let timer = Deadlines.shared.after(limit) { answer.give(.failure(StoreTimeout(limit: limit))) }
                answer.whenGiven {
                    work.cancel()
                    Deadlines.shared.cancel(timer)
                }
            }
        } onCancel: {
            answer.give(.failure(CancellationError()))
        }
    }
}

/// Actions to run once their time has come, on one thread kept for them: time limits that fire
/// whatever else the process is doing.
final class Deadlines: @unchecked Sendable {
    static let shared = Deadlines()

    struct Token: Equatable {
        fileprivate var id: Int
    }

    private struct Entry {
        var id: Int
        var due: Date
        var action: @Sendable () -> Void
    }

    private let condition = NSCondition()
    /// Sorted by due time, soonest first.
    private var entries: [Entry] = []
    private var nextId = 0

    private init() {
        let thread = Thread { [self] in
            Thread.current.name = "salesmetrics-deadlines"
            run()
        }
        thread.start()
    }

    /// Runs `action` once `delay` has passed, unless cancelled before.
    func after(_ delay: Duration, _ action: @escaping @Sendable () -> Void) -> Token {
        let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
        return condition.withLock {
            nextId += 1
            let entry = Entry(id: nextId, due: Date().addingTimeInterval(seconds), action: action)
            entries.insert(entry, at: entries.firstIndex { $0.due > entry.due } ?? entries.endIndex)
            condition.signal()
            return Token(id: entry.id)
        }
    }

    func cancel(_ token: Token) {
        condition.withLock { entries.removeAll { $0.id == token.id } }
    }

    private func run() {
        condition.lock()
        while true {
            guard let first = entries.first else {
                condition.wait()
                continue
            }
            if first.due > Date() {
                _ = condition.wait(until: first.due)
                continue
            }
            entries.removeFirst()
            condition.unlock()
            first.action()
            condition.lock()
        }
    }
}
