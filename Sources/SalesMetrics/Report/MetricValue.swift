/// One computed number as it is reported.
public enum MetricValue: Sendable, Equatable {
    /// No value: inputs missing, not applicable to the breakdown, or a zero denominator.
    case none
    case count(Int64)
    /// Money in minor units (cents), already rounded half away from zero. 128 bits: a sum of
    /// many rows can pass `Int64.max` (see ``Aggregates``).
    case money(Int128)
    /// Ratios, days, hours and scores, unrounded.
    case number(Double)

    /// Rounds an exact money amount (in cents) for reporting; `nil` stays `.none`, and so does an
    /// amount beyond ±2^127 cents (only a quotient of extreme sums, such as a CLTV over a churn
    /// of one account in 10^12, gets there; no currency has such amounts).
    public static func money(_ exact: Rational?) -> MetricValue {
        guard let exact, let cents = exact.roundedHalfAwayFromZero() else { return .none }
        return .money(cents)
    }

    /// Money divided by a count, rounded half away from zero to the cent; none when dividing by 0.
    public static func money(dividing cents: Int128, by divisor: Int128) -> MetricValue {
        guard divisor != 0 else { return .none }
        // Sums stay far below 2^126 (see ``Aggregates``), so doubling cannot overflow.
        let n = cents.magnitude
        let d = divisor.magnitude
        let q = Int128((2 * n + d) / (2 * d))
        return .money((cents < 0) != (divisor < 0) ? -q : q)
    }

    public static func ratio(_ numerator: Int64, _ denominator: Int64) -> MetricValue {
        denominator == 0 ? .none : .number(Double(numerator) / Double(denominator))
    }

    public static func ratio(_ numerator: Int128, _ denominator: Int128) -> MetricValue {
        denominator == 0 ? .none : .number(numerator.doubleValue / denominator.doubleValue)
    }

    public static func number(_ value: Double?) -> MetricValue {
        value.map { .number($0) } ?? .none
    }

    public var isNone: Bool { if case .none = self { return true } else { return false } }

    /// The value as a `Double` (money in major units), for charts and comparisons.
    public var doubleValue: Double? {
        switch self {
        case .none: return nil
        case .count(let c): return Double(c)
        case .money(let cents): return cents.doubleValue / 100
        case .number(let x): return x
        }
    }
}

extension Int128 {
    /// The nearest `Double`. Sums nearly always fit 64 bits, and `Double(Int64)` is one
    /// instruction where the 128-bit conversion is a generic routine (measured: it made the
    /// by-owner report a third slower); both round to nearest, so the result is the same.
    @inlinable public var doubleValue: Double {
        if let small = Int64(exactly: self) { return Double(small) }
        return Double(self)
    }
}

extension UInt128 {
    @inlinable public var doubleValue: Double {
        if let small = UInt64(exactly: self) { return Double(small) }
        return Double(self)
    }
}
