import BigInt

/// Computes reports from a dataset (SPEC §3–§5).
public enum Engine {
    public static func report(_ dataset: Dataset, _ options: ReportOptions) throws -> Report {
        try report(dataset, options) { EngagementModel(dataset) }
    }

    /// A report whose engagement model, when it needs one, comes from `engagement` (a
    /// ``ReportContext`` shares one among the reports of a dataset).
    static func report(
        _ dataset: Dataset, _ options: ReportOptions, engagement: () -> EngagementModel?
    ) throws -> Report {
        guard options.from < options.to else {
            throw ReportError.emptyRange(from: CivilDate.format(options.from), to: CivilDate.format(options.to))
        }
        guard (1...12).contains(options.fiscalYearStartMonth) else {
            throw ReportError.badFiscalMonth(options.fiscalYearStartMonth)
        }
        guard let zone = options.zone else {
            throw ReportError.unknownTimeZone(options.timezone)
        }
        let keys = selectedMetrics(options.metrics)
        let calendar = PeriodCalendar(grain: options.grain, fiscalYearStartMonth: options.fiscalYearStartMonth)
        // The request's size is checked before any work that grows with it (ReportLimits).
        let periodCount = try ReportLimits.checkRange(calendar, from: options.from, to: options.to)
        let months = ReportLimits.months(from: options.from, to: options.to)
        try ReportLimits.checkSize(periods: periodCount, months: months, groups: 0, metrics: keys.count)
        let mapping = options.breakdown.map { GroupMapping.breakdown(dataset, by: $0) }
        if let mapping {
            try ReportLimits.checkSize(periods: periodCount, months: months, groups: mapping.count, metrics: keys.count)
        }
        let grid = PeriodGrid(calendar: calendar, from: options.from, to: options.to, zone: zone)
        if keys.contains(where: \.readsEngagement),
            let work = EngagementSamples.work(dataset, grid: grid, atRisk: keys.contains(.atRiskAccounts))
        {
            try ReportLimits.checkEngagement(days: work.days, accounts: work.accounts)
        }
        return compute(
            dataset, options, keys: keys, grid: grid, mapping: mapping, zone: zone, engagement: engagement)
    }

    /// The report's values over the days `[from, to)` as one period, whatever the grain's
    /// boundaries (its P−1 is the as long stretch before it): a period so far, or the same
    /// stretch of the period before, for the pace of a target.
    public static func partialPeriod(_ dataset: Dataset, _ options: ReportOptions, from: Int32, to: Int32) throws
        -> ReportPeriod
    {
        try partialPeriod(dataset, options, from: from, to: to) { EngagementModel(dataset) }
    }

    static func partialPeriod(
        _ dataset: Dataset, _ options: ReportOptions, from: Int32, to: Int32, engagement: () -> EngagementModel?
    ) throws -> ReportPeriod {
        guard from < to else {
            throw ReportError.emptyRange(from: CivilDate.format(from), to: CivilDate.format(to))
        }
        guard let zone = options.zone else { throw ReportError.unknownTimeZone(options.timezone) }
        let keys = selectedMetrics(options.metrics)
        let mapping = options.breakdown.map { GroupMapping.breakdown(dataset, by: $0) }
        try ReportLimits.checkSize(
            periods: 1, months: ReportLimits.months(from: from, to: to), groups: mapping?.count ?? 0,
            metrics: keys.count)
        let label = CivilDate.format(from) + "…" + CivilDate.format(to - 1)
        let grid = PeriodGrid(starts: [from - (to - from), from, to], labels: ["before", label], zone: zone)
        return compute(
            dataset, options, keys: keys, grid: grid, mapping: mapping, zone: zone, engagement: engagement
        ).periods[0]
    }

    /// The metrics of every reported period of the grid (all but its first, P−1).
    private static func compute(
        _ dataset: Dataset, _ options: ReportOptions, keys: [MetricKey], grid: PeriodGrid, mapping: GroupMapping?,
        zone: ZoneRules, engagement model: () -> EngagementModel?
    ) -> Report {
        let times = ResolvedTimes(dataset, zone: zone)
        let metrics = keys.map { Catalog[$0] }

        let engagement =
            keys.contains(where: \.readsEngagement)
            ? model().flatMap { EngagementSamples($0, grid: grid, atRisk: keys.contains(.atRiskAccounts)) } : nil
        let totals = Computation(
            dataset, grid: grid, mapping: .totals(dataset), times: times, zone: zone, engagement: engagement)
        let breakdown = mapping.map { mapping in
            Computation(dataset, grid: grid, mapping: mapping, times: times, zone: zone, engagement: engagement)
        }

        let plan = EvaluationPlan(metrics)
        // Which metrics have their data and apply, decided once rather than per cell.
        let totalsEnabled = metrics.map { $0.isComputable(with: dataset) && $0.applies(to: nil) }
        let groupsEnabled = metrics.map { $0.isComputable(with: dataset) && $0.applies(to: options.breakdown) }
        func values(_ computation: Computation, _ enabled: [Bool], _ p: Int, _ g: Int) -> MetricValues {
            MetricValues(
                keys: keys,
                values: metrics.indices.map {
                    enabled[$0] ? computation.value(plan, $0, period: p, group: g) : .none
                },
                samples: options.samples
                    ? metrics.indices.map { enabled[$0] ? computation.sample(plan, $0, period: p, group: g) : nil }
                    : [])
        }
        var periods: [ReportPeriod] = []
        for p in 1..<grid.count {
            let period = grid.periods[p]
            let totalValues = values(totals, totalsEnabled, p, 0)
            var groups: [ReportGroup] = []
            if let breakdown, let dimension = options.breakdown {
                for (g, key) in breakdown.mapping.keys.enumerated() {
                    groups.append(
                        ReportGroup(dimension: dimension, key: key, metrics: values(breakdown, groupsEnabled, p, g)))
                }
            }
            periods.append(
                ReportPeriod(
                    label: period.label, firstDay: period.firstDay, endDay: period.endDay, metrics: totalValues,
                    groups: groups))
        }
        return Report(
            currency: options.currency, grain: options.grain, timezone: options.timezone,
            fiscalYearStartMonth: options.fiscalYearStartMonth, breakdown: options.breakdown, metricKeys: keys,
            periods: periods)
    }

    /// The asked metrics in catalog order, or every metric.
    public static func selectedMetrics(_ asked: [MetricKey]?) -> [MetricKey] {
        guard let asked else { return MetricKey.allCases }
        let set = Set(asked)
        return MetricKey.allCases.filter(set.contains)
    }
}
