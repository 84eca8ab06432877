import BigInt

/// An exact fraction, for the metrics that divide money (SPEC §8.11):
/// averages, proration and CLTV are computed exactly and rounded only when printed.
public struct Rational: Sendable, Equatable, Comparable, CustomStringConvertible {
    public private(set) var numerator: BigInt
    /// Always positive.
    public private(set) var denominator: BigInt

    public init(_ numerator: BigInt, _ denominator: BigInt = 1) {
        precondition(!denominator.isZero, "Rational with a zero denominator")
        var n = numerator
        var d = denominator
        if d.signum() < 0 {
            n = -n
            d = -d
        }
        let g = n.greatestCommonDivisor(with: d)
        if g > 1 {
            n /= g
            d /= g
        }
        self.numerator = n
        self.denominator = d
    }

    public init(_ value: Int64) { self.init(BigInt(value)) }
    public init(_ value: Int) { self.init(BigInt(value)) }

    public static let zero = Rational(0)

    public var isZero: Bool { numerator.isZero }
    public var signum: Int { Int(numerator.signum()) }

    public static func + (a: Rational, b: Rational) -> Rational {
        if a.denominator == b.denominator { return Rational(a.numerator + b.numerator, a.denominator) }
        return Rational(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
    }

    public static func - (a: Rational, b: Rational) -> Rational {
        a + Rational(-b.numerator, b.denominator)
    }

    public static func * (a: Rational, b: Rational) -> Rational {
        Rational(a.numerator * b.numerator, a.denominator * b.denominator)
    }

    /// nil when dividing by zero, so "ratio with a zero denominator is null" falls out naturally.
    public static func / (a: Rational, b: Rational) -> Rational? {
        if b.isZero { return nil }
        return Rational(a.numerator * b.denominator, a.denominator * b.numerator)
    }

    public static func < (a: Rational, b: Rational) -> Bool {
        a.numerator * b.denominator < b.numerator * a.denominator
    }

    /// Rounded to an integer, half away from zero (money in cents → printed cents); nil when
    /// that integer does not fit 128 bits.
    public func roundedHalfAwayFromZero() -> Int128? {
        let twice = numerator.magnitude * 2
        let d = denominator.magnitude
        let q = (twice + d) / (d * 2)
        guard let value = Int128(exactly: q) else { return nil }
        return numerator.signum() < 0 ? -value : value
    }

    /// The nearest `Double` (exact division when both parts fit 53 bits).
    public var doubleValue: Double {
        let limit = BigInt(1) << 53
        if numerator.magnitude < limit.magnitude && denominator < limit {
            return Double(Int64(numerator)) / Double(Int64(denominator))
        }
        // Keep ~64 significant bits of the quotient, then scale back.
        let shift = max(0, 64 - (numerator.bitWidth - denominator.bitWidth))
        let quotient = (numerator << shift) / denominator
        return Double(quotient) / pow2(shift)
    }

    private func pow2(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<n { result *= 2 }
        return result
    }

    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }
}
