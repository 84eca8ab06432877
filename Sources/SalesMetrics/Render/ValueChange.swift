/// How a value moved from one period to the next, for people: "▲ 12.5%" (percentage points
/// for ratios, "▲ 1.2 pts"; points for scores, whose previous value may be 0 or below: NPS,
/// engagement, "▲ 3.0 pts") and whether that is good news for the metric. The dashboard's cards
/// and tables show it; the review documents will.
public struct ValueChange: Sendable, Equatable {
    public enum Tone: String, Sendable { case good, bad, flat }

    public var text: String
    public var tone: Tone

    /// The change from `previous` to `current`; nil when either is missing, or the previous value
    /// is 0 and the current one is not (no percentage to give).
    public init?(_ current: MetricValue, from previous: MetricValue, of metric: Metric) {
        guard let c = current.doubleValue, let p = previous.doubleValue else { return nil }
        let diff = c - p
        let arrow = diff > 0 ? "▲" : diff < 0 ? "▼" : "■"
        if metric.unit == .ratio && !metric.readsAsMultiple {
            text = "\(arrow) \(ValueFormat.fixed(abs(diff) * 100, decimals: 1)) pts"
        } else if metric.unit == .score {
            text = "\(arrow) \(ValueFormat.fixed(abs(diff), decimals: 1)) pts"
        } else if p != 0 {
            text = "\(arrow) \(ValueFormat.fixed(abs(diff / p) * 100, decimals: 1))%"
        } else if diff == 0 {
            text = "■ 0%"
        } else {
            return nil
        }
        if diff == 0 || metric.direction == .neutral {
            tone = .flat
        } else {
            tone = (diff > 0) == (metric.direction == .higherIsBetter) ? .good : .bad
        }
    }
}

extension ValueFormat {
    /// A chart axis value in the metric's unit: `$1.2M`, `$45k`, `35%`, `1.5×`.
    public static func axis(_ x: Double, of metric: Metric, currency: String) -> String {
        switch metric.unit {
        case .money, .moneyPerDay:
            let symbol = currencySymbol(currency)
            let a = abs(x)
            let sign = x < 0 ? "-" : ""
            if a >= 1_000_000 { return sign + symbol + fixed(a / 1_000_000, decimals: a >= 10_000_000 ? 0 : 1) + "M" }
            if a >= 1_000 { return sign + symbol + fixed(a / 1_000, decimals: a >= 10_000 ? 0 : 1) + "k" }
            return sign + symbol + fixed(a, decimals: 0)
        case .ratio:
            return metric.readsAsMultiple ? fixed(x, decimals: 1) + "×" : fixed(x * 100, decimals: 0) + "%"
        case .count: return fixed(x, decimals: 0)
        default: return fixed(x, decimals: 1)
        }
    }
}
