/// The length of a report period (SPEC §2).
public enum Grain: String, Sendable, CaseIterable, Codable {
    case week, month, quarter, year

    /// `weekly`, `monthly`, … for sentences.
    public var adjective: String {
        switch self {
        case .week: "weekly"
        case .month: "monthly"
        case .quarter: "quarterly"
        case .year: "yearly"
        }
    }
}

/// One period of a report: the days `[firstDay, endDay)` and the instants `[start, end)`.
public struct Period: Sendable, Equatable {
    public var label: String
    public var firstDay: Int32
    /// The first day of the next period (exclusive end).
    public var endDay: Int32
    /// Midnight of `firstDay` in the report time zone, ms since the epoch.
    public var start: Int64
    /// Midnight of `endDay` in the report time zone.
    public var end: Int64

    public var lastDay: Int32 { endDay - 1 }
    public var dayBefore: Int32 { firstDay - 1 }
}

/// Computes period boundaries and labels for a grain and fiscal year.
public struct PeriodCalendar: Sendable {
    public var grain: Grain
    public var fiscalYearStartMonth: Int

    public init(grain: Grain, fiscalYearStartMonth: Int = 1) {
        self.grain = grain
        self.fiscalYearStartMonth = fiscalYearStartMonth
    }

    /// The first day of the period that contains `day`.
    public func periodStart(containing day: Int32) -> Int32 {
        let (y, m, _) = CivilDate.components(day)
        switch grain {
        case .week:
            return day - Int32(CivilDate.isoWeekday(day) - 1)
        case .month:
            return CivilDate.day(year: y, month: m, day: 1)
        case .quarter:
            let offset = ((m - fiscalYearStartMonth) % 12 + 12) % 12
            let start = CivilDate.addingMonths(year: y, month: m, -(offset % 3))
            return CivilDate.day(year: start.year, month: start.month, day: 1)
        case .year:
            let offset = ((m - fiscalYearStartMonth) % 12 + 12) % 12
            let start = CivilDate.addingMonths(year: y, month: m, -offset)
            return CivilDate.day(year: start.year, month: start.month, day: 1)
        }
    }

    /// The first day of the period after the one starting on `start`.
    public func nextStart(after start: Int32) -> Int32 {
        let (y, m, _) = CivilDate.components(start)
        let months: Int
        switch grain {
        case .week: return start + 7
        case .month: months = 1
        case .quarter: months = 3
        case .year: months = 12
        }
        let next = CivilDate.addingMonths(year: y, month: m, months)
        return CivilDate.day(year: next.year, month: next.month, day: 1)
    }

    /// The first day of the period before the one starting on `start`.
    public func previousStart(before start: Int32) -> Int32 {
        periodStart(containing: start - 1)
    }

    /// `2024-W05`, `2024-03`, `2024-Q1` / `FY2025-Q1`, `2024` / `FY2025` (SPEC §2, §8.9).
    public func label(forStart start: Int32) -> String {
        let (y, m, _) = CivilDate.components(start)
        switch grain {
        case .week:
            // The ISO week-year is the year of the week's Thursday.
            let thursday = start + 3
            let isoYear = CivilDate.components(thursday).year
            let week = Int(thursday - CivilDate.day(year: isoYear, month: 1, day: 1)) / 7 + 1
            return CivilDate.pad(isoYear, 4) + "-W" + CivilDate.pad(week, 2)
        case .month:
            return CivilDate.pad(y, 4) + "-" + CivilDate.pad(m, 2)
        case .quarter:
            let offset = ((m - fiscalYearStartMonth) % 12 + 12) % 12
            let quarter = offset / 3 + 1
            if fiscalYearStartMonth == 1 { return CivilDate.pad(y, 4) + "-Q\(quarter)" }
            return "FY" + CivilDate.pad(fiscalYearEnding(year: y, month: m), 4) + "-Q\(quarter)"
        case .year:
            if fiscalYearStartMonth == 1 { return CivilDate.pad(y, 4) }
            return "FY" + CivilDate.pad(fiscalYearEnding(year: y, month: m), 4)
        }
    }

    /// A fiscal year is named by the calendar year in which it ends.
    private func fiscalYearEnding(year: Int, month: Int) -> Int {
        month >= fiscalYearStartMonth ? year + 1 : year
    }
}

/// The periods of one report plus the period just before the first (`P−1`),
/// with sorted boundaries for bucketing instants and days by binary search.
public struct PeriodGrid: Sendable {
    /// `periods[0]` is the period before the first reported one.
    public let periods: [Period]
    /// `instantBounds[i]` = `periods[i].start`, last = `periods.last.end`.
    public let instantBounds: [Int64]
    public let dayBounds: [Int32]

    public init(calendar: PeriodCalendar, from: Int32, to: Int32, zone: ZoneRules) {
        var starts: [Int32] = []
        var start = calendar.previousStart(before: calendar.periodStart(containing: from))
        while start < to {
            starts.append(start)
            start = calendar.nextStart(after: start)
        }
        starts.append(start)
        self.init(starts: starts, labels: starts.dropLast().map(calendar.label(forStart:)), zone: zone)
    }

    /// A grid over consecutive periods: `starts` holds every start plus the final end.
    init(starts: [Int32], labels: [String], zone: ZoneRules) {
        let instants = starts.map(zone.startOfDay)
        periods = labels.indices.map { i in
            Period(
                label: labels[i], firstDay: starts[i], endDay: starts[i + 1], start: instants[i], end: instants[i + 1])
        }
        instantBounds = instants
        dayBounds = starts
    }

    public var count: Int { periods.count }

    /// Index of the period containing the instant, or -1 outside the grid.
    @inline(__always)
    public func index(ofInstant t: Int64) -> Int { Self.index(of: t, in: instantBounds) }

    /// Index of the period containing the day, or -1 outside the grid.
    @inline(__always)
    public func index(ofDay d: Int32) -> Int { Self.index(of: d, in: dayBounds) }

    /// Binary search over sorted period boundaries.
    @inline(__always)
    private static func index<T: Comparable>(of value: T, in bounds: [T]) -> Int {
        if value < bounds[0] || value >= bounds[bounds.count - 1] { return -1 }
        var lo = 0
        var hi = bounds.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) >> 1
            if bounds[mid] <= value { lo = mid } else { hi = mid }
        }
        return lo
    }

    /// Number of boundaries `<= t`: 0 before the grid, `count + 1` after it.
    /// Instants with `t < periods[k].start` are exactly those with `boundaryRank(t) <= k`.
    @inline(__always)
    public func boundaryRank(ofInstant t: Int64) -> Int {
        var lo = 0
        var hi = instantBounds.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if instantBounds[mid] <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
