import SalesMetrics

/// The rates of fx_rates.csv (SPEC §1 "Currencies"), and the conversion of one amount: an amount in
/// another currency than the dataset's becomes `amount × rate`, rounded half away from zero to
/// the cent, with the rate valid on the record's reference day.
public struct ExchangeRates: Sendable {
    /// Rates scale: a rate is stored as an integer number of 10⁻¹⁰.
    static let scale: Int64 = 10_000_000_000
    /// Per upper-cased currency code, (valid_from, rate) by day.
    var rates: [String: [(from: Int32, rate: Int64)]] = [:]
    /// Whether fx_rates.csv was given at all (the error says to add it, or to add a row).
    var present = false

    public init() {}

    /// The rate of `currency` on `day`: the latest `valid_from` on or before it.
    func rate(_ currency: String, on day: Int32) -> Int64? {
        guard let list = rates[currency] else { return nil }
        var low = 0
        var high = list.count
        while low < high {
            let mid = (low + high) / 2
            if list[mid].from <= day { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : list[low - 1].rate
    }

    /// `minor × rate / 10¹⁰`, rounded half away from zero; nil past the money bound.
    static func convert(_ minor: Int64, rate: Int64) -> Int64? {
        let product = Int128(minor) * Int128(rate)
        let half = Int128(scale / 2)
        let rounded = product >= 0 ? (product + half) / Int128(scale) : (product - half) / Int128(scale)
        guard rounded.magnitude < 100_000_000_000_000_000 else { return nil }  // money's bound: 10^17 cents
        return Int64(rounded)
    }

    /// A rate as written (`18.5`, `0.0512345678`): above 0, below 1,000,000, up to 10 decimals.
    static func parse(_ text: FieldBytes) -> Int64? {
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var digits = 0
        var wholeDigits = 0
        var seenPoint = false
        for byte in text {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
                continue
            }
            guard byte >= 48, byte <= 57 else { return nil }
            let d = Int64(byte - 48)
            if seenPoint {
                guard digits < 10 else { return nil }
                fraction = fraction * 10 + d
                digits += 1
            } else {
                guard wholeDigits < 6 else { return nil }
                whole = whole * 10 + d
                wholeDigits += 1
            }
        }
        guard wholeDigits + digits > 0 else { return nil }
        for _ in digits..<10 { fraction *= 10 }
        let rate = whole * scale + fraction
        return rate > 0 ? rate : nil
    }

    /// Whether a code is three ASCII letters; upper-cased.
    static func code(_ text: FieldBytes) -> String? {
        guard text.count == 3, text.allSatisfy({ ($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 }) else { return nil }
        return String(decoding: text.map { $0 & ~0x20 }, as: UTF8.self)
    }
}
