import Foundation
import Hummingbird
import SalesMetricsIO

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

/// Reads the store's data and access versions once per request, for the caches.
struct VersionsMiddleware: RouterMiddleware {
    let store: any AccessStore

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        context.versions = try await StoreTimeout.limit(seconds: 5) { [store] in try await store.versions() }
        return try await next(request, context)
    }
}

/// The store did not answer in time (a database server down or restarting): a 503, not a hang.
struct StoreTimeout: Error, CustomStringConvertible {
    var seconds: Int
    var description: String {
        "The database did not answer within \(seconds) seconds; the server reconnects by itself, try again in a moment."
    }

    static func limit<T: Sendable>(seconds: Int, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw StoreTimeout(seconds: seconds) }
            return value
        }
    }
}
