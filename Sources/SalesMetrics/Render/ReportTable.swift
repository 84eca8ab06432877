/// The report for a person at a terminal: metrics as rows grouped by category,
/// periods as columns; when the width is too small the latest periods are kept.
public enum ReportTable {
    public static func render(_ report: Report, width: Int?) -> String {
        var out = header(report)
        if report.breakdown == nil || report.periods.first?.groups.isEmpty != false {
            out += block(report, title: nil, values: report.periods.map(\.metrics), width: width)
        } else {
            let groups = report.periods[0].groups
            for (g, group) in groups.enumerated() {
                out += block(
                    report, title: "\(group.dimension.rawValue) = \(group.key)",
                    values: report.periods.map { $0.groups[g].metrics }, width: width, onlyApplicable: report.breakdown)
            }
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
        // Cells per metric row and period column.
        var cells: [[String]] = []
        for (index, metric) in metrics {
            cells.append(values.map { ValueFormat.human($0.values[index], of: metric, currency: report.currency) })
        }
        let labels = metrics.map { "  " + $0.metric.label }
        let labelWidth = max(labels.map(\.count).max() ?? 0, MetricCategory.allCases.map { $0.title.count }.max()!)
        var columnWidths = report.periods.indices.map { p in
            max(report.periods[p].label.count, cells.map { $0[p].count }.max() ?? 0)
        }
        // Keep the latest periods that fit.
        var firstShown = 0
        if let width {
            var used = labelWidth + columnWidths.map { $0 + 2 }.reduce(0, +)
            while used > width && firstShown < columnWidths.count - 1 {
                used -= columnWidths[firstShown] + 2
                firstShown += 1
            }
        }
        columnWidths = Array(columnWidths[firstShown...])
        let shown = Array(report.periods.indices[firstShown...])
        var out = "\n"
        if let title { out += title + "\n" }
        if firstShown > 0 {
            out +=
                "(latest \(shown.count) of \(report.periods.count) periods shown; widen the terminal or use --format csv)\n"
        }
        out +=
            pad("", labelWidth) + zip(shown, columnWidths).map { "  " + leftPad(report.periods[$0].label, $1) }.joined()
            + "\n"
        var category: MetricCategory?
        for (row, (_, metric)) in metrics.enumerated() {
            if metric.category != category {
                category = metric.category
                out += metric.category.title + "\n"
            }
            out += pad(labels[row], labelWidth)
            out += zip(shown, columnWidths).map { "  " + leftPad(cells[row][$0], $1) }.joined()
            out += "\n"
        }
        return out
    }

    public static func pad(_ s: String, _ width: Int) -> String {
        s + String(repeating: " ", count: max(0, width - s.count))
    }
    public static func leftPad(_ s: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - s.count)) + s
    }
}
