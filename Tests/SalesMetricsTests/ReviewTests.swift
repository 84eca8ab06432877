import SalesMetrics
import Testing

/// Review documents: their numbers are the report's for the same period, their tables add up,
/// and each cadence has its sections.
struct ReviewTests {
    static let q3 = CivilDate.parse("2025-07-01")!

    func review(_ grain: Grain, _ start: Int32, by: Breakdown? = nil) throws -> Review {
        try Review(
            try SampleData.dataset(), options: ReportOptions(grain: grain, from: start, to: start + 1),
            periodStart: start, asOf: CivilDate.parse("2025-12-31")!, targets: Target.defaults, by: by)
    }

    @Test func headlineNumbersAreTheReportsForThePeriod() throws {
        let r = try review(.quarter, Self.q3)
        let report = try Engine.report(
            try SampleData.dataset(),
            ReportOptions(grain: .quarter, from: Self.q3, to: CivilDate.parse("2025-10-01")!))
        let previous = try Engine.report(
            try SampleData.dataset(),
            ReportOptions(grain: .quarter, from: CivilDate.parse("2025-04-01")!, to: Self.q3))
        #expect(r.period.label == "2025-Q3" && r.cadence == .quarterly && r.complete)
        #expect(r.previousLabel == "2025-Q2" && r.yearAgoLabel == "2024-Q3")
        for h in r.headline {
            #expect(h.value == report.periods[0].metrics[h.metric.key], "\(h.metric.id)")
            #expect(h.previous == previous.periods[0].metrics[h.metric.key], "\(h.metric.id)")
        }
    }

    @Test func tablesAddUpToTheTotals() throws {
        let r = try review(.quarter, Self.q3)
        let revenue = r.headline.first { $0.metric.key == .totalRevenue }!.value
        func sum(_ values: [MetricValue]) -> MetricValue {
            .money(values.reduce(Int128(0)) { if case .money(let c) = $1 { $0 + c } else { $0 } })
        }
        // Reps without a won deal and no owner are left out; their revenue is 0.
        #expect(sum(r.reps.map(\.revenue)) == revenue)
        #expect(sum(r.sources.map(\.revenue)) == revenue)
        #expect(r.reps.contains { !$0.quota.isNone })
        // Attainment is revenue over the prorated quota.
        for rep in r.reps {
            if case .money(let won) = rep.revenue, case .money(let quota) = rep.quota, quota > 0 {
                #expect(abs((rep.attainment.doubleValue ?? 0) - Double(won) / Double(quota)) < 1e-6, "\(rep.name)")
            }
        }
        #expect(r.funnel?.steps.isEmpty == false)
        #expect(r.subscriptions.count == 11)
        #expect(r.targets.contains { $0.target.name == "magic-number-0.75" })
    }

    @Test func eachCadenceHasItsSections() throws {
        let month = try review(.month, CivilDate.parse("2025-09-01")!)
        #expect(month.cadence == .monthly && month.reps.isEmpty && month.funnel == nil && month.quarters == nil)
        #expect(month.headline.map(\.metric.key) == Review.monthlyHeadline)
        let year = try review(.year, CivilDate.parse("2025-01-01")!, by: .segment)
        #expect(year.cadence == .annual)
        #expect(year.quarters?.periods.map(\.label) == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"])
        #expect(year.breakdown?.periods.first?.groups.isEmpty == false)
        #expect(throws: ReviewError.self) { try review(.week, CivilDate.parse("2025-01-06")!) }
        // Movers: each scored against its own variation, largest first.
        let q3 = try review(.quarter, Self.q3)
        #expect(q3.movers.map(\.score) == q3.movers.map(\.score).sorted(by: >))
        #expect(q3.movers.allSatisfy { $0.score >= 1 && $0.drivers.count <= 3 })
    }

    @Test func caveatsSayWhatIsMissingAndWhatIsSmall() throws {
        let files: [Table: String] = [
            .opportunities: """
            \(Fixture.oppHeader)
            o1,a1,r1,2025-01-01,won,2025-02-10,100,,Web,P
            o2,a1,r1,2025-01-01,lost,2025-02-11,100,,Web,P

            """
        ]
        let feb = CivilDate.parse("2025-02-01")!
        let r = try Review(
            try Fixture.dataset(files), options: ReportOptions(grain: .month, from: feb, to: feb + 1),
            periodStart: feb, asOf: CivilDate.parse("2025-02-11")!, targets: [])
        #expect(!r.complete)
        #expect(r.caveats.contains { $0.hasPrefix("The period is not over: the data runs to 2025-02-11") })
        #expect(r.caveats.contains { $0.hasPrefix("Missing files: reps.csv, accounts.csv, leads.csv") })
        #expect(
            r.caveats.contains {
                $0 == "Win rate is based on 2 deals: one more or one fewer moves it by 10 points or more."
            })
        #expect(r.caveats.contains { $0.hasPrefix("Lead conversion rate") } == false)
    }
}
