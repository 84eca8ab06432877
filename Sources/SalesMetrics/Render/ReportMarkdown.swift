/// The report as Markdown tables (for review documents): a table per category,
/// and per group with `--by`, or with `pivot` a table per metric with the groups as rows.
public enum ReportMarkdown {
    public static func render(_ report: Report, names: DisplayNames? = nil, pivot: Bool = false) -> String {
        var out = "# " + ReportTable.header(report)
        if pivot, let dimension = report.breakdown {
            for table in ReportPivot.all(report, names: names) {
                out += "\n## \(table.metric.label) by \(dimension.rawValue)\n\n"
                out += "| \(dimension.rawValue.capitalized) | " + table.periods.joined(separator: " | ") + " |\n"
                out += "|---|" + String(repeating: "---:|", count: table.periods.count) + "\n"
                for (label, cells) in zip(table.rows, table.cells) {
                    out += "| \(escape(label)) | " + cells.map(escape).joined(separator: " | ") + " |\n"
                }
            }
        } else if let dimension = report.breakdown, let groups = report.periods.first?.groups {
            for (g, group) in groups.enumerated() {
                out +=
                    "\n## \(dimension.rawValue) = \(escape(names?.groupWithKey(dimension, group.key) ?? group.key))\n"
                out += tables(report, values: report.periods.map { $0.groups[g].metrics }, dimension: dimension)
            }
        } else {
            out += tables(report, values: report.periods.map(\.metrics), dimension: nil)
        }
        return out
    }

    private static func tables(_ report: Report, values: [MetricValues], dimension: Breakdown?) -> String {
        var out = ""
        let metrics = Catalog.byCategory(report.metricKeys).filter {
            dimension == nil || $0.metric.applies(to: dimension)
        }
        for category in MetricCategory.allCases {
            let rows = metrics.filter { $0.metric.category == category }
            if rows.isEmpty { continue }
            out += "\n### \(category.title)\n\n"
            out += "| Metric | " + report.periods.map(\.label).joined(separator: " | ") + " |\n"
            out += "|---|" + String(repeating: "---:|", count: report.periods.count) + "\n"
            for (index, metric) in rows {
                let cells = values.map {
                    escape(ValueFormat.human($0.values[index], of: metric, currency: report.currency))
                }
                out += "| \(metric.label) | " + cells.joined(separator: " | ") + " |\n"
            }
        }
        return out
    }

    public static func escape(_ s: String) -> String {
        s.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")
    }
}
