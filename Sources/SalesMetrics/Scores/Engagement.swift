import Foundation

/// The customer engagement score (docs/scoring.md, "Engagement score"): how
/// much a paying account used the product in the 30 days to a day, against its segment's history.
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

    /// usage.csv's rows in (account, date) order, as columns: account a's rows are
    /// `starts[a]..<starts[a + 1]`, so a score reads its 60 days as one contiguous run.
    let dates: [Int32]
    /// Each row's use in millionths (0 when empty): sums are exact, so the trend's ties are the
    /// same in every implementation (Benchmarks/duckdb_report.py).
    let uses: [Int64]
    let features: [Int32]
    let starts: [Int]
    let featureCount: Int
    /// The first day of usage data, and the last.
    public let usageSpan: ClosedRange<Int32>?
    let segmentOf: [Int32]
    let mrr: MRRTimeline
    /// The days whose measures every score is ranked against, and those measures by segment
    /// (a segment without any falls back to all of them).
    public let referenceDays: [Int32]
    private(set) var references: [Int32: Reference] = [:]
    private(set) var pooled = Reference()
    private(set) var referenceScores: [Int32: (accounts: [Int32], scores: [UInt8])] = [:]

    public static let window: Int32 = 30

    /// nil when the dataset has no usage.csv or no subscriptions.csv.
    public init?(_ d: Dataset) {
        guard let usage = d.usage, let subscriptions = d.subscriptions else { return nil }
        let columns: [(String, [Int64])] = [
            ("events", usage.events), ("sessions", usage.sessions), ("active_users", usage.activeUsers),
        ]
        let chosen = columns.first { $0.1.contains { $0 >= 0 } } ?? columns[0]
        useColumn = chosen.0
        hasFeatures = usage.feature.contains { $0 >= 0 }
        featureCount = usage.features.count
        usageSpan = Self.span(usage.date)
        // A counting sort by account, then each account's few rows by date.
        let accounts = d.accountIds.count
        var starts = [Int](repeating: 0, count: accounts + 1)
        for a in usage.account where a >= 0 && Int(a) < accounts { starts[Int(a) + 1] += 1 }
        for a in 0..<accounts { starts[a + 1] += starts[a] }
        var next = starts
        var order = [Int](repeating: 0, count: starts[accounts])
        for (row, a) in usage.account.enumerated() where a >= 0 && Int(a) < accounts {
            order[next[Int(a)]] = row
            next[Int(a)] += 1
        }
        for a in 0..<accounts where starts[a + 1] - starts[a] > 1 {
            order[starts[a]..<starts[a + 1]].sort { usage.date[$0] < usage.date[$1] }
        }
        dates = order.map { usage.date[$0] }
        uses = order.map { max(0, chosen.1[$0]) }
        features = order.map { usage.feature[$0] }
        self.starts = starts
        segmentOf = d.accountDimensions().segment
        mrr = MRRTimeline(subscriptions, accounts: accounts)
        referenceDays = Self.referenceDays(usageSpan)
        var references: [Int32: Reference] = [:]
        var pooled = Reference(features: featureCount)
        var marks = FeatureMarks(count: featureCount)
        var measuredDays: [(accounts: [Int32], keys: [Keys])] = []
        for day in referenceDays {
            let accounts = mrr.paying(on: day)
            let keys = accounts.map { Keys(measures($0, on: day, marks: &marks)) }
            for (account, k) in zip(accounts, keys) {
                references[segment(of: account), default: Reference(features: featureCount)].append(k)
                pooled.append(k)
            }
            measuredDays.append((accounts, keys))
        }
        self.references = references.mapValues { $0.finished() }
        // All segments together only serve a segment without a reference of its own: built only
        // when an account that ever pays is in one.
        let everPaying = mrr.first.indices.dropLast().filter { mrr.first[$0 + 1] > mrr.first[$0] }
        if everPaying.contains(where: { references[segment(of: Int32($0))] == nil }) {
            self.pooled = pooled.finished()
        }
        // The reference days' own scores, kept: a period or backtest day that is a month end
        // then costs no second pass.
        var cached: [Int32: (accounts: [Int32], scores: [UInt8])] = [:]
        for (day, measured) in zip(referenceDays, measuredDays) {
            cached[day] = (measured.accounts, ranked(measured.accounts, measured.keys).map(UInt8.init))
        }
        referenceScores = cached
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

    /// The measures of paying accounts on the reference days, kept so that a value's rank is
    /// found at once: the whole-number measures as counts per value, the trend as its distinct
    /// values in order with how many are below and equal to each.
    struct Reference: Sendable {
        /// Counts per value, then (once finished) the count below each value.
        struct Counts: Sendable {
            var equal: [Int]
            var below: [Int] = []

            init(values: Int) { equal = [Int](repeating: 0, count: values) }

            mutating func add(_ v: Int) { equal[min(max(v, 0), equal.count - 1)] += 1 }

            mutating func finish() {
                below = [Int](repeating: 0, count: equal.count)
                for v in equal.indices.dropFirst() { below[v] = below[v - 1] + equal[v - 1] }
            }

            /// 2 · below + equal.
            func rank(_ v: Int, of count: Int) -> Int {
                if v < 0 { return 0 }
                if v >= equal.count { return 2 * count }
                return 2 * below[v] + equal[v]
            }
        }

        private(set) var count = 0
        /// Days since the last use, 0–30 (30: none within 30 days).
        var recency = Counts(values: Int(EngagementModel.window) + 1)
        /// Days with use in the 30 days, 0–30.
        var activeDays = Counts(values: Int(EngagementModel.window) + 1)
        var features: Counts
        var trends: [Double] = []
        var trendBelow: [Int] = []
        var trendEqual: [Int] = []

        init(features: Int) { self.features = Counts(values: features + 1) }
        init() { self.init(features: 0) }

        mutating func append(_ k: Keys) {
            count += 1
            recency.add(k.daysSince)
            activeDays.add(k.activeDays)
            features.add(k.features)
            trends.append(k.trend)
        }

        func finished() -> Reference {
            var r = self
            r.recency.finish()
            r.activeDays.finish()
            r.features.finish()
            let sorted = trends.sorted()
            r.trends = []
            var i = 0
            while i < sorted.count {
                var j = i
                while j < sorted.count && sorted[j] == sorted[i] { j += 1 }
                r.trends.append(sorted[i])
                r.trendBelow.append(i)
                r.trendEqual.append(j - i)
                i = j
            }
            return r
        }

        /// Σ over the measures of 2 · below + equal: the percentile ranks times 2 · count, the
        /// trend's given. Fewer days since the last use rank higher.
        func rankSum(_ k: Keys, trendRank: Int, features withFeatures: Bool) -> Int {
            var sum =
                2 * count - recency.rank(k.daysSince, of: count) + activeDays.rank(k.activeDays, of: count)
                + trendRank
            if withFeatures { sum += features.rank(k.features, of: count) }
            return sum
        }

        /// 2 · below + equal of each trend, by one walk of the sorted trends beside the
        /// reference's (a search per account would wander over the whole reference).
        func trendRanks(_ values: [Double]) -> [Int] {
            var ranks = [Int](repeating: 0, count: values.count)
            var j = 0
            var order = values.enumerated().map { ($0.element, $0.offset) }
            order.sort { $0.0 < $1.0 }
            for (x, k) in order {
                while j < trends.count && trends[j] < x { j += 1 }
                ranks[k] = j == trends.count ? 2 * count : 2 * trendBelow[j] + (trends[j] == x ? trendEqual[j] : 0)
            }
            return ranks
        }

    }

    /// Every account paying on `day`, scored, in account order.
    public func scores(on day: Int32) -> [Scored] {
        var marks = FeatureMarks(count: featureCount)
        let paying = mrr.paying(on: day)
        let measured = paying.map { measures($0, on: day, marks: &marks) }
        let score = ranked(paying, measured.map(Keys.init))
        return paying.indices.map { Scored(account: paying[$0], score: score[$0], measures: measured[$0]) }
    }

    /// The scores alone of every account paying on `day`, in account order: kept ones on a
    /// reference day.
    public func scoreValues(on day: Int32) -> (accounts: [Int32], scores: [Int]) {
        if let kept = referenceScores[day] { return (kept.accounts, kept.scores.map(Int.init)) }
        let scored = scores(on: day)
        return (scored.map(\.account), scored.map(\.score))
    }

    /// The scores of accounts from their measures' keys, in the same order: 100 × Σ ranks /
    /// (2n · columns), rounded half up in whole numbers, against each one's segment reference.
    func ranked(_ accounts: [Int32], _ keys: [Keys]) -> [Int] {
        let columns = hasFeatures ? 4 : 3
        // No paying account on any reference day: nothing to rank against, a typical 50.
        var score = [Int](repeating: 50, count: accounts.count)
        var bySegment: [Int32: [Int]] = [:]
        for (i, account) in accounts.enumerated() { bySegment[segment(of: account), default: []].append(i) }
        for (segment, members) in bySegment {
            let reference = references[segment] ?? pooled
            guard reference.count > 0 else { continue }
            let trendRanks = reference.trendRanks(members.map { keys[$0].trend })
            let denominator = 2 * reference.count * columns
            for (k, i) in members.enumerated() {
                let numerator = 100 * reference.rankSum(keys[i], trendRank: trendRanks[k], features: hasFeatures)
                score[i] = (2 * numerator + denominator) / (2 * denominator)
            }
        }
        return score
    }

    /// What a score ranks of an account's measures: whole days since the last use (30 or more,
    /// and none, alike: whole numbers make the ties exact), days with use, features, trend.
    struct Keys {
        let daysSince: Int
        let activeDays: Int
        let features: Int
        let trend: Double

        init(_ m: Measures) {
            daysSince = min(m.daysSinceUse ?? 30, 30)
            activeDays = m.activeDays
            features = m.features
            trend = m.trend
        }
    }

    /// The raw measures of one account on a day.
    public func measures(_ account: Int32, on day: Int32) -> Measures {
        var marks = FeatureMarks(count: featureCount)
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
        // Sums of millionths: Int64 holds 9,000 rows at the largest count; past that, Int128.
        var recent: Int64 = 0
        var earlier: Int64 = 0
        var wide: (recent: Int128, earlier: Int128)?
        // The slice is in date order: the rows up to `day`, from the end back to `first`.
        var i = Self.upperBound(dates, slice, day)
        var lastDate = CivilDate.none
        while i > slice.lowerBound {
            i -= 1
            let date = dates[i]
            if date < first { break }
            let use = uses[i]
            guard use > 0 else { continue }
            if m.daysSinceUse == nil { m.daysSinceUse = Int(day - date) }
            if date >= split {
                let (sum, overflow) = recent.addingReportingOverflow(use)
                recent = sum
                if overflow && wide == nil { wide = (0, 0) }
                if date != lastDate { m.activeDays += 1 }
                lastDate = date
                let feature = Int(features[i])
                if feature >= 0 && marks.mark[feature] != marks.stamp {
                    marks.mark[feature] = marks.stamp
                    m.features += 1
                }
            } else {
                let (sum, overflow) = earlier.addingReportingOverflow(use)
                earlier = sum
                if overflow && wide == nil { wide = (0, 0) }
            }
        }
        let (use, previous, total): (Double, Double, Double)
        if wide != nil {
            var r: Int128 = 0
            var e: Int128 = 0
            for k in Self.upperBound(dates, slice, day - Self.window)..<Self.upperBound(dates, slice, day) {
                r += Int128(uses[k])
            }
            for k in Self.upperBound(dates, slice, first - 1)..<Self.upperBound(dates, slice, day - Self.window) {
                e += Int128(uses[k])
            }
            (use, previous, total) = (Double(r), Double(e), Double(r + e))
        } else if case (let sum, false) = recent.addingReportingOverflow(earlier) {
            (use, previous, total) = (Double(recent), Double(earlier), Double(sum))
        } else {
            (use, previous, total) = (Double(recent), Double(earlier), Double(Int128(recent) + Int128(earlier)))
        }
        m.use = use / 1_000_000
        m.previousUse = previous / 1_000_000
        if let since = m.daysSinceUse { m.recency = max(0, 1 - Double(since) / Double(Self.window)) }
        // Both sums become doubles before the division, as in the DuckDB check.
        m.trend = total > 0 ? use / total : 0
        return m
    }

    /// The position after the last row of the slice dated on or before `day`.
    static func upperBound(_ dates: [Int32], _ slice: Range<Int>, _ day: Int32) -> Int {
        var lo = slice.lowerBound
        var hi = slice.upperBound
        while lo < hi {
            let mid = (lo + hi) / 2
            if dates[mid] <= day { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    static func span(_ dates: [Int32]) -> ClosedRange<Int32>? {
        guard let lo = dates.min(), let hi = dates.max() else { return nil }
        return lo...hi
    }
}

/// Each account's MRR over time from subscriptions.csv: who pays on a day, and when an account
/// stops paying (its churn days: the end of a paid stretch that no other paid stretch continues).
public struct MRRTimeline: Sendable {
    /// Every account's paid intervals [start, end), merged, by account then start, in flat
    /// columns: a day's paying accounts are one sequential pass.
    let account: [Int32]
    let start: [Int32]
    let end: [Int32]
    /// Account a's intervals are `first[a]..<first[a + 1]`.
    let first: [Int]

    public init(_ s: Subscriptions, accounts: Int) {
        var raw = [[Range<Int32>]](repeating: [], count: accounts)
        for i in s.account.indices where s.mrr[i] > 0 && s.account[i] >= 0 && Int(s.account[i]) < accounts {
            let end = s.endedOn[i] == CivilDate.none ? CivilDate.never : s.endedOn[i]
            if s.startedOn[i] < end { raw[Int(s.account[i])].append(s.startedOn[i]..<end) }
        }
        var account: [Int32] = []
        var start: [Int32] = []
        var end: [Int32] = []
        var first = [0]
        for (a, list) in raw.enumerated() {
            var merged: [Range<Int32>] = []
            for r in list.sorted(by: { $0.lowerBound < $1.lowerBound }) {
                if let last = merged.last, r.lowerBound <= last.upperBound {
                    merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
                } else {
                    merged.append(r)
                }
            }
            for r in merged {
                account.append(Int32(a))
                start.append(r.lowerBound)
                end.append(r.upperBound)
            }
            first.append(account.count)
        }
        (self.account, self.start, self.end, self.first) = (account, start, end, first)
    }

    /// The accounts whose MRR on `day` is above 0, in order (merged intervals do not overlap,
    /// so each once).
    public func paying(on day: Int32) -> [Int32] {
        var out: [Int32] = []
        for i in account.indices where start[i] <= day && day < end[i] { out.append(account[i]) }
        return out
    }

    /// Whether the account stops paying on a day in (day, day + days].
    public func churns(_ account: Int32, after day: Int32, within days: Int32) -> Bool {
        (first[Int(account)]..<first[Int(account) + 1]).contains {
            start[$0] <= day && day < end[$0] && end[$0] <= day + days
        }
    }
}
