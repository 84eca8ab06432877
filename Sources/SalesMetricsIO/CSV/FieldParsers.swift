import SalesMetrics

/// Parsers for the value types of SPEC §1, over the raw bytes of a field.
/// Each returns nil when the text is not of its type.
public enum FieldParsers {
    /// A `timestamp`: a date, or a date-time with optional seconds, fraction
    /// and `Z`/offset (`T` or a space between date and time). Without an
    /// offset it is local time in the report zone (`local` = true).
    public static func timestamp(_ b: FieldBytes) -> (value: Int64, local: Bool)? {
        let s = b.startIndex
        guard b.count >= 10, let day = date(b, at: s) else { return nil }
        var ms = Int64(day) * Timestamp.msPerDay
        if b.count == 10 { return (ms, true) }
        var i = s + 10
        guard b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: " ") else { return nil }
        i += 1
        guard let hour = number(b, &i, 2), i < b.endIndex, b[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        guard let minute = number(b, &i, 2), hour <= 23, minute <= 59 else { return nil }
        var second = 0
        var millis = 0
        if i < b.endIndex && b[i] == UInt8(ascii: ":") {
            i += 1
            guard let sec = number(b, &i, 2), sec <= 60 else { return nil }
            second = sec
            if i < b.endIndex && (b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",")) {
                i += 1
                var digits = 0
                while i < b.endIndex, b[i] >= 48, b[i] <= 57 {
                    if digits < 3 { millis = millis * 10 + Int(b[i] - 48) }
                    digits += 1
                    i += 1
                }
                guard digits > 0 else { return nil }
                for _ in digits..<max(digits, 3) { millis *= 10 }
            }
        }
        ms += Int64(hour * 3_600_000 + minute * 60_000 + second * 1000 + millis)
        if i == b.endIndex { return (ms, true) }
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            return i + 1 == b.endIndex ? (ms, false) : nil
        }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else { return nil }
        let sign: Int64 = b[i] == UInt8(ascii: "+") ? 1 : -1
        i += 1
        guard let offsetHours = number(b, &i, 2) else { return nil }
        if i < b.endIndex && b[i] == UInt8(ascii: ":") { i += 1 }
        var offsetMinutes = 0
        if i < b.endIndex {
            guard let m = number(b, &i, 2) else { return nil }
            offsetMinutes = m
        }
        guard i == b.endIndex, offsetHours <= 18, offsetMinutes <= 59 else { return nil }
        return (ms - sign * Int64(offsetHours * 3_600_000 + offsetMinutes * 60_000), false)
    }

    /// Whether a text value is valid UTF-8 (ASCII, the usual case, is checked without decoding).
    @inline(__always)
    public static func isUTF8(_ b: FieldBytes) -> Bool {
        !b.contains(where: { $0 >= 0x80 }) || String(validating: b, as: UTF8.self) != nil
    }

    /// A `date`: exactly `YYYY-MM-DD`, a real calendar day.
    public static func date(_ b: FieldBytes) -> Int32? {
        b.count == 10 ? date(b, at: 0) : nil
    }

    /// `YYYY-MM-DD` in the 10 bytes at `s`.
    static func date(_ b: FieldBytes, at s: Int) -> Int32? {
        guard b[s + 4] == UInt8(ascii: "-"), b[s + 7] == UInt8(ascii: "-") else { return nil }
        var i = s
        guard let y = number(b, &i, 4) else { return nil }
        i += 1
        guard let m = number(b, &i, 2) else { return nil }
        i += 1
        guard let d = number(b, &i, 2), (1...12).contains(m), d >= 1 else { return nil }
        // Table lookup for the usual years; the general formula otherwise.
        let index = (y - firstTableYear) * 12 + m - 1
        if index >= 0 && index + 1 < monthStarts.count {
            let start = monthStarts[index]
            return d <= Int(monthStarts[index + 1] - start) ? start + Int32(d - 1) : nil
        }
        guard d <= CivilDate.daysInMonth(year: y, month: m) else { return nil }
        return CivilDate.day(year: y, month: m, day: d)
    }

    private static let firstTableYear = 1900
    /// Day number of the first day of every month from 1900 to 2200.
    private static let monthStarts: [Int32] = (0...(300 * 12)).map { i in
        CivilDate.day(year: firstTableYear + i / 12, month: i % 12 + 1, day: 1)
    }

    /// The most significant digits before the point each number type accepts (leading zeros
    /// aside). They bound every value, so that a value times its scale fits 64 bits and a sum
    /// of any number of them fits the engine's 128-bit sums (docs/data-format.md, "Bounds").
    public enum Bounds {
        /// Money below 10^15 units: at most 999,999,999,999,999.99 (10^17 cents).
        public static let moneyDigits = 15
        /// Hours below 10^9 (10^15 millionths).
        public static let hoursDigits = 9
        /// Integers (scores) below 10^15.
        public static let integerDigits = 15
    }

    /// `money`: optional minus, digits, optionally `.` and 1–2 digits → minor units.
    public static func money(_ b: FieldBytes) -> Int64? {
        guard let (value, scale) = decimal(b, maxFraction: 2, maxDigits: Bounds.moneyDigits) else { return nil }
        return scale == 0 ? value * 100 : scale == 1 ? value * 10 : value
    }

    /// `number` (hours): a decimal, kept exactly in millionths (extra digits rounded).
    public static func micros(_ b: FieldBytes) -> Int64? {
        guard let (value, scale) = decimal(b, maxFraction: 6, maxDigits: Bounds.hoursDigits) else { return nil }
        var v = value
        for _ in scale..<6 { v *= 10 }
        return v
    }

    /// An integer, optionally signed.
    public static func integer(_ b: FieldBytes) -> Int64? {
        guard let (value, scale) = decimal(b, maxFraction: 0, maxDigits: Bounds.integerDigits), scale == 0 else {
            return nil
        }
        return value
    }

    /// Whether `b` is written as a decimal number (sign, digits, point, digits) whose part
    /// before the point has more than `maxDigits` significant digits: a number too large for
    /// its type rather than text that is not a number, so the error can say which.
    public static func exceedsDigits(_ b: FieldBytes, _ maxDigits: Int) -> Bool {
        var i = b.startIndex
        if i < b.endIndex && (b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+")) { i += 1 }
        while i < b.endIndex && b[i] == UInt8(ascii: "0") { i += 1 }
        var digits = 0
        while i < b.endIndex, b[i] >= 48, b[i] <= 57 {
            digits += 1
            i += 1
        }
        if i < b.endIndex && b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.endIndex, b[i] >= 48, b[i] <= 57 { i += 1 }
        }
        return digits > maxDigits && i == b.endIndex
    }

    /// Digits with an optional sign and fraction, at most `maxDigits` significant digits before
    /// the point; fractions longer than `maxFraction` are rounded half away from zero only when
    /// `maxFraction` is 6 (hours), refused otherwise. Every value this returns, times
    /// 10^(6 − scale), fits 64 bits.
    static func decimal(_ b: FieldBytes, maxFraction: Int, maxDigits: Int) -> (Int64, Int)? {
        var i = b.startIndex
        guard i < b.endIndex else { return nil }
        var negative = false
        if b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") {
            negative = b[i] == UInt8(ascii: "-")
            i += 1
        }
        var value: Int64 = 0
        var intDigits = 0
        var leadingZeros = 0
        while i < b.endIndex, b[i] >= 48, b[i] <= 57 {
            if value == 0 && b[i] == 48 {
                leadingZeros += 1
            } else {
                guard intDigits < maxDigits else { return nil }
                value = value * 10 + Int64(b[i] - 48)
                intDigits += 1
            }
            i += 1
        }
        var scale = 0
        if i < b.endIndex && b[i] == UInt8(ascii: ".") {
            i += 1
            var roundUp = false
            var fractionDigits = 0
            while i < b.endIndex, b[i] >= 48, b[i] <= 57 {
                if scale < maxFraction {
                    value = value * 10 + Int64(b[i] - 48)
                    scale += 1
                } else if maxFraction == 6 {
                    if fractionDigits == scale { roundUp = b[i] >= 53 }
                } else {
                    return nil
                }
                fractionDigits += 1
                i += 1
            }
            guard fractionDigits > 0 else { return nil }
            if roundUp { value += 1 }
        }
        guard intDigits + leadingZeros > 0 || scale > 0, i == b.endIndex else { return nil }
        return (negative ? -value : value, scale)
    }

    private static func number(_ b: FieldBytes, _ i: inout Int, _ count: Int) -> Int? {
        guard i + count <= b.endIndex else { return nil }
        var value = 0
        for _ in 0..<count {
            let c = b[i]
            guard c >= 48, c <= 57 else { return nil }
            value = value * 10 + Int(c - 48)
            i += 1
        }
        return value
    }
}
