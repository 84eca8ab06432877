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
/// percentile rank among the accounts of the same segment paying on d (ties share their average
/// rank: (below + ½ · equal) / count), and the score is 100 × their mean, rounded: 0–100, 50 is
/// a typical account of its segment. An account is paying on d when its MRR on d is above 0.
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
    /// Row indexes sorted by (account, date); each account's slice of them.
    let order: [Int]
    let slices: [Int32: Range<Int>]
    let use: [Double]
    let segmentOf: [Int32]
    let mrr: MRRTimeline

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
        use = chosen.1.map { $0 < 0 ? 0 : Double($0) / 1_000_000 }
        hasFeatures = usage.feature.contains { $0 >= 0 }
        order = usage.account.indices.sorted {
            (usage.account[$0], usage.date[$0], $0) < (usage.account[$1], usage.date[$1], $1)
        }
        var slices: [Int32: Range<Int>] = [:]
        var start = 0
        for i in order.indices where i + 1 == order.count || usage.account[order[i + 1]] != usage.account[order[i]] {
            slices[usage.account[order[i]]] = start..<(i + 1)
            start = i + 1
        }
        self.slices = slices
        segmentOf = d.accountDimensions().segment
        mrr = MRRTimeline(subscriptions, accounts: d.accountIds.count)
    }

    /// Every account paying on `day`, scored, highest MRR first.
    public func scores(on day: Int32) -> [Scored] {
        let paying = mrr.paying(on: day)
        var measures: [(Int32, Measures)] = paying.map { ($0, self.measures($0, on: day)) }
        measures.sort { $0.0 < $1.0 }
        // Percentile ranks within each segment.
        var bySegment: [Int32: [Int]] = [:]
        for (i, (account, _)) in measures.enumerated() {
            bySegment[Int(account) < segmentOf.count ? segmentOf[Int(account)] : StringCodes.none, default: []]
                .append(i)
        }
        var score = [Int](repeating: 0, count: measures.count)
        for members in bySegment.values {
            var columns: [[Double]] = [
                members.map { measures[$0].1.recency }, members.map { Double(measures[$0].1.activeDays) },
                members.map { measures[$0].1.trend },
            ]
            if hasFeatures { columns.append(members.map { Double(measures[$0].1.features) }) }
            let ranks = columns.map(Self.percentileRanks)
            for (k, member) in members.enumerated() {
                let mean = ranks.reduce(0.0) { $0 + $1[k] } / Double(ranks.count)
                score[member] = Int((100 * mean).rounded())
            }
        }
        return measures.enumerated().map {
            Scored(account: $0.element.0, score: score[$0.offset], measures: $0.element.1)
        }
    }

    /// The raw measures of one account on a day.
    public func measures(_ account: Int32, on day: Int32) -> Measures {
        var m = Measures(
            recency: 0, activeDays: 0, features: 0, trend: 0, use: 0, previousUse: 0, daysSinceUse: nil)
        guard let slice = slices[account] else { return m }
        let first = day - 2 * Self.window + 1
        let split = day - Self.window + 1
        // The slice is in date order: the rows up to `day`, from the end back to `first`.
        var i = Self.upperBound(order, slice, usage.date, day)
        var lastDate = CivilDate.none
        var features = Set<Int32>()
        while i > slice.lowerBound {
            i -= 1
            let row = order[i]
            let date = usage.date[row]
            if date < first { break }
            guard use[row] > 0 else { continue }
            if m.daysSinceUse == nil { m.daysSinceUse = Int(day - date) }
            if date >= split {
                m.use += use[row]
                if date != lastDate { m.activeDays += 1 }
                lastDate = date
                if usage.feature[row] >= 0 { features.insert(usage.feature[row]) }
            } else {
                m.previousUse += use[row]
            }
        }
        m.features = features.count
        if let since = m.daysSinceUse { m.recency = max(0, 1 - Double(since) / Double(Self.window)) }
        m.trend = m.use + m.previousUse > 0 ? m.use / (m.use + m.previousUse) : 0
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

    /// Each value's share of the others below it, ties counting half: (below + ½ · equal) / n.
    static func percentileRanks(_ values: [Double]) -> [Double] {
        let n = values.count
        let sorted = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: n)
        var i = 0
        while i < n {
            var j = i
            while j + 1 < n && values[sorted[j + 1]] == values[sorted[i]] { j += 1 }
            let rank = (Double(i) + 0.5 * Double(j - i + 1)) / Double(n)
            for k in i...j { ranks[sorted[k]] = rank }
            i = j + 1
        }
        return ranks
    }

    /// The first day of usage data, and the last.
    public var usageSpan: ClosedRange<Int32>? {
        guard let lo = usage.date.min(), let hi = usage.date.max() else { return nil }
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
