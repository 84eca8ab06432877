/// How values are written: exactly for machines (JSON, CSV), readably for people (tables).
public enum ValueFormat {
    /// Money in cents as the shortest decimal of major units: `12.5`, `1000`, `-0.07` (SPEC §8.28).
    public static func shortestMoney(_ cents: Int128) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let whole = magnitude / 100
        let fraction = magnitude % 100
        if fraction == 0 { return sign + String(whole) }
        if fraction % 10 == 0 { return sign + "\(whole).\(fraction / 10)" }
        return sign + "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// The machine form of a value: money shortest, counts as integers, other numbers as shortest round-trip doubles.
    public static func machine(_ value: MetricValue) -> String? {
        switch value {
        case .none: return nil
        case .count(let c): return String(c)
        case .money(let cents): return shortestMoney(cents)
        case .number(let x): return x.isFinite ? x.description : nil
        }
    }

    /// Digits grouped by thousands: `1234567` → `1,234,567`.
    public static func grouped<T: BinaryInteger>(_ value: T) -> String {
        let digits = Array(String(value))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    public static func currencySymbol(_ code: String) -> String {
        switch code.uppercased() {
        case "USD": "$"
        case "EUR": "€"
        case "GBP": "£"
        case "JPY": "¥"
        case "INR": "₹"
        case "BRL": "R$"
        default: code + " "
        }
    }

    /// Money for people: `$1,234,567`, `$12.50`, `-$80.25`; cents shown below 10,000.
    public static func humanMoney(_ cents: Int128, currency: String) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let symbol = currencySymbol(currency)
        if magnitude >= 1_000_000 {
            // Round to whole units, half away from zero.
            return sign + symbol + grouped((magnitude + 50) / 100)
        }
        let fraction = magnitude % 100
        return sign + symbol + grouped(magnitude / 100) + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }

    /// A share as a percentage with one decimal: 0.2534 → `25.3%`.
    public static func percent(_ share: Double) -> String { fixed(share * 100, decimals: 1) + "%" }

    /// A number as the shortest decimal that reads back the same, whole numbers without a
    /// point (`3`, `2.5`): bin edges and usage counts.
    public static func shortestNumber(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// The calendar day of an instant in a zone, `YYYY-MM-DD`.
    public static func day(_ instant: Int64, _ zone: ZoneRules) -> String {
        let local = instant + zone.offset(atInstant: instant)
        return CivilDate.format(Int32(local.dividedRoundingDown(by: Timestamp.msPerDay)))
    }

    /// A number with a fixed count of decimals.
    public static func fixed(_ x: Double, decimals: Int) -> String {
        // Beyond 10^15 the digits after the point are noise, and beyond 2^64 the integer
        // conversion below would trap: such values (a ratio over a tiny denominator) are written
        // in exponent form.
        guard x.isFinite else { return x.isNaN ? "—" : x < 0 ? "-∞" : "∞" }
        if abs(x) >= 1e15 { return String(format: "%.3e", x) }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (abs(x) * scale).rounded(.toNearestOrAwayFromZero)
        let whole = UInt64(rounded / scale)
        var text = grouped(whole)
        if decimals > 0 {
            let fraction = UInt64(rounded) - whole * UInt64(scale)
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: decimals - digits.count) + digits
        }
        return (x < 0 && rounded != 0 ? "-" : "") + text
    }

    /// The human form of a value of a metric; `—` when there is none.
    public static func human(_ value: MetricValue, of metric: Metric, currency: String) -> String {
        if metric.readsAsMultiple, case .number(let x) = value { return fixed(x, decimals: 2) + "×" }
        return human(value, unit: metric.unit, currency: currency)
    }

    public static func human(_ value: MetricValue, unit: MetricUnit, currency: String) -> String {
        switch value {
        case .none: return "—"
        case .count(let c): return (c < 0 ? "-" : "") + grouped(c.magnitude)
        case .money(let cents):
            return humanMoney(cents, currency: currency) + (unit == .moneyPerDay ? "/d" : "")
        case .number(let x):
            switch unit {
            case .ratio: return percent(x)
            case .days: return fixed(x, decimals: 1) + " d"
            case .hours: return fixed(x, decimals: 1) + " h"
            case .score: return fixed(x, decimals: 1)
            default: return fixed(x, decimals: 2)
            }
        }
    }
}
