import Foundation

/// The customer engagement score (docs/scoring.md, "Engagement score"): how
/// much a paying account used the product in the 30 days to a day, against the other paying
/// accounts of its segment.
///
/// For an account on day d, from usage.csv (the rows dated d − 29 … d, and d − 59 … d − 30 for
/// the trend), four measures:
/// - **recency**: 1 − (days since its last use) / 30, at least 0;
/// - **frequency**: the days with use;
/// - **breadth**: the distinct features used (left out when usage.csv names none);
/// - **trend**: use in the 30 days over use in the 60 days (0.5 is steady, 1 all new, 0 none).
///
/// "Use" on a row is its `events`, else `sessions`, else `active_users`: the first of these
/// columns that the file fills anywhere, the same for every row. Each measure becomes its
/// percentile rank, (below + ½ · equal) / count, in its segment's **reference**: the measures of
/// the segment's paying accounts on every reference day (the month ends that usage.csv covers
/// with the 60 days before them; its last day when none does). The score is 100 × the mean rank,
/// rounded half up: 0–100, and 50 is the segment's typical account over the data's history, so
/// an average over accounts moves when the whole customer base uses the product more or less.
/// An account is paying on d when its MRR on d is above 0.
public struct EngagementModel: Sendable {
    /// One account's measures and score on a day.
    public struct Measures: Sendable, Equatable {
        public var recency: Double
        public var activeDays: Int
        public var features: Int
        public var trend: Double
        /// Use in the 30 days, and in the 30 before them.
        public var use: Double
        public var previousUse: Double
        /// Days since the last use (nil: none in 60 days).
        public var daysSinceUse: Int?
    }

    public struct Scored: Sendable, Equatable {
        public var account: Int32
        public var score: Int
        public var measures: Measures
    }

    /// The measure that "use" is, in words.
    public let useColumn: String
    /// Whether usage.csv names features (breadth counts).
    public let hasFeatures: Bool

    let usage: Usage
    /// Row indexes sorted by (account, date); account a's rows are `order[starts[a]..<starts[a + 1]]`.
    let order: [Int]
    let starts: [Int]
    /// Each row's use in millionths (0 when empty): sums are exact, so the trend's ties are the
    /// same in every implementation (Benchmarks/duckdb_report.py).
    let use: [Int64]
    let segmentOf: [Int32]
    let mrr: MRRTimeline
    /// The days whose measures every score is ranked against, and those measures by segment
    /// (a segment without any falls back to all of them).
    public let referenceDays: [Int32]
    private(set) var references: [Int32: Reference] = [:]
    private(set) var pooled = Reference()

    public static let window: Int32 = 30

    /// nil when the dataset has no usage.csv or no subscriptions.csv.
    public init?(_ d: Dataset) {
        guard let usage = d.usage, let subscriptions = d.subscriptions else { return nil }
        self.usage = usage
        let columns: [(String, [Int64])] = [
            ("events", usage.events), ("sessions", usage.sessions), ("active_users", usage.activeUsers),
        ]
        let chosen = columns.first { $0.1.contains { $0 >= 0 } } ?? columns[0]
        useColumn = chosen.0
        use = chosen.1.map { max(0, $0) }
        hasFeatures = usage.feature.contains { $0 >= 0 }
        order = usage.account.indices.sorted {
            (usage.account[$0], usage.date[$0], $0) < (usage.account[$1], usage.date[$1], $1)
        }
        let accounts = d.accountIds.count
        var starts = [Int](repeating: 0, count: accounts + 1)
        for a in usage.account where a >= 0 && Int(a) < accounts { starts[Int(a) + 1] += 1 }
        for a in 0..<accounts { starts[a + 1] += starts[a] }
        self.starts = starts
        segmentOf = d.accountDimensions().segment
        mrr = MRRTimeline(subscriptions, accounts: accounts)
        referenceDays = Self.referenceDays(Self.span(usage.date))
        var references: [Int32: Reference] = [:]
        var pooled = Reference()
        var marks = FeatureMarks(count: usage.features.count)
        for day in referenceDays {
            for account in mrr.paying(on: day) {
                let m = measures(account, on: day, marks: &marks)
                references[segment(of: account), default: Reference()].append(m)
                pooled.append(m)
            }
        }
        self.references = references.mapValues { $0.sorted() }
        self.pooled = pooled.sorted()
    }

    /// The month ends whose 60 days before them usage.csv spans; its last day when there is none.
    static func referenceDays(_ span: ClosedRange<Int32>?) -> [Int32] {
        guard let span else { return [] }
        var days: [Int32] = []
        var (year, month, _) = CivilDate.components(span.lowerBound)
        while true {
            let last = CivilDate.day(year: year, month: month, day: CivilDate.daysInMonth(year: year, month: month))
            if last > span.upperBound { break }
            if covers(span, last) { days.append(last) }
            (year, month) = CivilDate.addingMonths(year: year, month: month, 1)
        }
        return days.isEmpty ? [span.upperBound] : days
    }

    /// Whether usage spans the 60 days ending with `day` (the window of a score's measures).
    public static func covers(_ span: ClosedRange<Int32>, _ day: Int32) -> Bool {
        span.lowerBound <= day - 2 * window + 1 && day <= span.upperBound
    }

    func segment(of account: Int32) -> Int32 {
        Int(account) < segmentOf.count ? segmentOf[Int(account)] : StringCodes.none
    }

    /// Sorted measures of paying accounts on the reference days, to rank a score's measures in.
    struct Reference: Sendable {
        var recency: [Int] = []
        var activeDays: [Int] = []
        var trend: [Double] = []
        var features: [Int] = []
        var count: Int { activeDays.count }

        mutating func append(_ m: Measures) {
            recency.append(EngagementModel.recencyKey(m))
            activeDays.append(m.activeDays)
            trend.append(m.trend)
            features.append(m.features)
        }

        func sorted() -> Reference {
            Reference(
                recency: recency.sorted(), activeDays: activeDays.sorted(), trend: trend.sorted(),
                features: features.sorted())
        }

        /// Σ over the measures of 2 · below + equal: the percentile ranks times 2 · count.
        func rankSum(_ m: Measures, features withFeatures: Bool) -> Int {
            var sum =
                Self.rank(recency, EngagementModel.recencyKey(m)) + Self.rank(activeDays, m.activeDays)
                + Self.rank(trend, m.trend)
            if withFeatures { sum += Self.rank(features, m.features) }
            return sum
        }

        /// 2 · below + equal = (first position ≥ x) + (first position > x) in a sorted list.
        static func rank<T: Comparable>(_ sorted: [T], _ x: T) -> Int {
            var lo = 0
            var hi = sorted.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if sorted[mid] < x { lo = mid + 1 } else { hi = mid }
            }
            var upper = lo
            hi = sorted.count
            while upper < hi {
                let mid = (upper + hi) / 2
                if sorted[mid] <= x { upper = mid + 1 } else { hi = mid }
            }
            return lo + upper
        }
    }

    /// Recency as whole days since the last use, 30 or more and none alike, negated so that
    /// more recent ranks higher; whole numbers make its ties exact.
    static func recencyKey(_ m: Measures) -> Int { -min(m.daysSinceUse ?? 30, 30) }

    /// Every account paying on `day`, scored, in account order.
    public func scores(on day: Int32) -> [Scored] {
        var marks = FeatureMarks(count: usage.features.count)
        let columns = hasFeatures ? 4 : 3
        return mrr.paying(on: day).map { account in
            let m = measures(account, on: day, marks: &marks)
            let reference = references[segment(of: account)] ?? pooled
            // No paying account on any reference day: nothing to rank against, a typical 50.
            guard reference.count > 0 else { return Scored(account: account, score: 50, measures: m) }
            // 100 × Σ ranks / (2n · columns), rounded half up in whole numbers.
            let numerator = 100 * reference.rankSum(m, features: hasFeatures)
            let denominator = 2 * reference.count * columns
            return Scored(account: account, score: (2 * numerator + denominator) / (2 * denominator), measures: m)
        }
    }

    /// The raw measures of one account on a day.
    public func measures(_ account: Int32, on day: Int32) -> Measures {
        var marks = FeatureMarks(count: usage.features.count)
        return measures(account, on: day, marks: &marks)
    }

    /// Which features an account used, without a set per account: a feature is counted when its
    /// mark is not yet the current account's stamp.
    struct FeatureMarks {
        var mark: [Int]
        var stamp = 0
        init(count: Int) { mark = [Int](repeating: 0, count: count) }
    }

    func measures(_ account: Int32, on day: Int32, marks: inout FeatureMarks) -> Measures {
        var m = Measures(
            recency: 0, activeDays: 0, features: 0, trend: 0, use: 0, previousUse: 0, daysSinceUse: nil)
        guard account >= 0 && Int(account) + 1 < starts.count else { return m }
        let slice = starts[Int(account)]..<starts[Int(account) + 1]
        guard !slice.isEmpty else { return m }
        let first = day - 2 * Self.window + 1
        let split = day - Self.window + 1
        marks.stamp += 1
        var recent: Int128 = 0
        var earlier: Int128 = 0
        // The slice is in date order: the rows up to `day`, from the end back to `first`.
        var i = Self.upperBound(order, slice, usage.date, day)
        var lastDate = CivilDate.none
        while i > slice.lowerBound {
            i -= 1
            let row = order[i]
            let date = usage.date[row]
            if date < first { break }
            guard use[row] > 0 else { continue }
            if m.daysSinceUse == nil { m.daysSinceUse = Int(day - date) }
            if date >= split {
                recent += Int128(use[row])
                if date != lastDate { m.activeDays += 1 }
                lastDate = date
                let feature = Int(usage.feature[row])
                if feature >= 0 && marks.mark[feature] != marks.stamp {
                    marks.mark[feature] = marks.stamp
                    m.features += 1
                }
            } else {
                earlier += Int128(use[row])
            }
        }
        m.use = Double(recent) / 1_000_000
        m.previousUse = Double(earlier) / 1_000_000
        if let since = m.daysSinceUse { m.recency = max(0, 1 - Double(since) / Double(Self.window)) }
        // Both sums become doubles before the division, as in the DuckDB check.
        m.trend = recent + earlier > 0 ? Double(recent) / Double(recent + earlier) : 0
        return m
    }

    /// The position after the last row of the slice dated on or before `day`.
    static func upperBound(_ order: [Int], _ slice: Range<Int>, _ dates: [Int32], _ day: Int32) -> Int {
        var lo = slice.lowerBound
        var hi = slice.upperBound
        while lo < hi {
            let mid = (lo + hi) / 2
            if dates[order[mid]] <= day { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The first day of usage data, and the last.
    public var usageSpan: ClosedRange<Int32>? { Self.span(usage.date) }

    static func span(_ dates: [Int32]) -> ClosedRange<Int32>? {
        guard let lo = dates.min(), let hi = dates.max() else { return nil }
        return lo...hi
    }
}

/// Each account's MRR over time from subscriptions.csv: who pays on a day, and when an account
/// stops paying (its churn days: the end of a paid stretch that no other paid stretch continues).
public struct MRRTimeline: Sendable {
    /// Per account, its paid intervals [start, end), merged and in order.
    let intervals: [[Range<Int32>]]

    public init(_ s: Subscriptions, accounts: Int) {
        var raw = [[Range<Int32>]](repeating: [], count: accounts)
        for i in s.account.indices where s.mrr[i] > 0 && s.account[i] >= 0 && Int(s.account[i]) < accounts {
            let end = s.endedOn[i] == CivilDate.none ? CivilDate.never : s.endedOn[i]
            if s.startedOn[i] < end { raw[Int(s.account[i])].append(s.startedOn[i]..<end) }
        }
        intervals = raw.map { list in
            var merged: [Range<Int32>] = []
            for r in list.sorted(by: { $0.lowerBound < $1.lowerBound }) {
                if let last = merged.last, r.lowerBound <= last.upperBound {
                    merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
                } else {
                    merged.append(r)
                }
            }
            return merged
        }
    }

    /// The accounts whose MRR on `day` is above 0.
    public func paying(on day: Int32) -> [Int32] {
        intervals.indices.compactMap { a in intervals[a].contains { $0.contains(day) } ? Int32(a) : nil }
    }

    /// Whether the account stops paying on a day in (day, day + days].
    public func churns(_ account: Int32, after day: Int32, within days: Int32) -> Bool {
        intervals[Int(account)].contains { $0.contains(day) && $0.upperBound <= day + days }
    }
}
