/// A broken-down report turned around for one metric: groups as rows, periods as columns, the
/// latest period's largest value first and the total last. What a manager reads for "revenue by
/// rep": one line per rep, not one block per rep.
public struct ReportPivot: Sendable {
    public var metric: Metric
    /// Group names as people read them ("Ana Silva (r0006)"), in row order.
    public var rows: [String]
    /// cells[row][period], formatted; the last row is the total when the metric has one.
    public var cells: [[String]]
    public var periods: [String]

    /// One pivot per metric of the report that applies to its breakdown; empty without one.
    public static func all(_ report: Report, names: DisplayNames?) -> [ReportPivot] {
        guard let dimension = report.breakdown, let first = report.periods.first, !first.groups.isEmpty else {
            return []
        }
        return Catalog.byCategory(report.metricKeys).compactMap { index, metric in
            guard metric.applies(to: dimension) else { return nil }
            let last = report.periods.count - 1
            let order = first.groups.indices.sorted { a, b in
                let x = report.periods[last].groups[a].metrics.values[index].doubleValue
                let y = report.periods[last].groups[b].metrics.values[index].doubleValue
                switch (x, y) {
                case let (x?, y?) where x != y: return x > y
                case (.some, nil): return true
                case (nil, .some): return false
                default: return a < b
                }
            }
            func format(_ v: MetricValue) -> String { ValueFormat.human(v, of: metric, currency: report.currency) }
            var rows = order.map { g in
                names?.groupWithKey(dimension, first.groups[g].key) ?? first.groups[g].key
            }
            var cells = order.map { g in report.periods.map { format($0.groups[g].metrics.values[index]) } }
            if metric.applies(to: nil) {
                rows.append("Total")
                cells.append(report.periods.map { format($0.metrics.values[index]) })
            }
            return ReportPivot(metric: metric, rows: rows, cells: cells, periods: report.periods.map(\.label))
        }
    }
}
