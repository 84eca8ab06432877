import HTTPTypes
import Hummingbird
import Logging
import SalesMetricsIO

/// Turns every failure into a JSON error with a sentence: Hummingbird's own errors (unknown
/// route, wrong method, body too large) included. Unexpected errors are logged and answered
/// with a 500 that reveals nothing.
struct ErrorMiddleware: RouterMiddleware {
    let store: any MetricsStore

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as HTTPError {
            throw APIError(status: error.status, message: Self.sentence(error.status, request: request))
        } catch let error as any HTTPResponseError {
            throw APIError(status: error.status, message: Self.sentence(error.status, request: request))
        } catch let error as StoreTimeout {
            throw APIError(status: .serviceUnavailable, message: error.description)
        } catch  where store.isUnavailable(error) {
            context.logger.warning("The database is unavailable: \(error)")
            throw APIError(
                status: .serviceUnavailable,
                message:
                    "The database is unavailable right now; the server reconnects by itself, try again in a moment.")
        } catch {
            context.logger.error("Request failed: \(request.method) \(request.uri.path): \(error)")
            throw APIError(
                status: .internalServerError, message: "The server could not answer; the error is in its log.")
        }
    }

    static func sentence(_ status: HTTPResponse.Status, request: Request) -> String {
        switch status {
        case .notFound: "There is no \(request.uri.path) here; the API is described at \(Paths.apiOpenAPI)."
        case .methodNotAllowed: "\(request.method) is not allowed on \(request.uri.path)."
        case .contentTooLarge: "The request body is too large."
        default: "The request could not be answered (\(status.code) \(status.reasonPhrase))."
        }
    }
}
