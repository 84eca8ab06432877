import BigInt

/// A sum of prorated amounts `amount × k / n`, kept exactly.
///
/// Terms are grouped by their denominator `n` (days of a quota row), with
/// `Int128` numerators. Quota rows come in a handful of lengths (months,
/// quarters, years), so this stays a few integers, and the common
/// comparisons need no big-number arithmetic; ``rational`` gives the exact
/// value when it is needed.
public struct ProratedAmount: Sendable, Equatable {
    /// (n, Σ amount × k) per distinct n.
    public private(set) var terms: [(denominator: Int64, numerator: Int128)] = []

    public init() {}

    public static func == (a: ProratedAmount, b: ProratedAmount) -> Bool { a.rational == b.rational }

    public mutating func add(amount: Int64, days: Int64, ofDays total: Int64) {
        add(numerator: Int128(amount) * Int128(days), denominator: total)
    }

    public mutating func add(_ other: ProratedAmount) {
        for term in other.terms { add(numerator: term.numerator, denominator: term.denominator) }
    }

    private mutating func add(numerator: Int128, denominator: Int64) {
        if let i = terms.firstIndex(where: { $0.denominator == denominator }) {
            terms[i].numerator += numerator
        } else {
            terms.append((denominator, numerator))
        }
    }

    public var isPositive: Bool { terms.contains { $0.numerator > 0 } }
    public var isZero: Bool { terms.allSatisfy { $0.numerator == 0 } }

    /// The exact value.
    public var rational: Rational {
        terms.reduce(Rational.zero) { $0 + Rational(BigInt($1.numerator), BigInt($1.denominator)) }
    }

    /// `amount / self` as the nearest double; nil when this is zero.
    public func ratio(of amount: Int128) -> Double? {
        if terms.count == 1 && terms[0].numerator != 0 {
            // amount / (num / n) = amount × n / num; exact division when both fit 53 bits.
            let (top, overflow) = amount.multipliedReportingOverflow(by: Int128(terms[0].denominator))
            let bottom = terms[0].numerator
            let limit: Int128 = 1 << 53
            if !overflow && top.magnitude < limit.magnitude && bottom.magnitude < limit.magnitude {
                return top.doubleValue / bottom.doubleValue
            }
        }
        return (Rational(BigInt(amount)) / rational)?.doubleValue
    }

    /// Whether `amount ≥` this sum, exactly.
    public func isReached(by amount: Int128) -> Bool {
        if terms.count == 1 {
            // amount ≥ num / n  ⇔  amount × n ≥ num, in 128 bits unless the product overflows.
            let (product, overflow) = amount.multipliedReportingOverflow(by: Int128(terms[0].denominator))
            if !overflow { return product >= terms[0].numerator }
        }
        return Rational(BigInt(amount)) >= rational
    }
}
