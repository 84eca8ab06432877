import SalesMetrics
import Testing

@Suite struct BreakdownTests {
    typealias F = Fixture

    static let files: [Table: String] = [
        .reps: "rep_id,team\nr1,West\nr2,East\nr3,\n",
        .accounts: "account_id,segment,region\nA,SMB,EMEA\nB,Enterprise,\n",
        .leads:
            "lead_id,created_at,owner_id,source,segment\nl1,2024-03-02,r1,Web,SMB\nl2,2024-03-03,,,\nl3,2024-03-04,r9,web,\n",
        .opportunities: """
        opportunity_id,account_id,owner_id,created_at,status,closed_at,amount,source,product
        o1,A,r1,2024-02-01,won,2024-03-05,100,Web,P1
        o2,B,r2,2024-02-01,won,2024-03-06,200,Événement,P1
        o3,X,,2024-02-01,won,2024-03-07,50,,
        """,
        .spend: "date,category,channel,amount\n2024-03-01,marketing,Web,10\n2024-03-01,sales,,5\n",
    ]

    func keys(_ by: Breakdown) throws -> [String] {
        let r = try F.report(Self.files, from: "2024-02-01", to: "2024-04-01", by: by)
        let keys = r.periods[0].groups.map(\.key)
        #expect(r.periods[1].groups.map(\.key) == keys, "every period lists the same groups")
        return keys
    }

    @Test func groupsComeFromEveryMappedTableSortedByCodePoint() throws {
        #expect(try keys(.owner) == ["r1", "r2", "r3", "r9", "(none)"])
        #expect(try keys(.team) == ["East", "West", "(none)"])
        #expect(try keys(.source) == ["Web", "web", "Événement", "(none)"])
        #expect(try keys(.segment) == ["Enterprise", "SMB", "(none)"])
        #expect(try keys(.product) == ["P1", "(none)"])
        #expect(try keys(.region) == ["EMEA", "(none)"])
    }

    @Test func valuesPerGroup() throws {
        let r = try F.report(Self.files, from: "2024-02-01", to: "2024-04-01", by: .owner)
        #expect(F.value(r, "2024-03", "total_revenue", group: "r1") == F.dollars(100))
        #expect(F.value(r, "2024-03", "total_revenue", group: "(none)") == F.dollars(50))
        // A group without rows: sums 0, ratios null.
        #expect(F.value(r, "2024-03", "total_revenue", group: "r3") == F.dollars(0))
        #expect(F.value(r, "2024-03", "win_rate", group: "r3") == .none)
        #expect(F.value(r, "2024-03", "leads_created", group: "r9") == .count(1))
        #expect(F.value(r, "2024-03", "active_reps", group: "r3") == .count(1))
        // Not applicable by owner: spend, CAC.
        #expect(F.value(r, "2024-03", "marketing_spend", group: "r1") == .none)
        #expect(F.value(r, "2024-03", "cac", group: "r1") == .none)
        #expect(F.value(r, "2024-02", "revenue_growth", group: "r1") == .none)
    }

    @Test func teamsLookUpTheOwnersTeam() throws {
        let r = try F.report(Self.files, from: "2024-02-01", to: "2024-04-01", by: .team)
        #expect(F.value(r, "2024-03", "total_revenue", group: "West") == F.dollars(100))
        #expect(F.value(r, "2024-03", "total_revenue", group: "East") == F.dollars(200))
        #expect(F.value(r, "2024-03", "total_revenue", group: "(none)") == F.dollars(50))
        // Leads of r9 (unknown rep) and without owner.
        #expect(F.value(r, "2024-03", "leads_created", group: "(none)") == .count(2))
        #expect(F.value(r, "2024-03", "active_reps", group: "(none)") == .count(1))
    }

    @Test func sourceROIPairsDealsWithSpendOfTheirChannel() throws {
        let r = try F.report(Self.files, from: "2024-02-01", to: "2024-04-01", by: .source)
        expectNumber(F.value(r, "2024-03", "source_roi", group: "Web"), 9)
        expectNumber(F.value(r, "2024-03", "source_roi", group: "(none)"), 9)
        #expect(F.value(r, "2024-03", "source_roi", group: "Événement") == .none)
        #expect(F.value(r, "2024-03", "source_roi") == .none)
        #expect(F.value(r, "2024-03", "marketing_spend", group: "Web") == F.dollars(10))
        #expect(F.value(r, "2024-03", "sales_spend", group: "(none)") == F.dollars(5))
        // Lead values are kept as written: "web" is not "Web".
        #expect(F.value(r, "2024-03", "leads_created", group: "web") == .count(1))
    }

    @Test func segmentAndRegionComeFromTheAccount() throws {
        let segment = try F.report(Self.files, from: "2024-02-01", to: "2024-04-01", by: .segment)
        #expect(F.value(segment, "2024-03", "total_revenue", group: "Enterprise") == F.dollars(200))
        // Leads use their own segment.
        #expect(F.value(segment, "2024-03", "leads_created", group: "SMB") == .count(1))
        #expect(F.value(segment, "2024-03", "leads_created", group: "(none)") == .count(2))
        // New customers are listed by segment: B's won deal.
        #expect(F.value(segment, "2024-03", "new_customers", group: "Enterprise") == .count(1))
        let region = try F.report(Self.files, from: "2024-02-01", to: "2024-04-01", by: .region)
        #expect(F.value(region, "2024-03", "total_revenue", group: "(none)") == F.dollars(250))
        #expect(F.value(region, "2024-03", "leads_created", group: "(none)") == .none)
    }

    /// The applicability table of SPEC §8.22, as the catalog states it.
    @Test func applicability() {
        func dims(_ id: String) -> [String] { Catalog.metric(id)!.dimensions.map(\.rawValue) }
        #expect(dims("new_customers") == ["segment", "region"])
        #expect(dims("cac") == [])
        #expect(dims("cltv_cac_ratio") == [])
        #expect(dims("forecast_accuracy") == [])
        #expect(dims("pipeline_coverage") == ["owner", "team"])
        #expect(dims("quota_attainment_rate") == ["owner", "team"])
        #expect(dims("active_reps") == ["owner", "team"])
        #expect(dims("rep_productivity") == ["owner", "team"])
        #expect(dims("time_selling") == ["owner", "team"])
        #expect(dims("marketing_spend") == ["source"])
        #expect(dims("romi_incremental") == ["source"])
        #expect(dims("source_roi") == ["source"])
        #expect(dims("leads_created") == ["owner", "team", "source", "segment"])
        #expect(dims("mrr") == ["segment", "region"])
        #expect(dims("nps") == ["segment", "region"])
        #expect(dims("win_rate") == Breakdown.allCases.map(\.rawValue))
        #expect(Catalog.metric("source_roi")!.applies(to: nil) == false)
    }
}
