import BigInt

/// A review document's numbers: the monthly, quarterly or annual review a sales leader hands
/// out (docs/review.md). Every value comes from the engine's report for the same period and
/// options, so a review and `report` never disagree.
public struct Review: Sendable {
    public enum Cadence: String, Sendable {
        case monthly, quarterly, annual

        public var title: String {
            switch self {
            case .monthly: "Monthly review"
            case .quarterly: "Quarterly review"
            case .annual: "Annual review"
            }
        }
    }

    /// A headline KPI: its value, its target, and its change against the period before and the
    /// same period a year before.
    public struct Headline: Sendable {
        public var metric: Metric
        public var value: MetricValue
        public var previous: MetricValue
        public var yearAgo: MetricValue
        /// The count the value is over (ratios), when it has one.
        public var sample: Int64?
        public var target: TargetStatus?
    }

    /// A metric whose change stands out against its own recent variation.
    public struct Mover: Sendable {
        public var metric: Metric
        public var value: MetricValue
        public var previous: MetricValue
        /// |change| / (standard deviation of the earlier period-over-period changes).
        public var score: Double
        /// The groups whose own change was largest, with their value before and now.
        public var drivers: [(dimension: Breakdown, key: String, previous: MetricValue, value: MetricValue)]
    }

    public struct RepRow: Sendable {
        public var id: String
        public var name: String
        public var revenue: MetricValue
        public var dealsWon: MetricValue
        public var dealsClosed: Int64
        public var winRate: MetricValue
        /// The rep's quota prorated into the period (money), and revenue over it.
        public var quota: MetricValue
        public var attainment: MetricValue
        public var pipelineCoverage: MetricValue
    }

    public struct SourceRow: Sendable {
        public var source: String
        public var leads: MetricValue
        public var conversion: MetricValue
        public var dealsWon: MetricValue
        public var revenue: MetricValue
        /// Marketing and sales spend of the channel: what ROI divides by.
        public var spend: MetricValue
        public var roi: MetricValue
        /// Spend per won deal of the source.
        public var cac: MetricValue
    }

    public var cadence: Cadence
    public var grain: Grain
    public var period: ReportPeriod
    public var previousLabel: String?
    public var yearAgoLabel: String?
    public var currency: String
    public var timezone: String
    /// Whether the data reaches the period's last day.
    public var complete: Bool
    public var headline: [Headline]
    public var movers: [Mover]
    /// Every target that applies to the period.
    public var targets: [TargetStatus]
    /// Quarterly and annual reviews only.
    public var reps: [RepRow]
    public var funnel: StageFunnel?
    public var sources: [SourceRow]
    /// MRR and its movements, churn, NRR, CLTV and CLTV:CAC of the period (subscriptions).
    public var subscriptions: [(metric: Metric, value: MetricValue)]
    /// Annual reviews: the year's quarters side by side.
    public var quarters: Report?
    /// With a breakdown: the headline KPIs of the period by each group.
    public var breakdown: Report?
    /// What the numbers cannot be trusted for, in sentences.
    public var caveats: [String]

    public static let monthlyHeadline: [MetricKey] = [
        .totalRevenue, .dealsWon, .avgDealSize, .winRate, .leadsCreated, .leadConversionRate, .openPipelineValue,
        .pipelineCoverage, .mrr, .netNewMrr, .churnRate,
    ]
    public static let strategicHeadline: [MetricKey] = [
        .totalRevenue, .revenueGrowth, .dealsWon, .avgDealSize, .winRate, .salesCycleLength, .leadConversionRate,
        .quotaAttainmentRate, .pipelineCoverage, .cac, .mrr, .arr, .netRevenueRetention, .churnRate, .cltvCacRatio,
    ]
    static let subscriptionMetrics: [MetricKey] = [
        .mrr, .newMrr, .expansionMrr, .reactivationMrr, .contractionMrr, .churnedMrr, .netNewMrr, .churnRate,
        .netRevenueRetention, .cltv, .cltvCacRatio,
    ]

    /// The review of the period starting on `periodStart` in `options`' grain (month: monthly,
    /// quarter: quarterly, year: annual), with the data as of `asOf`.
    public init(
        _ d: Dataset, options: ReportOptions, periodStart: Int32, asOf: Int32, targets: [Target],
        stageOrder: [String] = [], by dimension: Breakdown? = nil
    ) throws {
        try self.init(
            ReportContext(d), options: options, periodStart: periodStart, asOf: asOf, targets: targets,
            stageOrder: stageOrder, by: dimension)
    }

    /// The same, with the reports going through `context`, which may hold the work other reports
    /// of the dataset did (the engagement model).
    public init(
        _ context: ReportContext, options: ReportOptions, periodStart: Int32, asOf: Int32, targets: [Target],
        stageOrder: [String] = [], by dimension: Breakdown? = nil
    ) throws {
        let d = context.dataset
        grain = options.grain
        guard grain != .week else { throw ReviewError.weekly }
        cadence = grain == .month ? .monthly : grain == .quarter ? .quarterly : .annual
        currency = options.currency
        timezone = options.timezone
        let calendar = PeriodCalendar(grain: grain, fiscalYearStartMonth: options.fiscalYearStartMonth)
        let periodEnd = calendar.nextStart(after: periodStart)
        // Enough periods before for the change a year ago and the recent variation of movers.
        let back = grain == .month ? 12 : grain == .quarter ? 8 : 4
        var from = periodStart
        for _ in 0..<back { from = calendar.previousStart(before: from) }
        from = max(from, ReportLimits.firstDay)
        var o = options
        o.from = from
        o.to = periodEnd
        o.breakdown = nil
        o.metrics = nil
        o.samples = true
        let report = try context.report(o)
        let last = report.periods.count - 1
        period = report.periods[last]
        complete = asOf + 1 >= periodEnd
        let yearBack = grain == .month ? 12 : grain == .quarter ? 4 : 1
        previousLabel = last >= 1 ? report.periods[last - 1].label : nil
        yearAgoLabel = last >= yearBack ? report.periods[last - yearBack].label : nil
        self.targets = try TargetEvaluation.evaluate(
            targets, dataset: d, options: options, periodStart: periodStart, asOf: asOf)
        let applicable = self.targets.filter { $0.target.scope == nil }
        let keys = cadence == .monthly ? Self.monthlyHeadline : Self.strategicHeadline
        func value(_ key: MetricKey, _ p: Int) -> MetricValue {
            p >= 0 ? report.periods[p].metrics[key] ?? .none : .none
        }
        headline = keys.map { key in
            Headline(
                metric: Catalog[key], value: value(key, last), previous: value(key, last - 1),
                yearAgo: value(key, last - yearBack), sample: report.periods[last].metrics.sample(key),
                target: applicable.first { $0.target.metric == key })
        }
        movers = try Self.movers(context, report: report, options: o)
        if let dimension {
            var b = o
            b.from = periodStart
            b.breakdown = dimension
            b.metrics = keys.filter { Catalog[$0].applies(to: dimension) }
            if !(b.metrics ?? []).isEmpty { breakdown = try context.report(b) }
        }
        caveats = Self.caveats(d, report: report, headline: headline, complete: complete, asOf: asOf)
        subscriptions = []
        reps = []
        sources = []
        guard cadence != .monthly else { return }

        subscriptions = Self.subscriptionMetrics.map { (Catalog[$0], value($0, last)) }
        reps = try Self.reps(d, options: o, periodStart: periodStart, periodEnd: periodEnd)
        sources = try Self.sources(d, options: o, periodStart: periodStart, periodEnd: periodEnd)
        if let zone = options.zone, d.stageHistory != nil {
            funnel = StageFunnel(
                d, from: zone.startOfDay(periodStart), to: zone.startOfDay(periodEnd), zone: zone,
                stageOrder: stageOrder)
        }
        if cadence == .annual {
            var q = o
            q.grain = .quarter
            q.from = periodStart
            q.metrics = keys
            quarters = try context.report(q)
        }
        if !reps.isEmpty, reps.contains(where: { $0.dealsClosed < Sample.smallBelow }) {
            let small = reps.filter { $0.dealsClosed < Sample.smallBelow }.count
            caveats.append(
                "\(small) of \(reps.count) reps closed fewer than \(Sample.smallBelow) deals: their win rates move by 10 points or more with one deal."
            )
        }
    }

    /// The five metrics whose last change is largest against the spread of their earlier
    /// changes (at least three earlier changes), each with the groups that moved most.
    static func movers(_ context: ReportContext, report: Report, options: ReportOptions) throws
        -> [Mover]
    {
        let last = report.periods.count - 1
        guard last >= 4 else { return [] }
        var scored: [(key: MetricKey, score: Double)] = []
        for key in report.metricKeys {
            let values = report.periods.map { $0.metrics[key]?.doubleValue }
            guard let now = values[last], let before = values[last - 1] else { continue }
            var changes: [Double] = []
            for p in 1..<last {
                if let a = values[p - 1], let b = values[p] { changes.append(b - a) }
            }
            guard changes.count >= 3 else { continue }
            let mean = changes.reduce(0, +) / Double(changes.count)
            let sd = (changes.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(changes.count - 1)).squareRoot()
            guard sd > 0 else { continue }
            let score = abs(now - before) / sd
            if score.isFinite && score >= 1 { scored.append((key, score)) }
        }
        let top = scored.sorted { ($0.score, $1.key.rawValue) > ($1.score, $0.key.rawValue) }.prefix(5)
        guard !top.isEmpty else { return [] }
        // The groups: one breakdown of the last two periods per dimension a top metric has.
        var o = options
        o.from = report.periods[last - 1].firstDay
        o.metrics = top.map(\.key)
        var drivers: [MetricKey: [(Breakdown, String, MetricValue, MetricValue, Double)]] = [:]
        for dimension in [Breakdown.owner, .source, .segment, .region, .product] {
            let keys = top.map(\.key).filter { Catalog[$0].applies(to: dimension) }
            guard !keys.isEmpty else { continue }
            o.breakdown = dimension
            o.metrics = keys
            guard let split = try? context.report(o), split.periods.count == 2 else { continue }
            for key in keys {
                let metric = Catalog[key]
                for (g, group) in split.periods[1].groups.enumerated() {
                    let now = group.metrics[key] ?? .none
                    let before = split.periods[0].groups[g].metrics[key] ?? .none
                    // A ratio of a handful of rows says little about what moved the total.
                    if metric.sample != nil, (group.metrics.sample(key) ?? 0) < Sample.smallBelow { continue }
                    guard let a = before.doubleValue, let b = now.doubleValue, a != b else { continue }
                    drivers[key, default: []].append((dimension, group.key, before, now, abs(b - a)))
                }
            }
        }
        return top.map { entry in
            let metric = Catalog[entry.key]
            let groups = (drivers[entry.key] ?? []).sorted { $0.4 > $1.4 }.prefix(3)
            return Mover(
                metric: metric, value: report.periods[last].metrics[entry.key] ?? .none,
                previous: report.periods[last - 1].metrics[entry.key] ?? .none, score: entry.score,
                drivers: groups.map { ($0.0, $0.1, $0.2, $0.3) })
        }
    }

    static func reps(
        _ d: Dataset, options: ReportOptions, periodStart: Int32, periodEnd: Int32
    )
        throws -> [RepRow]
    {
        guard d.opportunities != nil else { return [] }
        var o = options
        o.from = periodStart
        o.to = periodEnd
        o.breakdown = .owner
        o.metrics = [.totalRevenue, .dealsWon, .dealsLost, .winRate, .pipelineCoverage]
        let split = try Engine.report(d, o)
        guard let period = split.periods.first else { return [] }
        let names = DisplayNames(d)
        // Each rep's quota rows prorated by the days they share with the period (as the engine does).
        var quota: [Int32: ProratedAmount] = [:]
        if let q = d.quotas {
            for i in 0..<q.rep.count {
                let first = max(q.periodStart[i], periodStart)
                let last = min(q.periodEnd[i], periodEnd - 1)
                guard first <= last else { continue }
                quota[q.rep[i], default: ProratedAmount()]
                    .add(
                        amount: q.amount[i], days: Int64(last - first + 1),
                        ofDays: Int64(q.periodEnd[i] - q.periodStart[i] + 1))
            }
        }
        let rows = period.groups.compactMap { g -> RepRow? in
            guard g.key != Breakdown.noneKey || (g.metrics[.dealsWon]?.doubleValue ?? 0) > 0 else { return nil }
            let code = d.repIds.existingCode(for: g.key)
            let q = code.flatMap { quota[$0] }
            let revenue = g.metrics[.totalRevenue] ?? .none
            var attainment = MetricValue.none
            if let q, !q.isZero, case .money(let cents) = revenue {
                attainment = .number(((Rational(BigInt(cents)) / q.rational)?.doubleValue))
            }
            let won = g.metrics[.dealsWon]?.doubleValue ?? 0
            let lost = g.metrics[.dealsLost]?.doubleValue ?? 0
            return RepRow(
                id: g.key, name: names.group(.owner, g.key), revenue: revenue, dealsWon: g.metrics[.dealsWon] ?? .none,
                dealsClosed: Int64(won + lost), winRate: g.metrics[.winRate] ?? .none,
                quota: q.map { MetricValue.money($0.rational) } ?? .none, attainment: attainment,
                pipelineCoverage: g.metrics[.pipelineCoverage] ?? .none)
        }
        return rows.sorted { ($0.revenue.doubleValue ?? 0, $1.name) > ($1.revenue.doubleValue ?? 0, $0.name) }
    }

    static func sources(_ d: Dataset, options: ReportOptions, periodStart: Int32, periodEnd: Int32) throws
        -> [SourceRow]
    {
        guard d.leads != nil || d.opportunities != nil else { return [] }
        var o = options
        o.from = periodStart
        o.to = periodEnd
        o.breakdown = .source
        o.metrics = [
            .leadsCreated, .leadConversionRate, .dealsWon, .totalRevenue, .marketingSpend, .salesSpend, .sourceRoi,
        ]
        guard let period = try Engine.report(d, o).periods.first else { return [] }
        return period.groups.map { g in
            SourceRow(
                source: g.key, leads: g.metrics[.leadsCreated] ?? .none,
                conversion: g.metrics[.leadConversionRate] ?? .none, dealsWon: g.metrics[.dealsWon] ?? .none,
                revenue: g.metrics[.totalRevenue] ?? .none, spend: g.metrics.sourceSpend,
                roi: g.metrics[.sourceRoi] ?? .none, cac: g.metrics.spendPerWonDeal)
        }
    }

    static func caveats(_ d: Dataset, report: Report, headline: [Headline], complete: Bool, asOf: Int32) -> [String] {
        var out: [String] = []
        if !complete {
            out.append(
                "The period is not over: the data runs to \(CivilDate.format(asOf)), so its counts and sums are so far, and targets show the pace."
            )
        }
        // fx_rates.csv converts amounts: it is not a report's input.
        let missing = Table.allCases.filter { $0 != .fxRates && !d.has($0) }
        if !missing.isEmpty {
            let blind = Catalog.metrics.filter { !$0.isComputable(with: d) }.map(\.label)
            out.append(
                "Missing files: \(missing.map(\.fileName).joined(separator: ", ")). Without them \(blind.count) metrics have no value"
                    + (blind.isEmpty
                        ? "." : " (\(blind.prefix(8).joined(separator: ", "))\(blind.count > 8 ? ", …" : ""))."))
        }
        for h in headline where h.value.isNone && h.metric.isComputable(with: d) {
            let why =
                switch h.metric.kind {
                case .periodOverPeriod: "the period before is 0 or has no value"
                case .ratio, .cohort:
                    "its denominator is 0 in the period (no \(h.metric.sample?.noun ?? "rows") to divide by)"
                default: "an input it needs is 0 or empty in the period"
                }
            out.append("\(h.metric.label) has no value: \(why).")
        }
        for h in headline {
            if let n = h.sample, n > 0, n < Sample.smallBelow, let sample = h.metric.sample {
                let percent = h.metric.unit == .ratio && !h.metric.readsAsMultiple
                out.append(
                    "\(h.metric.label) is based on \(sample.describe(n)): "
                        + (percent
                            ? "one more or one fewer moves it by 10 points or more."
                            : "too few for its value to say much; one more or one fewer can change it a lot."))
            }
        }
        return out
    }
}

public enum ReviewError: Error, CustomStringConvertible {
    case weekly

    public var description: String {
        "Reviews are monthly, quarterly or annual: give a month (2025-03), a quarter (2025-Q1) or a year (2025)."
    }
}
