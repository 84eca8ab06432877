import SalesMetrics
import Testing

@Suite struct PeriodTests {
    func labels(_ grain: Grain, _ from: String, _ to: String, fiscal: Int = 1) -> [String] {
        let grid = PeriodGrid(
            calendar: PeriodCalendar(grain: grain, fiscalYearStartMonth: fiscal), from: CivilDate.parse(from)!,
            to: CivilDate.parse(to)!, zone: .utc)
        return grid.periods.dropFirst().map(\.label)
    }

    @Test func civilDatesRoundTrip() {
        for day in Int32(-800_000)...Int32(800_000) where day % 997 == 0 {
            let (y, m, d) = CivilDate.components(day)
            #expect(CivilDate.day(year: y, month: m, day: d) == day)
        }
        #expect(CivilDate.parse("1970-01-01") == 0)
        #expect(CivilDate.parse("2024-02-29") != nil)
        #expect(CivilDate.parse("2023-02-29") == nil)
        #expect(CivilDate.parse("2024-13-01") == nil)
        #expect(CivilDate.isoWeekday(CivilDate.parse("2024-03-04")!) == 1)
    }

    @Test func monthsListEveryOverlappingPeriodWithFullBoundaries() {
        let grid = PeriodGrid(
            calendar: PeriodCalendar(grain: .month), from: CivilDate.parse("2024-01-15")!,
            to: CivilDate.parse("2024-03-02")!, zone: .utc)
        #expect(grid.periods.map(\.label) == ["2023-12", "2024-01", "2024-02", "2024-03"])
        #expect(CivilDate.format(grid.periods[1].firstDay) == "2024-01-01")
        #expect(CivilDate.format(grid.periods[3].endDay) == "2024-04-01")
    }

    @Test func toIsExclusive() {
        #expect(labels(.month, "2024-01-01", "2024-03-01") == ["2024-01", "2024-02"])
        #expect(labels(.month, "2024-01-31", "2024-02-01") == ["2024-01"])
    }

    @Test func isoWeeks() {
        #expect(labels(.week, "2024-12-30", "2025-01-06") == ["2025-W01"])
        #expect(labels(.week, "2021-01-03", "2021-01-05") == ["2020-W53", "2021-W01"])
        #expect(labels(.week, "2024-01-01", "2024-01-08") == ["2024-W01"])
        // Weeks ignore the fiscal year.
        #expect(labels(.week, "2024-01-01", "2024-01-08", fiscal: 4) == ["2024-W01"])
    }

    @Test func calendarAndFiscalQuartersAndYears() {
        #expect(labels(.quarter, "2024-01-01", "2025-01-01") == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"])
        #expect(labels(.year, "2023-06-01", "2024-06-01") == ["2023", "2024"])
        // A fiscal year starting in April is named by the calendar year in which it ends.
        #expect(labels(.quarter, "2024-04-01", "2024-10-01", fiscal: 4) == ["FY2025-Q1", "FY2025-Q2"])
        #expect(labels(.quarter, "2024-01-01", "2024-02-01", fiscal: 4) == ["FY2024-Q4"])
        #expect(labels(.year, "2024-03-31", "2024-04-02", fiscal: 4) == ["FY2024", "FY2025"])
        #expect(labels(.quarter, "2024-02-01", "2024-03-01", fiscal: 2) == ["FY2025-Q1"])
        // Months stay calendar months under a fiscal year.
        #expect(labels(.month, "2024-04-01", "2024-05-01", fiscal: 4) == ["2024-04"])
        let grid = PeriodGrid(
            calendar: PeriodCalendar(grain: .quarter, fiscalYearStartMonth: 11), from: CivilDate.parse("2024-11-01")!,
            to: CivilDate.parse("2024-11-02")!, zone: .utc)
        #expect(CivilDate.format(grid.periods[1].firstDay) == "2024-11-01")
        #expect(CivilDate.format(grid.periods[1].endDay) == "2025-02-01")
        #expect(grid.periods[1].label == "FY2025-Q1")
    }

    @Test func periodStartsAreLocalMidnights() {
        let zone = ZoneRules(identifier: "America/New_York")!
        let grid = PeriodGrid(
            calendar: PeriodCalendar(grain: .month), from: CivilDate.parse("2024-03-01")!,
            to: CivilDate.parse("2024-04-01")!, zone: zone)
        // March 1 is EST (UTC−5), April 1 is EDT (UTC−4).
        #expect(grid.periods[1].start == 1_709_269_200_000)  // 2024-03-01T05:00:00Z
        #expect(grid.periods[1].end == 1_711_944_000_000)  // 2024-04-01T04:00:00Z
    }

    /// A skipped midnight starts the day at the first instant that exists (SPEC §8.6).
    @Test func skippedMidnight() {
        // São Paulo moved its clocks from 00:00 to 01:00 on 2018-11-04.
        let zone = ZoneRules(identifier: "America/Sao_Paulo")!
        #expect(zone.startOfDay(CivilDate.parse("2018-11-04")!) == 1_541_300_400_000)  // 2018-11-04T03:00:00Z
    }

    /// A repeated midnight starts the day at its first occurrence.
    @Test func repeatedMidnight() {
        // Havana turned its clocks back from 01:00 to 00:00 on 2023-11-05: midnight came twice.
        let zone = ZoneRules(identifier: "America/Havana")!
        #expect(zone.startOfDay(CivilDate.parse("2023-11-05")!) == 1_699_156_800_000)  // 2023-11-05T04:00:00Z
    }

    @Test func unknownOptionsAreSentences() throws {
        let d = Dataset()
        #expect(throws: ReportError.unknownTimeZone("Mars/Base")) { () throws -> Void in
            try Engine.report(d, ReportOptions(grain: .month, from: 0, to: 10, timezone: "Mars/Base"))
        }
        #expect(throws: ReportError.emptyRange(from: "1970-01-11", to: "1970-01-11")) {
            try Engine.report(d, ReportOptions(grain: .month, from: 10, to: 10))
        }
        #expect(throws: ReportError.unknownMetrics(["revenu"])) {
            try ReportRequest.metricList("total_revenue, revenu")
        }
        #expect(try ReportRequest.metricList(" win_rate,,deals_won ") == [.winRate, .dealsWon])
        #expect(ReportError.unknownMetrics(["revenu"]).description.contains("Valid ids: total_revenue, deals_won,"))
    }

    @Test func selectedMetricsComeInCatalogOrder() throws {
        #expect(Engine.selectedMetrics([.winRate, .totalRevenue]) == [.totalRevenue, .winRate])
    }
}
