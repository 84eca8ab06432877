import SalesMetrics

/// Numbers for people, and changes coloured by whether they are good news.
enum Display {
    static func value(_ v: MetricValue, _ metric: Metric, _ currency: String) -> String {
        ValueFormat.human(v, of: metric, currency: currency)
    }

    /// A chart axis value in the metric's unit.
    static func axis(_ x: Double, _ metric: Metric, _ currency: String) -> String {
        switch metric.unit {
        case .money, .moneyPerDay:
            let symbol = ValueFormat.currencySymbol(currency)
            let a = abs(x)
            let sign = x < 0 ? "-" : ""
            if a >= 1_000_000 {
                return sign + symbol + ValueFormat.fixed(a / 1_000_000, decimals: a >= 10_000_000 ? 0 : 1) + "M"
            }
            if a >= 1_000 { return sign + symbol + ValueFormat.fixed(a / 1_000, decimals: a >= 10_000 ? 0 : 1) + "k" }
            return sign + symbol + ValueFormat.fixed(a, decimals: 0)
        case .ratio:
            return metric.readsAsMultiple
                ? ValueFormat.fixed(x, decimals: 1) + "×" : ValueFormat.fixed(x * 100, decimals: 0) + "%"
        case .count: return ValueFormat.fixed(x, decimals: 0)
        default: return ValueFormat.fixed(x, decimals: 1)
        }
    }

    /// "▲ 12.5%" (or percentage points for ratios) and a tone: good, bad or flat.
    static func change(_ current: MetricValue, _ previous: MetricValue, _ metric: Metric) -> (
        text: String, tone: String
    )? {
        guard let c = current.doubleValue, let p = previous.doubleValue else { return nil }
        let diff = c - p
        let arrow = diff > 0 ? "▲" : diff < 0 ? "▼" : "■"
        let text: String
        if metric.unit == .ratio && !metric.readsAsMultiple {
            text = "\(arrow) \(ValueFormat.fixed(abs(diff) * 100, decimals: 1)) pts"
        } else if p != 0 {
            text = "\(arrow) \(ValueFormat.fixed(abs(diff / p) * 100, decimals: 1))%"
        } else {
            return diff == 0 ? ("■ 0%", "flat") : nil
        }
        let tone: String
        if diff == 0 || metric.direction == .neutral {
            tone = "flat"
        } else {
            tone = (diff > 0) == (metric.direction == .higherIsBetter) ? "good" : "bad"
        }
        return (text, tone)
    }
}
