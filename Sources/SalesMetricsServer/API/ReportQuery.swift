import Hummingbird
import SalesMetrics

/// A URL query as plain strings: percent-decoded, first value of each name kept.
struct Query {
    var values: [String: String] = [:]
    /// The API takes values as written, as its document describes them: `to=` is not a date.
    /// The dashboard's forms send every field, so there an empty value means the field was left blank.
    var api = false

    init(_ request: Request, api: Bool = false) {
        for (name, value) in request.uri.queryParameters where values[String(name)] == nil {
            values[String(name)] = String(value)
        }
        self.api = api
    }

    init(_ values: [String: String]) { self.values = values }

    subscript(_ name: String) -> String? {
        guard let v = values[name], api || !v.isEmpty else { return nil }
        return v
    }

    /// Rejects names outside `known`, so a typo (`form=`) is an error rather than silently ignored.
    func check(known: [String]) throws(APIError) {
        if let unknown = values.keys.sorted().first(where: { !known.contains($0) }) {
            throw .badRequest("Unknown parameter '\(unknown)'; the parameters are \(known.joined(separator: ", ")).")
        }
    }

    func day(_ name: String) throws(APIError) -> Int32? {
        guard let text = self[name] else { return nil }
        guard let day = CivilDate.parse(text) else {
            throw .badRequest("\(name) \"\(text)\" is not a date; write YYYY-MM-DD.")
        }
        return day
    }

    func integer(_ name: String, default value: Int, in range: ClosedRange<Int>) throws(APIError) -> Int {
        guard let text = self[name] else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw .badRequest(
                "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(text)\".")
        }
        return n
    }

    func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws(APIError) -> T?
    where T.RawValue == String {
        guard let text = self[name] else { return nil }
        guard let value = T(rawValue: text) else {
            throw .badRequest(
                "\(name) \"\(text)\" is not one of \(T.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return value
    }
}

/// The report parameters of the API and the dashboard; the same meaning as the CLI's options.
enum ReportQuery {
    static let names = ["from", "to", "grain", "by", "metrics", "timezone", "fiscal_year_start_month", "currency"]

    /// `currency`: the server's dataset currency, the only one its amounts can be shown in.
    static func request(_ q: Query, currency: String) throws(APIError) -> ReportRequest {
        var r = ReportRequest()
        r.currency = currency
        r.from = try q.day("from")
        r.to = try q.day("to")
        r.grain = try q.choice("grain", Grain.self) ?? .month
        r.breakdown = try q.choice("by", Breakdown.self)
        if let metrics = q["metrics"] {
            // The API's list is exactly `id,id` (its document's form style); the CLI and the
            // dashboard also take spaces and empty items.
            if q.api, metrics.split(separator: ",", omittingEmptySubsequences: false).contains(where: { $0.isEmpty }) {
                throw .badRequest(
                    "metrics \"\(metrics.prefix(80))\" has an empty item; write metric ids separated by commas, such as win_rate,total_revenue."
                )
            }
            do { r.metrics = try ReportRequest.metricList(metrics, exact: q.api) } catch {
                throw .badRequest(error.description)
            }
        }
        r.timezone = q["timezone"] ?? "UTC"
        r.fiscalYearStartMonth = try q.integer("fiscal_year_start_month", default: 1, in: 1...12)
        if let currency = q["currency"] {
            guard currency.utf8.count == 3, currency.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw .badRequest("currency \"\(currency)\" must be a three-letter code such as USD or EUR.")
            }
            guard currency.uppercased() == r.currency else {
                throw .badRequest(
                    "currency \(currency.uppercased()): this server's amounts are in \(r.currency) (serve --currency); ask without currency or with currency=\(r.currency)."
                )
            }
        }
        return r
    }

    /// Options resolved against the data; bad values become a 400 with the engine's sentence.
    static func options(_ request: ReportRequest, _ loaded: DataCache.Loaded) throws(APIError) -> ReportOptions {
        do { return try request.options(for: loaded.dataset, lastDataDay: loaded.lastDataDay) } catch {
            throw .badRequest(error.description)
        }
    }
}
