import Foundation

/// What a person asks for (command-line options, a URL's query), before the
/// defaults that depend on the data are filled in.
public struct ReportRequest: Sendable, Hashable {
    public var from: Int32?
    public var to: Int32?
    public var grain: Grain = .month
    public var breakdown: Breakdown?
    public var metrics: [MetricKey]?
    public var timezone = "UTC"
    public var fiscalYearStartMonth = 1
    public var currency = "USD"

    public init() {}

    /// Comma-separated values, blanks dropped.
    public static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Comma-separated metric ids as keys; unknown ids are an error that lists the valid ones.
    /// `exact`: items are taken as written, spaces included (the API's form).
    public static func metricList(_ text: String, exact: Bool = false) throws(ReportError) -> [MetricKey] {
        let ids = exact ? text.split(separator: ",").map(String.init) : list(text)
        let unknown = ids.filter { MetricKey(rawValue: $0) == nil }
        if !unknown.isEmpty { throw .unknownMetrics(unknown) }
        return ids.map { MetricKey(rawValue: $0)! }
    }

    /// The report options. Without `to`, the range ends with the period holding the latest data;
    /// without `from`, it starts one year before `to`. Throws a sentence on bad values.
    /// `lastDataDay` saves finding the latest day again when the caller knows it.
    public func options(for dataset: Dataset, lastDataDay: Int32? = nil) throws(ReportError) -> ReportOptions {
        guard (1...12).contains(fiscalYearStartMonth) else { throw .badFiscalMonth(fiscalYearStartMonth) }
        let calendar = PeriodCalendar(grain: grain, fiscalYearStartMonth: fiscalYearStartMonth)
        // Data may hold any day of years 0–9999 (a typo such as 2205 for 2025); the default range
        // stays within the years reports cover, so such a row never makes the default report fail.
        let latest = min(max(lastDataDay ?? Self.lastDataDay(dataset), ReportLimits.firstDay), ReportLimits.endDay - 1)
        let toDay = to ?? min(calendar.nextStart(after: calendar.periodStart(containing: latest)), ReportLimits.endDay)
        let fromDay = from ?? max(Self.yearBefore(toDay), ReportLimits.firstDay)
        guard fromDay < toDay else {
            throw .emptyRange(from: CivilDate.format(fromDay), to: CivilDate.format(toDay))
        }
        _ = try ReportLimits.checkRange(calendar, from: fromDay, to: toDay)
        let options = ReportOptions(
            grain: grain, from: fromDay, to: toDay, timezone: timezone, fiscalYearStartMonth: fiscalYearStartMonth,
            breakdown: breakdown, metrics: metrics, currency: currency)
        guard options.zone != nil else { throw .unknownTimeZone(timezone) }
        return options
    }

    /// The latest day with data, or the last day of 2025 for an empty dataset.
    public static func lastDataDay(_ dataset: Dataset) -> Int32 {
        DataRange.latestDay(dataset) ?? CivilDate.day(year: 2026, month: 1, day: 1) - 1
    }

    /// The same day a year earlier (29 February → 28 February).
    public static func yearBefore(_ day: Int32) -> Int32 {
        let (y, m, d) = CivilDate.components(day)
        return CivilDate.day(year: y - 1, month: m, day: min(d, CivilDate.daysInMonth(year: y - 1, month: m)))
    }
}
