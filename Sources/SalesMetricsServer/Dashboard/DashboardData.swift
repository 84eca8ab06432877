import SalesMetrics

/// The numbers behind one dashboard page: the range's periods, the selected one, and a
/// report reaching 12 periods back from it (for sparklines), restricted to the filter's group.
struct DashboardData {
    let view: DashboardView
    let loaded: DataCache.Loaded
    let options: ReportOptions
    /// Every period of the report (the range, plus earlier ones for sparklines).
    let periods: [ReportPeriod]
    /// Index in `periods` of the first period of the range, and of the selected one.
    let rangeStart: Int
    let selected: Int
    /// The targets that apply to the selected period (of the filter's group when filtered, else
    /// those for everything), with their status.
    let targets: [TargetStatus]
    private let report: Report

    var dataset: Dataset { loaded.dataset }
    var names: DisplayNames { loaded.names }
    var rangeLabels: [String] { periods[rangeStart...].map(\.label) }
    var selectedLabel: String { periods[selected].label }

    init(view: DashboardView, cache: DataCache, version: Int) async throws {
        self.view = view
        loaded = try await cache.current(version: version)
        options = try view.options(for: loaded)
        let calendar = PeriodCalendar(grain: options.grain, fiscalYearStartMonth: options.fiscalYearStartMonth)
        var starts: [Int32] = []
        var start = calendar.periodStart(containing: options.from)
        while start < options.to {
            starts.append(start)
            start = calendar.nextStart(after: start)
        }
        let labels = starts.map(calendar.label(forStart:))
        let chosen = view.period.flatMap { labels.firstIndex(of: $0) } ?? labels.count - 1
        var sparkStart = starts[chosen]
        for _ in 0..<11 { sparkStart = calendar.previousStart(before: sparkStart) }
        var extended = options
        extended.from = min(options.from, sparkStart)
        extended.breakdown = view.filter?.dimension
        report = try await cache.report(extended, of: loaded)
        periods = report.periods
        rangeStart = periods.firstIndex { $0.label == labels[0] } ?? 0
        selected = periods.firstIndex { $0.label == labels[chosen] } ?? periods.count - 1
        let filter = view.filter.map { Target.Scope(dimension: $0.dimension, key: $0.key) }
        let scoped = try await cache.store.targets().filter { $0.scope == filter }
        var statusOptions = options
        statusOptions.breakdown = nil
        // The page's report has the selected period's values already (totals, and the filter's
        // group): the targets are compared with them, not computed again.
        targets = try TargetEvaluation.evaluate(
            scoped, dataset: loaded.dataset, options: statusOptions, periodStart: starts[chosen],
            asOf: loaded.lastDataDay, known: (extended.breakdown, report.periods[selected]))
    }

    /// The status of the metric's target in the selected period (the first, when several apply).
    func target(_ key: MetricKey) -> TargetStatus? { targets.first { $0.target.metric == key } }

    /// The metric's value in every period (of the filter's group when filtered).
    func values(_ id: String) -> [MetricValue] {
        periods.map { period in
            guard let filter = view.filter else { return period.metrics[id] ?? .none }
            return period.groups.first { $0.key == filter.key }?.metrics[id] ?? .none
        }
    }

    /// The metric's sample in every period (of the filter's group when filtered).
    func samples(_ key: MetricKey) -> [Int64?] {
        periods.map { period in
            guard let filter = view.filter else { return period.metrics.sample(key) }
            return period.groups.first { $0.key == filter.key }?.metrics.sample(key)
        }
    }

    /// The selected period's value and its change against the period before.
    func selectedWithChange(_ m: Metric, _ values: [MetricValue]) -> (MetricValue, ValueChange?) {
        let current = values[selected]
        return (current, ValueChange(current, from: selected > 0 ? values[selected - 1] : .none, of: m))
    }

    /// Why a metric has no numbers on this page, if it can't: a missing file or the filter's dimension.
    func unavailable(_ metric: Metric) -> (title: String, detail: String)? {
        if !metric.isComputable(with: dataset) {
            let files = (metric.requires.isEmpty ? metric.requiresAnyOf : metric.requires).filter { !dataset.has($0) }
            let names = files.map(\.fileName).joined(separator: metric.requires.isEmpty ? " or " : " and ")
            return ("Needs \(names)", "\(metric.label) is computed from \(names); import it to see this metric.")
        }
        if let filter = view.filter, !metric.applies(to: filter.dimension) {
            return (
                "Not by \(filter.dimension.rawValue)",
                "\(metric.label) is not broken down by \(filter.dimension.rawValue) (see docs/metrics.md); remove the filter to see it."
            )
        }
        return nil
    }

    /// Distinct values of each dimension, for the filter menu (at most `limit` each).
    func filterChoices(limit: Int = 300) -> [(Breakdown, [(key: String, name: String)])] {
        let d = dataset
        let lists: [(Breakdown, StringCodes)] = [
            (.owner, d.repIds), (.team, d.teams), (.source, d.sources), (.segment, d.segments), (.product, d.products),
            (.region, d.regions),
        ]
        return lists.compactMap { dimension, codes in
            codes.count == 0
                ? nil
                : (
                    dimension,
                    codes.values.map { (key: $0, name: names.group(dimension, $0)) }.sorted { $0.name < $1.name }
                        .prefix(limit).map { $0 }
                )
        }
    }
}
