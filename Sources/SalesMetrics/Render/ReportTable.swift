/// The report for a person at a terminal: metrics as rows grouped by category,
/// periods as columns; when the width is too small the latest periods are kept. With a
/// breakdown, one block per group, or with `pivot` one table per metric with the groups as rows
/// (``ReportPivot``).
public enum ReportTable {
    public static func render(_ report: Report, width: Int?, names: DisplayNames? = nil, pivot: Bool = false)
        -> String
    {
        var out = header(report)
        if report.breakdown == nil || report.periods.first?.groups.isEmpty != false {
            out += block(report, title: nil, values: report.periods.map(\.metrics), width: width)
        } else if pivot {
            for table in ReportPivot.all(report, names: names) {
                out += "\n\(table.metric.label) by \(report.breakdown!.rawValue)\n"
                out += grid(head: table.periods, labels: table.rows, cells: table.cells, width: width)
            }
        } else {
            let groups = report.periods[0].groups
            for (g, group) in groups.enumerated() {
                let name = names?.groupWithKey(group.dimension, group.key) ?? group.key
                out += block(
                    report, title: "\(group.dimension.rawValue) = \(name)",
                    values: report.periods.map { $0.groups[g].metrics }, width: width, onlyApplicable: report.breakdown)
            }
        }
        return out
    }

    /// Labelled rows under period columns, keeping the latest columns that fit `width`; a row
    /// without cells is a title line.
    static func grid(head: [String], labels: [String], cells: [[String]?], width: Int?, labelWidth: Int? = nil)
        -> String
    {
        let labelWidth = labelWidth ?? labels.map(\.count).max() ?? 0
        var widths = head.indices.map { p in max(head[p].count, cells.map { $0?[p].count ?? 0 }.max() ?? 0) }
        var firstShown = 0
        if let width {
            var used = labelWidth + widths.map { $0 + 2 }.reduce(0, +)
            while used > width && firstShown < widths.count - 1 {
                used -= widths[firstShown] + 2
                firstShown += 1
            }
        }
        widths = Array(widths[firstShown...])
        let shown = Array(head.indices[firstShown...])
        var out = ""
        if firstShown > 0 {
            out += "(latest \(shown.count) of \(head.count) periods shown; widen the terminal or use --format csv)\n"
        }
        out += pad("", labelWidth) + zip(shown, widths).map { "  " + leftPad(head[$0], $1) }.joined() + "\n"
        for (label, row) in zip(labels, cells) {
            guard let row else {
                out += label + "\n"
                continue
            }
            out += pad(label, labelWidth) + zip(shown, widths).map { "  " + leftPad(row[$0], $1) }.joined() + "\n"
        }
        return out
    }

    public static func header(_ report: Report) -> String {
        let first = report.periods.first?.label ?? ""
        let last = report.periods.last?.label ?? ""
        var line =
            "SalesMetrics report · \(report.grain.rawValue) · \(first) … \(last) · \(report.timezone) · \(report.currency)"
        if let by = report.breakdown { line += " · by \(by.rawValue)" }
        return line + "\n"
    }

    private static func block(
        _ report: Report, title: String?, values: [MetricValues], width: Int?, onlyApplicable: Breakdown? = nil
    ) -> String {
        let metrics = Catalog.byCategory(report.metricKeys).filter {
            onlyApplicable == nil || $0.metric.applies(to: onlyApplicable)
        }
        // A category's title row, then its metrics' rows.
        var labels: [String] = []
        var cells: [[String]?] = []
        var category: MetricCategory?
        for (index, metric) in metrics {
            if metric.category != category {
                category = metric.category
                labels.append(metric.category.title)
                cells.append(nil)
            }
            labels.append("  " + metric.label)
            cells.append(values.map { ValueFormat.human($0.values[index], of: metric, currency: report.currency) })
        }
        // Every category title fits, so blocks of one report line up.
        let labelWidth = max(labels.map(\.count).max() ?? 0, MetricCategory.allCases.map { $0.title.count }.max()!)
        return "\n" + (title.map { $0 + "\n" } ?? "")
            + grid(
                head: report.periods.map(\.label), labels: labels, cells: cells, width: width, labelWidth: labelWidth)
    }

    public static func pad(_ s: String, _ width: Int) -> String {
        s + String(repeating: " ", count: max(0, width - s.count))
    }
    public static func leftPad(_ s: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - s.count)) + s
    }
}
