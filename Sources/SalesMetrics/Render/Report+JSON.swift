/// The JSON form of a report, exactly as SPEC §5 shows it (keys in that order).
///
/// Written straight into a byte buffer: a breakdown by owner can hold
/// millions of values, and appending to a `String` piece by piece costs far more.
extension Report {
    public func json() -> String {
        var w = JSONBytes()
        w.raw("{\n  \"currency\": ")
        w.quoted(currency)
        w.raw(",\n  \"grain\": ")
        w.quoted(grain.rawValue)
        w.raw(",\n  \"timezone\": ")
        w.quoted(timezone)
        w.raw(",\n  \"fiscal_year_start_month\": ")
        w.integer(Int64(fiscalYearStartMonth))
        w.raw(",\n  \"periods\": [")
        for (i, period) in periods.enumerated() {
            w.raw(i == 0 ? "\n    {\n      \"label\": " : ",\n    {\n      \"label\": ")
            w.quoted(period.label)
            w.raw(",\n      \"start\": \"")
            w.raw(CivilDate.format(period.firstDay))
            w.raw("\",\n      \"end\": \"")
            w.raw(CivilDate.format(period.endDay))
            w.raw("\",\n      \"metrics\": ")
            w.metrics(period.metrics, indent: "      ")
            if breakdown != nil {
                w.raw(",\n      \"groups\": [")
                for (j, group) in period.groups.enumerated() {
                    w.raw(j == 0 ? "\n        {\n          \"dimension\": " : ",\n        {\n          \"dimension\": ")
                    w.quoted(group.dimension.rawValue)
                    w.raw(",\n          \"key\": ")
                    w.quoted(group.key)
                    w.raw(",\n          \"metrics\": ")
                    w.metrics(group.metrics, indent: "          ")
                    w.raw("\n        }")
                }
                w.raw(period.groups.isEmpty ? "]" : "\n      ]")
            }
            w.raw("\n    }")
        }
        w.raw(periods.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// A JSON string literal.
    public static func quoted(_ s: String) -> String {
        var w = JSONBytes()
        w.quoted(s)
        return String(decoding: w.bytes, as: UTF8.self)
    }
}

/// A growing UTF-8 buffer with JSON value writers.
struct JSONBytes {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(1 << 16) }

    mutating func raw(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func quoted(_ s: String) {
        bytes.append(34)
        for b in s.utf8 {
            switch b {
            case 34: bytes.append(contentsOf: [92, 34])
            case 92: bytes.append(contentsOf: [92, 92])
            case 10: bytes.append(contentsOf: [92, 110])
            case 13: bytes.append(contentsOf: [92, 114])
            case 9: bytes.append(contentsOf: [92, 116])
            case 0..<32:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [92, 117, 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: bytes.append(b)
            }
        }
        bytes.append(34)
    }

    mutating func integer(_ value: Int128) {
        // Most values fit 64 bits, whose digits are cheaper to find than 128-bit ones.
        if let small = Int64(exactly: value) { return integer(small) }
        decimal(value.magnitude, negative: value < 0)
    }

    mutating func integer(_ value: Int64) { decimal(value.magnitude, negative: value < 0) }

    /// The digits of a magnitude, after a minus sign when `negative` (private, so it is
    /// specialised for each width rather than run through generic witnesses).
    private mutating func decimal<T: UnsignedInteger>(_ magnitude: T, negative: Bool) {
        if negative { bytes.append(45) }
        var v = magnitude
        var digits: [UInt8] = []
        repeat {
            digits.append(UInt8(truncatingIfNeeded: 48 + v % 10))
            v /= 10
        } while v > 0
        bytes.append(contentsOf: digits.reversed())
    }

    /// A value in its machine form (ValueFormat.machine), or null.
    mutating func value(_ v: MetricValue) {
        switch v {
        case .none: raw("null")
        case .count(let c): integer(c)
        case .money(let cents):
            // 64-bit arithmetic when the amount fits (nearly always): 128-bit division is a call.
            if let small = Int64(exactly: cents) {
                money(small)
            } else {
                money(cents)
            }
        // JSON has no NaN or infinity; no formula makes one from bounded data, but the format must hold.
        case .number(let x): raw(x.isFinite ? x.description : "null")
        }
    }

    /// Money in cents as the shortest decimal of major units (SPEC §8.28).
    private mutating func money<T: FixedWidthInteger & SignedInteger>(_ cents: T) {
        if cents < 0 && cents > -100 { bytes.append(45) }
        if let small = Int64(exactly: cents / 100) { integer(small) } else { integer(Int128(cents / 100)) }
        let fraction = Int(cents.magnitude % 100)
        if fraction != 0 {
            bytes.append(46)
            bytes.append(UInt8(48 + fraction / 10))
            if fraction % 10 != 0 { bytes.append(UInt8(48 + fraction % 10)) }
        }
    }

    mutating func metrics(_ metrics: MetricValues, indent: String) {
        if metrics.keys.isEmpty {
            raw("{}")
            return
        }
        raw("{\n")
        for (i, key) in metrics.keys.enumerated() {
            raw(indent)
            raw("  \"")
            raw(key.rawValue)
            raw("\": ")
            value(metrics.values[i])
            raw(i == metrics.keys.count - 1 ? "\n" : ",\n")
        }
        raw(indent)
        raw("}")
    }
}
