import Foundation
import Hummingbird
import SalesMetricsIO

/// A request the server refuses, with a sentence saying why (and, for data, every problem found).
/// Rendered as JSON for the API and as a page for the dashboard; never a stack trace.
struct APIError: HTTPResponseError {
    var status: HTTPResponse.Status
    var message: String
    var issues: [DatasetIssue] = []
    /// Headers the answer needs besides the body's (`Allow` on a 405).
    var headers: HTTPFields = [:]

    static func badRequest(_ message: String) -> APIError { APIError(status: .badRequest, message: message) }
    static func notFound(_ message: String) -> APIError { APIError(status: .notFound, message: message) }
    static func unprocessable(_ message: String, issues: [DatasetIssue] = []) -> APIError {
        APIError(status: .unprocessableContent, message: message, issues: issues)
    }
    static let unauthorized = APIError(
        status: .unauthorized,
        message:
            "A token is needed: send 'Authorization: Bearer TOKEN' (create one with: salesmetrics token create --role viewer --name NAME)."
    )
    static let forbidden = APIError(
        status: .forbidden, message: "This token may only read; writing needs a token with the admin role.")

    static func tooLarge(limit: Int) -> APIError {
        APIError(
            status: .contentTooLarge,
            message:
                "The request body is larger than the limit of \(limit) bytes; split it or raise the limit (salesmetrics serve --max-import-mb)."
        )
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONResponse.make(ErrorBody(error: .init(self)), status: status)
        response.headers.append(contentsOf: headers)
        return response
    }

    struct ErrorBody: Encodable {
        struct Detail: Encodable {
            var status: Int
            var message: String
            var issues: [IssueBody]?
            init(_ e: APIError) {
                status = e.status.code
                message = e.message
                issues = e.issues.isEmpty ? nil : e.issues.map(IssueBody.init)
            }
        }
        var error: Detail
    }
}

/// One problem in an uploaded file, as in SPEC §6.
struct IssueBody: Encodable {
    var severity: String
    var file: String
    var line: Int?
    var column: String?
    var message: String

    init(_ issue: DatasetIssue) {
        severity = issue.severity.rawValue
        file = issue.file
        line = issue.line
        column = issue.column
        message = issue.message
    }
}

/// JSON responses with sorted keys, so answers are stable and diffable.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data(#"{"error":{"status":500,"message":"Encoding failed."}}"#.utf8)
        return bytes(Array(data) + [0x0A], status: status)
    }

    static func bytes(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
