/// One computed number as it is reported.
public enum MetricValue: Sendable, Equatable {
    /// No value: inputs missing, not applicable to the breakdown, or a zero denominator.
    case none
    case count(Int64)
    /// Money in minor units (cents), already rounded half away from zero.
    case money(Int64)
    /// Ratios, days, hours and scores, unrounded.
    case number(Double)

    /// Rounds an exact money amount (in cents) for reporting; `nil` stays `.none`.
    public static func money(_ exact: Rational?) -> MetricValue {
        guard let exact else { return .none }
        return .money(exact.roundedHalfAwayFromZero())
    }

    /// Money divided by a count, rounded half away from zero to the cent; none when dividing by 0.
    public static func money(dividing cents: Int64, by divisor: Int64) -> MetricValue {
        guard divisor != 0 else { return .none }
        let n = Int128(cents).magnitude
        let d = Int128(divisor).magnitude
        let q = Int64((2 * n + d) / (2 * d))
        return .money((cents < 0) != (divisor < 0) ? -q : q)
    }

    public static func ratio(_ numerator: Int64, _ denominator: Int64) -> MetricValue {
        denominator == 0 ? .none : .number(Double(numerator) / Double(denominator))
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
        case .money(let cents): return Double(cents) / 100
        case .number(let x): return x
        }
    }
}
