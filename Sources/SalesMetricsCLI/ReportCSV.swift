import SalesMetrics

/// One row per value (tidy CSV), exact machine values, empty for null.
enum ReportCSV {
    static func render(_ report: Report) -> String {
        var out = "period,start,end,dimension,group,metric,value\n"
        for period in report.periods {
            let prefix =
                "\(field(period.label)),\(CivilDate.format(period.firstDay)),\(CivilDate.format(period.endDay)),"
            for (i, id) in period.metrics.ids.enumerated() {
                out += prefix + ",," + id + "," + (ValueFormat.machine(period.metrics.values[i]) ?? "") + "\n"
            }
            for group in period.groups {
                for (i, id) in group.metrics.ids.enumerated() {
                    out +=
                        prefix + group.dimension.rawValue + "," + field(group.key) + "," + id + ","
                        + (ValueFormat.machine(group.metrics.values[i]) ?? "") + "\n"
                }
            }
        }
        return out
    }

    /// Quotes a value when it holds a comma, quote or line break.
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
