import SalesMetrics
import SalesMetricsIO
import Testing

@Suite struct FieldParserTests {
    func ts(_ s: String) -> (Int64, Bool)? {
        Array(s.utf8).withUnsafeBufferPointer { FieldParsers.timestamp($0).map { ($0.value, $0.local) } }
    }
    func money(_ s: String) -> Int64? { Array(s.utf8).withUnsafeBufferPointer { FieldParsers.money($0) } }
    func micros(_ s: String) -> Int64? { Array(s.utf8).withUnsafeBufferPointer { FieldParsers.micros($0) } }

    @Test func timestamps() {
        let day = Int64(CivilDate.parse("2024-03-05")!) * 86_400_000
        #expect(ts("2024-03-05")! == (day, true))
        #expect(ts("2024-03-05T14:30:00Z")! == (day + 52_200_000, false))
        #expect(ts("2024-03-05T16:30:00+02:00")! == (day + 52_200_000, false))
        #expect(ts("2024-03-05T09:30:00-0500")! == (day + 52_200_000, false))
        #expect(ts("2024-03-05 14:30")! == (day + 52_200_000, true))
        #expect(ts("2024-03-05T14:30:00.25Z")! == (day + 52_200_250, false))
        #expect(ts("2024-03-05T14:30:00.123456789")! == (day + 52_200_123, true))
        for bad in [
            "2024-3-5", "2024-03-05T25:00", "2024-03-05T14:30:00X", "05/03/2024", "2024-02-30", "2024-03-05T",
            "2024-03-05T14:30:00+2",
        ] {
            #expect(ts(bad) == nil, "\(bad)")
        }
    }

    @Test func dates() {
        func date(_ s: String) -> Int32? { Array(s.utf8).withUnsafeBufferPointer { FieldParsers.date($0) } }
        #expect(date("2024-02-29") == CivilDate.day(year: 2024, month: 2, day: 29))
        for bad in ["2023-02-29", "2024-00-10", "2024-1-10", "20240110", "2024-01-10T00:00", "2024/01/10"] {
            #expect(date(bad) == nil, "\(bad)")
        }
    }

    /// The month table and the general formula agree, inside and outside the table's years.
    @Test func everyDayParsesToItself() {
        let first = CivilDate.day(year: 1850, month: 1, day: 1)
        let last = CivilDate.day(year: 2250, month: 12, day: 31)
        for day in stride(from: first, through: last, by: 3) {
            let text = CivilDate.format(day)
            #expect(Array(text.utf8).withUnsafeBufferPointer { FieldParsers.date($0) } == day)
        }
    }

    @Test func moneyIsExactMinorUnits() {
        #expect(money("1234.5") == 123_450)
        #expect(money("0.07") == 7)
        #expect(money("10") == 1000)
        #expect(money("-3.10") == -310)
        #expect(money(".5") == 50)
        for bad in ["12,5", "$10", "1,000", "1.234", "1e5", "", "-", "abc", "1.", "NaN", "inf"] {
            #expect(money(bad) == nil, "\(bad)")
        }
    }

    @Test func hoursKeepMillionths() {
        #expect(micros("7.5") == 7_500_000)
        #expect(micros("0.3333335") == 333_334)
        #expect(micros("1e3") == nil)
    }
}
