import Foundation

/// Every path the server answers, in one place.
enum Paths {
    static let health = "/healthz"
    static let prometheus = "/metrics"
    static let stylesheet = "/assets/style.css"
    static let login = "/login"
    static let logout = "/logout"
    static let overview = "/"
    static let funnel = "/funnel"
    static let sources = "/sources"
    static let metricPrefix = "/metric/"
    static func metric(_ id: String) -> String { metricPrefix + id }

    static let api = "/api/v1"
    static let apiReport = api + "/report"
    static let apiMetrics = api + "/metrics"
    static let apiRecords = api + "/records"
    static let apiImport = api + "/import"
    static let apiOpenAPI = api + "/openapi.json"

    /// Percent-encodes a query value (everything but unreserved characters).
    static func escapeQuery(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// `path?k=v&…`, skipping empty values.
    static func with(_ path: String, _ query: [(String, String)]) -> String {
        let parts = query.filter { !$0.1.isEmpty }.map { "\($0.0)=\(escapeQuery($0.1))" }
        return parts.isEmpty ? path : path + "?" + parts.joined(separator: "&")
    }

    /// A redirect target from a login form: only a local path, never another site.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), next.utf8.count < 2048
        else { return overview }
        return next
    }
}
