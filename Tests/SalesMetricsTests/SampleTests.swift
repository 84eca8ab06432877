import SalesMetrics
import Testing

/// The count behind each ratio (``Metric/sample``): which metrics have one, and its value.
struct SampleTests {
    @Test func ratiosOverCountsHaveTheirDenominatorAsSample() {
        let nouns = Dictionary(
            uniqueKeysWithValues: Catalog.metrics.compactMap { m in m.sample.map { (m.key, $0.noun) } })
        #expect(nouns[.winRate] == "deals")
        #expect(nouns[.avgDealSize] == "deals")
        #expect(nouns[.salesCycleLength] == "deals")
        #expect(nouns[.leadConversionRate] == "leads")
        #expect(nouns[.leadResponseTime] == "leads")
        #expect(nouns[.cac] == "customers")
        #expect(nouns[.churnRate] == "customers")
        #expect(nouns[.nps] == "responses")
        #expect(nouns[.repProductivity] == "reps")
        // Not over a count of rows: money over money, growth, custom formulas.
        for key: MetricKey in [.winRateByValue, .revenueGrowth, .netRevenueRetention, .timeSelling, .pipelineCoverage] {
            #expect(nouns[key] == nil, "\(key)")
        }
        // A count of rows is never a unit constant: sales cycle is days over won deals, not
        // 86,400,000 × won deals.
        #expect(Catalog[.salesCycleLength].sample?.quantity.terms.map(\.coefficient) == [1])
    }

    @Test func samplesAreCountedPerPeriodAndGroup() throws {
        let files: [Table: String] = [
            .opportunities: """
            \(Fixture.oppHeader)
            o1,a1,r1,2025-01-01,won,2025-01-10,100,,Web,P
            o2,a1,r1,2025-01-01,lost,2025-01-11,100,,Web,P
            o3,a1,r2,2025-01-01,lost,2025-01-12,100,,Web,P
            o4,a1,r2,2025-01-01,won,2025-02-12,100,,Web,P

            """
        ]
        var options = ReportOptions(
            grain: .month, from: CivilDate.parse("2025-01-01")!, to: CivilDate.parse("2025-03-01")!, breakdown: .owner,
            metrics: [.winRate, .totalRevenue], samples: true)
        let report = try Engine.report(try Fixture.dataset(files), options)
        let january = report.periods[0]
        #expect(january.metrics.sample(.winRate) == 3)
        #expect(january.metrics.sample(.totalRevenue) == nil)
        #expect(january.groups.map { $0.metrics.sample(.winRate) } == [2, 1])
        #expect(report.periods[1].metrics.sample(.winRate) == 1)
        // Without asking, a report carries none (and its JSON is unchanged).
        options.samples = false
        #expect(try Engine.report(try Fixture.dataset(files), options).periods[0].metrics.sample(.winRate) == nil)
    }
}
