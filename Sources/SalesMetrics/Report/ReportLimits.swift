/// How much one report may ask for, checked before any work starts.
///
/// A report's cost grows with periods × groups (the engine's cells, each a few dozen sums) and
/// periods × groups × metrics (the values it returns); a request names the first two freely
/// (`--from 0001-01-01 --grain week --by owner`), so each has a ceiling that no real review
/// reaches and that bounds the memory of one request to well under a gigabyte (the values,
/// their JSON and the engine's cells together; measured in docs/performance.md; the limits are
/// in docs/api.md, "Request limits"). The same limits hold for the CLI, the API and the dashboard.
public enum ReportLimits {
    /// Report ranges lie within these days: 1900-01-01 (first day) to 2200-01-01 (exclusive end).
    public static let firstDay = CivilDate.day(year: 1900, month: 1, day: 1)
    public static let endDay = CivilDate.day(year: 2200, month: 1, day: 1)
    /// Periods of one report (1,000 weeks are 19 years; 1,000 months 83).
    public static let maxPeriods = 1000
    /// Periods × (groups + 1), counting the calendar months the CLTV churn reads (12 before the range).
    public static let maxCells = 300_000
    /// Periods × (groups + 1) × metrics: the values of one report.
    public static let maxValues = 9_000_000
    /// Days × paying accounts the engagement metrics score (``EngagementSamples``): at scale 100
    /// (134,000 paying accounts) a year of weeks is 15 million, about 2 s.
    public static let maxEngagementScorings = 30_000_000

    /// Checks the scoring the engagement metrics need: `days` scoring days of `accounts` accounts.
    public static func checkEngagement(days: Int, accounts: Int) throws(ReportError) {
        if days * accounts > maxEngagementScorings { throw .tooMuchScoring(days: days, accounts: accounts) }
    }

    /// Checks the range against the year bounds and counts its periods, stopping at the limit.
    public static func checkRange(_ calendar: PeriodCalendar, from: Int32, to: Int32) throws(ReportError) -> Int {
        guard from >= firstDay, to <= endDay else {
            throw .outsideYears(from: CivilDate.format(from), to: CivilDate.format(to))
        }
        var periods = 0
        var start = calendar.periodStart(containing: from)
        while start < to {
            periods += 1
            if periods > maxPeriods {
                throw .tooManyPeriods(
                    grain: calendar.grain, atLeast: periods, from: CivilDate.format(from),
                    to: CivilDate.format(to))
            }
            start = calendar.nextStart(after: start)
        }
        return periods
    }

    /// Checks the work of a report with `periods` periods, `groups` breakdown groups (0 without
    /// a breakdown) and `metrics` metrics.
    public static func checkSize(periods: Int, months: Int, groups: Int, metrics: Int) throws(ReportError) {
        let rows = groups + 1
        let cells = max(periods + 1, months) * rows
        if cells > maxCells { throw .tooManyCells(periods: periods, groups: groups, cells: cells) }
        let values = periods * rows * metrics
        if values > maxValues {
            throw .tooManyValues(periods: periods, groups: groups, metrics: metrics, values: values)
        }
    }

    /// Calendar months the CLTV churn reads for a range: its months and the 13 before.
    public static func months(from: Int32, to: Int32) -> Int {
        let (y0, m0, _) = CivilDate.components(from)
        let (y1, m1, _) = CivilDate.components(to)
        return (y1 - y0) * 12 + (m1 - m0) + 14
    }
}
