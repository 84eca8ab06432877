import SalesMetrics

/// What a dashboard page shows, all from the URL so any view can be bookmarked and shared:
/// a range (a preset relative to the latest data, or dates), a grain, the selected period,
/// at most one filter (`owner:rep-07`), and on metric pages a breakdown.
struct DashboardView: Sendable {
    enum Preset: String, CaseIterable {
        case last12 = "last-12-months"
        case thisMonth = "this-month"
        case lastQuarter = "last-quarter"
        case yearToDate = "year-to-date"
        case custom

        var label: String {
            switch self {
            case .last12: "Last 12 months"
            case .thisMonth: "This month"
            case .lastQuarter: "Last quarter"
            case .yearToDate: "Year to date"
            case .custom: "Custom dates"
            }
        }
    }

    static let parameters = [
        "range", "grain", "from", "to", "period", "filter", "by", "timezone", "fiscal_year_start_month", "currency",
        "stages",
    ]

    var preset = Preset.last12
    var request = ReportRequest()
    var period: String?
    var filter: (dimension: Breakdown, key: String)?
    var by: Breakdown?
    var stages: [String] = []

    init(_ q: Query, currency: String) throws(APIError) {
        try q.check(known: Self.parameters)
        preset = try q.choice("range", Preset.self) ?? (q["from"] != nil || q["to"] != nil ? .custom : .last12)
        var reportQuery = q
        reportQuery.values["by"] = nil
        request = try ReportQuery.request(reportQuery, currency: currency)
        request.breakdown = nil
        period = q["period"]
        if let period, !Self.isPeriodLabel(period) {
            throw .badRequest(
                "period \"\(period.prefix(40))\" is not a period label; write one such as 2025-03, 2025-Q1, 2025-W05, 2025 or FY2025-Q1."
            )
        }
        by = try q.choice("by", Breakdown.self)
        stages = q["stages"].map(ReportRequest.list) ?? []
        if let text = q["filter"] {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let dimension = Breakdown(rawValue: parts[0]), !parts[1].isEmpty else {
                throw .badRequest(
                    "filter \"\(text)\" must read DIMENSION:VALUE, such as segment:Enterprise (dimensions: \(Breakdown.allCases.map(\.rawValue).joined(separator: ", ")))."
                )
            }
            filter = (dimension, parts[1])
        }
    }

    /// Whether a text has the shape of a period label (`2025`, `2025-03`, `2025-W05`, `2025-Q1`,
    /// with `FY` before fiscal years): anything else selects nothing and is refused, so junk
    /// values cannot fill the page cache.
    static func isPeriodLabel(_ text: String) -> Bool {
        var s = Substring(text)
        if s.hasPrefix("FY") { s = s.dropFirst(2) }
        let digits = s.prefix(4)
        guard digits.count == 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        let rest = s.dropFirst(4)
        if rest.isEmpty { return true }
        guard rest.first == "-" else { return false }
        let part = rest.dropFirst()
        func number(_ t: Substring) -> Bool { t.count == 2 && t.allSatisfy { $0.isASCII && $0.isNumber } }
        if part.first == "W" { return number(part.dropFirst()) }
        if part.first == "Q" { return part.count == 2 && ("1"..."4").contains(part.last!) }
        return number(part)
    }

    /// The report range: the preset's dates around the latest day with data.
    func options(for loaded: DataCache.Loaded) throws(APIError) -> ReportOptions {
        var r = request
        let calendar = PeriodCalendar(grain: .month, fiscalYearStartMonth: r.fiscalYearStartMonth)
        let anchor = loaded.lastDataDay
        let month = calendar.periodStart(containing: anchor)
        switch preset {
        case .custom: break
        case .last12:
            r.to = calendar.nextStart(after: month)
            r.from = ReportRequest.yearBefore(r.to!)
        case .thisMonth:
            r.from = month
            r.to = calendar.nextStart(after: month)
        case .lastQuarter:
            let quarters = PeriodCalendar(grain: .quarter, fiscalYearStartMonth: r.fiscalYearStartMonth)
            let this = quarters.periodStart(containing: anchor)
            r.from = quarters.previousStart(before: this)
            r.to = this
        case .yearToDate:
            let years = PeriodCalendar(grain: .year, fiscalYearStartMonth: r.fiscalYearStartMonth)
            r.from = years.periodStart(containing: anchor)
            r.to = anchor + 1
        }
        var options = try ReportQuery.options(r, loaded)
        // Pages show the count behind each ratio.
        options.samples = true
        return options
    }

    /// This view's query with some parameters replaced (nil removes one), for links and forms.
    func query(_ changes: [String: String?] = [:]) -> [(String, String)] {
        var q: [(String, String)] = [("range", preset.rawValue), ("grain", request.grain.rawValue)]
        if preset == .custom {
            if let from = request.from { q.append(("from", CivilDate.format(from))) }
            if let to = request.to { q.append(("to", CivilDate.format(to))) }
        }
        if let period { q.append(("period", period)) }
        if let filter { q.append(("filter", "\(filter.dimension.rawValue):\(filter.key)")) }
        if let by { q.append(("by", by.rawValue)) }
        if request.timezone != "UTC" { q.append(("timezone", request.timezone)) }
        if request.fiscalYearStartMonth != 1 {
            q.append(("fiscal_year_start_month", String(request.fiscalYearStartMonth)))
        }
        // (The currency is the server's: links need not carry it.)
        if !stages.isEmpty { q.append(("stages", stages.joined(separator: ","))) }
        for (name, value) in changes {
            q.removeAll { $0.0 == name }
            if let value { q.append((name, value)) }
        }
        return q
    }

    func link(_ path: String, _ changes: [String: String?] = [:]) -> String { Paths.with(path, query(changes)) }
}
