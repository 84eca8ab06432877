import HTTPTypes
import Hummingbird

/// Answers 405 with `Allow` when a request's path is one of the API's but its method is not
/// (`POST /api/v1/report`), before routing and before access checks: which methods a path has
/// is in the public document anyway. Without it the router could only say 404.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        if let allowed = APIOperation.methods(forPath: Substring(request.uri.path)),
            !allowed.contains(request.method)
        {
            let allow = allowed.map(\.rawValue).joined(separator: ", ")
            throw APIError(
                status: .methodNotAllowed,
                message: "\(request.method) is not allowed on \(request.uri.path); it takes \(allow).",
                headers: [.allow: allow])
        }
        return try await next(request, context)
    }
}
