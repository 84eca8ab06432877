/// Computes period boundaries and labels for a grain and fiscal year.
public struct PeriodCalendar: Sendable {
    public var grain: Grain
    public var fiscalYearStartMonth: Int

    public init(grain: Grain, fiscalYearStartMonth: Int = 1) {
        self.grain = grain
        self.fiscalYearStartMonth = fiscalYearStartMonth
    }

    /// The first day of the period that contains `day`.
    public func periodStart(containing day: Int32) -> Int32 {
        let (y, m, _) = CivilDate.components(day)
        switch grain {
        case .week:
            return day - Int32(CivilDate.isoWeekday(day) - 1)
        case .month:
            return CivilDate.day(year: y, month: m, day: 1)
        case .quarter:
            let offset = ((m - fiscalYearStartMonth) % 12 + 12) % 12
            let start = CivilDate.addingMonths(year: y, month: m, -(offset % 3))
            return CivilDate.day(year: start.year, month: start.month, day: 1)
        case .year:
            let offset = ((m - fiscalYearStartMonth) % 12 + 12) % 12
            let start = CivilDate.addingMonths(year: y, month: m, -offset)
            return CivilDate.day(year: start.year, month: start.month, day: 1)
        }
    }

    /// The first day of the period after the one starting on `start`.
    public func nextStart(after start: Int32) -> Int32 {
        let (y, m, _) = CivilDate.components(start)
        let months: Int
        switch grain {
        case .week: return start + 7
        case .month: months = 1
        case .quarter: months = 3
        case .year: months = 12
        }
        let next = CivilDate.addingMonths(year: y, month: m, months)
        return CivilDate.day(year: next.year, month: next.month, day: 1)
    }

    /// The first day of the period before the one starting on `start`.
    public func previousStart(before start: Int32) -> Int32 {
        periodStart(containing: start - 1)
    }

    /// `2024-W05`, `2024-03`, `2024-Q1` / `FY2025-Q1`, `2024` / `FY2025` (SPEC §2, §8.9).
    public func label(forStart start: Int32) -> String {
        let (y, m, _) = CivilDate.components(start)
        switch grain {
        case .week:
            // The ISO week-year is the year of the week's Thursday.
            let thursday = start + 3
            let isoYear = CivilDate.components(thursday).year
            let week = Int(thursday - CivilDate.day(year: isoYear, month: 1, day: 1)) / 7 + 1
            return CivilDate.pad(isoYear, 4) + "-W" + CivilDate.pad(week, 2)
        case .month:
            return CivilDate.pad(y, 4) + "-" + CivilDate.pad(m, 2)
        case .quarter:
            let offset = ((m - fiscalYearStartMonth) % 12 + 12) % 12
            let quarter = offset / 3 + 1
            if fiscalYearStartMonth == 1 { return CivilDate.pad(y, 4) + "-Q\(quarter)" }
            return "FY" + CivilDate.pad(fiscalYearEnding(year: y, month: m), 4) + "-Q\(quarter)"
        case .year:
            if fiscalYearStartMonth == 1 { return CivilDate.pad(y, 4) }
            return "FY" + CivilDate.pad(fiscalYearEnding(year: y, month: m), 4)
        }
    }

    /// The grain a period label is written in, by its shape: `2025-W05` week, `2025-03` month,
    /// `2025-Q1` or `FY2025-Q1` quarter, `2025` or `FY2025` year; nil for anything else.
    public static func grain(ofLabel label: String) -> Grain? {
        let bytes = Array(label.utf8)
        let body = bytes.starts(with: Array("FY".utf8)) ? Array(bytes.dropFirst(2)) : bytes
        let fiscal = body.count != bytes.count
        func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { (48...57).contains(body[$0]) } }
        guard body.count >= 4, digits(0..<4) else { return nil }
        switch body.count {
        case 4: return .year
        case 7 where body[4] == 45 && body[5] == 81 && (49...52).contains(body[6]): return .quarter
        case 7 where !fiscal && body[4] == 45 && digits(5..<7): return .month
        case 8 where !fiscal && body[4] == 45 && body[5] == 87 && digits(6..<8): return .week
        default: return nil
        }
    }

    /// The first day of the period with this label in this calendar; nil when no period has it
    /// (`2025-13`, `2025-W60`, `FY2025` in a calendar-year calendar, `2025-Q1` in a fiscal one).
    public func start(ofLabel text: String) -> Int32? {
        let digits = text.hasPrefix("FY") ? text.dropFirst(2) : Substring(text)
        guard Self.grain(ofLabel: text) == grain, let year = Int(digits.prefix(4)), (1...9998).contains(year) else {
            return nil
        }
        // Every period of the label's year and the years beside it (a fiscal year or an ISO week
        // year reaches into them), at most 3 × 53 labels.
        var start = periodStart(containing: CivilDate.day(year: year - 1, month: 1, day: 1))
        let end = CivilDate.day(year: year + 2, month: 1, day: 1)
        while start < end {
            if label(forStart: start) == text { return start }
            start = nextStart(after: start)
        }
        return nil
    }

    /// A fiscal year is named by the calendar year in which it ends.
    private func fiscalYearEnding(year: Int, month: Int) -> Int {
        month >= fiscalYearStartMonth ? year + 1 : year
    }
}
