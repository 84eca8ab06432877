import SalesMetrics
import Testing

@Suite struct MissingDataTests {
    typealias F = Fixture

    /// A missing file makes its metrics null; an empty file (header only) gives 0 and null ratios.
    @Test func missingVersusEmptyFiles() throws {
        let empty = try F.report(
            [.opportunities: "opportunity_id,created_at,status,closed_at,amount\n"], from: "2024-01-01",
            to: "2024-02-01")
        #expect(F.value(empty, "2024-01", "total_revenue") == .money(0))
        #expect(F.value(empty, "2024-01", "deals_won") == .count(0))
        #expect(F.value(empty, "2024-01", "win_rate") == .none)
        #expect(F.value(empty, "2024-01", "new_customers") == .count(0))
        #expect(F.value(empty, "2024-01", "leads_created") == .none)
        #expect(F.value(empty, "2024-01", "mrr") == .none)
        let none = try F.report([:], from: "2024-01-01", to: "2024-02-01")
        let values = none.periods[0].metrics.values
        #expect(values.count == Catalog.metrics.count)
        #expect(values.allSatisfy { $0.isNone })
    }

    /// Every metric gets a value on a dataset that has every file (source ROI only by source).
    @Test func everyMetricIsComputedWhenItsDataIsPresent() throws {
        let d = try SampleData.dataset()
        for metric in Catalog.metrics where metric.id != "source_roi" {
            #expect(metric.isComputable(with: d), "\(metric.id)")
        }
        let r = try Engine.report(
            d, ReportOptions(grain: .quarter, from: CivilDate.parse("2025-01-01")!, to: CivilDate.parse("2026-01-01")!))
        let nulls = r.periods.last!.metrics.keys.enumerated().filter {
            r.periods.last!.metrics.values[$0.offset].isNone
        }
        .map(\.element)
        #expect(nulls == [.sourceRoi])
    }
}
