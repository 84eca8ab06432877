/// Calendar days as integers: day 0 is 1970-01-01 (proleptic Gregorian).
///
/// `date` columns are calendar days (SPEC §8.7), so they never need a time zone;
/// keeping them as `Int32` day numbers makes period bucketing a comparison.
public enum CivilDate {
    /// Marks an empty `date` cell.
    public static let none: Int32 = .min
    /// An empty `ended_on` / `left_on`: "still going", later than any real day.
    public static let never: Int32 = .max

    /// Day number of a proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func day(year: Int, month: Int, day: Int) -> Int32 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int32(era * 146_097 + doe - 719_468)
    }

    /// Year, month (1–12) and day (1–31) of a day number.
    public static func components(_ dayNumber: Int32) -> (year: Int, month: Int, day: Int) {
        let z = Int(dayNumber) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public static func isoWeekday(_ dayNumber: Int32) -> Int {
        // 1970-01-01 was a Thursday (4).
        let r = (Int(dayNumber) + 3) % 7
        return (r < 0 ? r + 7 : r) + 1
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The first day of the month `months` after (or before) the given year and month.
    public static func addingMonths(year: Int, month: Int, _ months: Int) -> (year: Int, month: Int) {
        let index = year * 12 + (month - 1) + months
        let y = index >= 0 ? index / 12 : (index - 11) / 12
        return (y, index - y * 12 + 1)
    }

    /// `YYYY-MM-DD`.
    public static func format(_ dayNumber: Int32) -> String {
        let (y, m, d) = components(dayNumber)
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Parses `YYYY-MM-DD` strictly (used for command-line options).
    public static func parse(_ text: String) -> Int32? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10 else { return nil }
        return parse(bytes[...])
    }

    /// Parses exactly `YYYY-MM-DD` from ASCII bytes; nil when malformed or not a real day.
    public static func parse(_ b: ArraySlice<UInt8>) -> Int32? {
        guard b.count == 10 else { return nil }
        let s = b.startIndex
        guard b[s + 4] == UInt8(ascii: "-"), b[s + 7] == UInt8(ascii: "-") else { return nil }
        guard let y = digits(b, s, 4), let m = digits(b, s + 5, 2), let d = digits(b, s + 8, 2) else {
            return nil
        }
        guard (1...12).contains(m), d >= 1, d <= daysInMonth(year: y, month: m) else { return nil }
        return day(year: y, month: m, day: d)
    }

    static func digits(_ b: ArraySlice<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for i in start..<(start + count) {
            let c = b[i]
            guard c >= 48, c <= 57 else { return nil }
            value = value * 10 + Int(c - 48)
        }
        return value
    }
}
