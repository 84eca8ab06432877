import SalesMetrics
import Testing

/// The six metrics of SPEC §3 "Added metrics", each computed by hand from a small dataset.
@Suite struct AddedMetricsTests {
    typealias F = Fixture

    static let opportunities = """
        opportunity_id,owner_id,created_at,status,closed_at,amount
        o1,r1,2024-01-20,won,2024-02-10,1000
        o2,r2,2024-02-03,lost,2024-02-20,3000
        o3,r1,2024-02-15,open,,500.50
        o4,r2,2024-02-25,won,2024-03-05,2000
        o5,r1,2024-03-02,lost,2024-03-30,1000

        """

    /// March, against February: A expands 100 → 150, E contracts 300 → 250, B churns 200,
    /// C is new at 80 and D, who left in January, comes back at 40.
    static let subscriptions = """
        subscription_id,account_id,mrr,started_on,ended_on
        a1,A,100,2024-01-01,2024-03-01
        a2,A,150,2024-03-01,
        b1,B,200,2024-01-01,2024-03-10
        c1,C,80,2024-03-05,
        d1,D,60,2024-01-01,2024-02-01
        d2,D,40,2024-03-15,
        e1,E,300,2024-01-01,2024-03-01
        e2,E,250,2024-03-01,

        """

    static let spend = """
        date,category,channel,amount
        2024-01-10,marketing,Web,1000
        2024-01-20,sales,,500
        2024-02-10,marketing,Web,3000
        2024-02-20,sales,,200

        """

    func report(by: Breakdown? = nil) throws -> Report {
        try F.report(
            [.opportunities: Self.opportunities, .subscriptions: Self.subscriptions, .spend: Self.spend],
            from: "2024-01-01", to: "2024-04-01", by: by)
    }

    @Test func dealsLost() throws {
        let r = try report(by: .owner)
        #expect(F.value(r, "2024-01", "deals_lost") == .count(0))
        #expect(F.value(r, "2024-02", "deals_lost") == .count(1))
        #expect(F.value(r, "2024-03", "deals_lost") == .count(1))
        #expect(F.value(r, "2024-02", "deals_lost", group: "r2") == .count(1))
        #expect(F.value(r, "2024-02", "deals_lost", group: "r1") == .count(0))
    }

    /// Created in the period whatever the status: the open o3 counts, and o1 counts in January.
    @Test func pipelineCreated() throws {
        let r = try report(by: .owner)
        #expect(F.value(r, "2024-01", "pipeline_created_count") == .count(1))
        #expect(F.value(r, "2024-02", "pipeline_created_count") == .count(3))
        #expect(F.value(r, "2024-03", "pipeline_created_count") == .count(1))
        #expect(F.value(r, "2024-01", "pipeline_created_value") == F.dollars(1000))
        // 3,000 + 500.50 + 2,000
        #expect(F.value(r, "2024-02", "pipeline_created_value") == .money(550_050))
        #expect(F.value(r, "2024-02", "pipeline_created_value", group: "r1") == .money(50_050))
    }

    @Test func winRateByValue() throws {
        let r = try report(by: .owner)
        // Nothing closed in January.
        #expect(F.value(r, "2024-01", "win_rate_by_value") == .none)
        expectNumber(F.value(r, "2024-02", "win_rate_by_value"), 1000.0 / (1000 + 3000))
        expectNumber(F.value(r, "2024-03", "win_rate_by_value"), 2000.0 / (2000 + 1000))
        // r1 lost o5 and won nothing in March.
        expectNumber(F.value(r, "2024-03", "win_rate_by_value", group: "r1"), 0)
    }

    @Test func saasQuickRatio() throws {
        let r = try report(by: .segment)
        // January: 660 of new MRR and nothing lost.
        #expect(F.value(r, "2024-01", "saas_quick_ratio") == .none)
        // February: D's 60 churned, nothing gained.
        expectNumber(F.value(r, "2024-02", "saas_quick_ratio"), 0)
        // March: (80 new + 40 reactivated + 50 expansion) / (50 contraction + 200 churned).
        expectNumber(F.value(r, "2024-03", "saas_quick_ratio"), 170.0 / 250)
        expectNumber(F.value(r, "2024-03", "saas_quick_ratio", group: Breakdown.noneKey), 170.0 / 250)
    }

    @Test func magicNumber() throws {
        let r = try report(by: .segment)
        // ARR at the ends of January, February and March: 12 × 660, 12 × 600, 12 × 520.
        #expect(F.value(r, "2024-02", "arr") == F.dollars(7200))
        // December had no spend: no value for January.
        #expect(F.value(r, "2024-01", "magic_number") == .none)
        expectNumber(F.value(r, "2024-02", "magic_number"), (7200.0 - 7920) / (1000 + 500))
        expectNumber(F.value(r, "2024-03", "magic_number"), (6240.0 - 7200) / (3000 + 200))
        // Subscriptions and spend share no dimension (SPEC §3): null in every breakdown.
        #expect(F.value(r, "2024-03", "magic_number", group: Breakdown.noneKey) == .none)
        #expect(Catalog[.magicNumber].dimensions.isEmpty)
    }

    /// They come after the metrics of SPEC §3's first table, in its order, with its units,
    /// categories and breakdowns (§8.22), and before the engagement score's two.
    @Test func orderUnitsAndBreakdowns() {
        let added: [MetricKey] = [
            .dealsLost, .pipelineCreatedCount, .pipelineCreatedValue, .winRateByValue, .saasQuickRatio, .magicNumber,
        ]
        #expect(Array(Catalog.metrics.suffix(8).prefix(6).map(\.key)) == added)
        #expect(Array(Catalog.metrics.suffix(2).map(\.key)) == [.avgEngagementScore, .atRiskAccounts])
        #expect(Catalog[.avgEngagementScore].dimensions == [.segment, .region])
        #expect(Catalog[.atRiskAccounts].requires == [.subscriptions, .usage])
        #expect(added.map { Catalog[$0].unit } == [.count, .count, .money, .ratio, .ratio, .ratio])
        #expect(
            added.map { Catalog[$0].category } == [.revenue, .pipeline, .pipeline, .conversion, .customers, .customers])
        for key in added.prefix(4) { #expect(Catalog[key].dimensions == Breakdown.allCases) }
        #expect(Catalog[.saasQuickRatio].dimensions == [.segment, .region])
    }
}
