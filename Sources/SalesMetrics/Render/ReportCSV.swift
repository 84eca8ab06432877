/// One row per value (tidy CSV), exact machine values, empty for null.
public enum ReportCSV {
    public static func render(_ report: Report) -> String {
        var out = "period,start,end,dimension,group,metric,value\n"
        for period in report.periods {
            let prefix =
                "\(field(period.label)),\(CivilDate.format(period.firstDay)),\(CivilDate.format(period.endDay)),"
            for (i, key) in period.metrics.keys.enumerated() {
                out += prefix + ",," + key.rawValue + "," + (ValueFormat.machine(period.metrics.values[i]) ?? "") + "\n"
            }
            for group in period.groups {
                for (i, key) in group.metrics.keys.enumerated() {
                    out +=
                        prefix + group.dimension.rawValue + "," + field(group.key) + "," + key.rawValue + ","
                        + (ValueFormat.machine(group.metrics.values[i]) ?? "") + "\n"
                }
            }
        }
        return out
    }

    /// A value quoted as CSV needs it (the one CSV value writer of the project).
    public static func field(_ s: String) -> String {
        var out: [UInt8] = []
        CSVField.append(s.utf8, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
