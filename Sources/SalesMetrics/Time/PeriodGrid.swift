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
