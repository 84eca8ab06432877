/// The JSON form of a report, exactly as SPEC §5 shows it (keys in that order).
extension Report {
    public func json() -> String {
        var out = "{\n"
        out += "  \"currency\": \(Self.quoted(currency)),\n"
        out += "  \"grain\": \(Self.quoted(grain.rawValue)),\n"
        out += "  \"timezone\": \(Self.quoted(timezone)),\n"
        out += "  \"fiscal_year_start_month\": \(fiscalYearStartMonth),\n"
        out += "  \"periods\": ["
        for (i, period) in periods.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "    {\n"
            out += "      \"label\": \(Self.quoted(period.label)),\n"
            out += "      \"start\": \"\(CivilDate.format(period.firstDay))\",\n"
            out += "      \"end\": \"\(CivilDate.format(period.endDay))\",\n"
            out += "      \"metrics\": " + Self.metricsObject(period.metrics, indent: "      ")
            if breakdown != nil {
                out += ",\n      \"groups\": ["
                for (j, group) in period.groups.enumerated() {
                    out += j == 0 ? "\n" : ",\n"
                    out += "        {\n"
                    out += "          \"dimension\": \(Self.quoted(group.dimension.rawValue)),\n"
                    out += "          \"key\": \(Self.quoted(group.key)),\n"
                    out += "          \"metrics\": " + Self.metricsObject(group.metrics, indent: "          ") + "\n"
                    out += "        }"
                }
                out += period.groups.isEmpty ? "]" : "\n      ]"
            }
            out += "\n    }"
        }
        out += periods.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }

    private static func metricsObject(_ metrics: MetricValues, indent: String) -> String {
        if metrics.ids.isEmpty { return "{}" }
        var out = "{\n"
        for (i, id) in metrics.ids.enumerated() {
            out += indent + "  " + quoted(id) + ": " + (ValueFormat.machine(metrics.values[i]) ?? "null")
            out += i == metrics.ids.count - 1 ? "\n" : ",\n"
        }
        return out + indent + "}"
    }

    /// A JSON string literal.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
