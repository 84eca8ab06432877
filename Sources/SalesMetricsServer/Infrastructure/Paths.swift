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
    static let reviews = "/reviews"
    static let leads = "/leads"
    static let customers = "/customers"
    static let reviewDownload = "/reviews/download"
    static let metricPrefix = "/metric/"
    static func metric(_ id: String) -> String { metricPrefix + id }

    static let api = "/api/v1"
    static let apiReport = api + "/report"
    static let apiMetrics = api + "/metrics"
    static let apiRecords = api + "/records"
    static let apiImport = api + "/import"
    static let apiTargets = api + "/targets"
    static let apiTargetStatus = api + "/target-status"
    static let apiLeadScores = api + "/leads/scores"
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

    /// A redirect target from a login form: only a path on this site, never another site.
    ///
    /// Browsers drop tabs and line breaks anywhere in a URL, trim spaces and control characters
    /// around it, and read a backslash as a slash, so `/<TAB>/evil.example` and `/\evil.example`
    /// lead to another site as surely as `//evil.example`. Nothing is stripped here, so nothing can
    /// be stripped later either: the target is a path (one leading `/`) of printable ASCII without
    /// backslashes, whose path part has no percent-encoded slash, backslash or control character
    /// (in case something along the way decodes it once more). Anything else goes to the overview.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.utf8.count < 2048 else { return overview }
        let bytes = Array(next.utf8)
        guard bytes.first == UInt8(ascii: "/"),
            bytes.count == 1 || (bytes[1] != UInt8(ascii: "/") && bytes[1] != UInt8(ascii: "\\")),
            bytes.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "\\") })
        else { return overview }
        let pathEnd = bytes.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.endIndex
        var i = bytes.startIndex
        while i < pathEnd {
            if bytes[i] == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, let byte = hexByte(bytes[i + 1], bytes[i + 2]),
                    byte >= 0x20, byte != 0x7F, byte != UInt8(ascii: "/"), byte != UInt8(ascii: "\\")
                else { return overview }
                i += 3
            } else {
                i += 1
            }
        }
        return next
    }

    /// The byte two hexadecimal digits stand for.
    private static func hexByte(_ high: UInt8, _ low: UInt8) -> UInt8? {
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        guard let h = value(high), let l = value(low) else { return nil }
        return h << 4 | l
    }
}
