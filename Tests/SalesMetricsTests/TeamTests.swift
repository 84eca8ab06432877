import SalesMetrics
import SalesMetricsIO
import Testing

/// Reps, quotas, activities, spend and surveys.
@Suite struct TeamTests {
    typealias F = Fixture

    @Test func activeRepsHonourHireAndLeaveDays() throws {
        let reps = """
            rep_id,name,team,hired_on,left_on
            r1,Ann,A,2024-03-31,
            r2,Bob,A,,2024-03-01
            r3,Cid,B,,
            r4,Dee,B,2024-02-10,2024-02-11
            """
        let r = try F.report([.reps: reps], from: "2024-02-01", to: "2024-04-01")
        #expect(F.value(r, "2024-02", "active_reps") == .count(3))
        #expect(F.value(r, "2024-03", "active_reps") == .count(2))
        // No opportunities file: rep productivity cannot be computed.
        #expect(F.value(r, "2024-03", "rep_productivity") == .none)
    }

    @Test func quotasAreProratedAndReachingThemExactlyCounts() throws {
        // r2 has quotas and deals but is not in reps.csv; r3 has left before March.
        let reps = """
            rep_id,name,team,hired_on,left_on
            r1,Ann,A,,
            r3,Cid,B,,2024-02-01
            """
        let quotas = """
            rep_id,period_start,period_end,amount
            r1,2024-01-01,2024-03-31,9100
            r2,2024-03-16,2024-04-15,3100
            r3,2024-01-01,2024-01-31,1000
            r3,2024-01-01,2024-01-31,1000
            r3,2024-03-01,2024-03-31,10
            """
        let opps = """
            opportunity_id,owner_id,created_at,status,closed_at,amount
            a,r1,2024-01-01,won,2024-01-20,3100
            b,r1,2024-01-01,won,2024-02-20,2899.99
            c,r3,2024-01-01,won,2024-01-20,1500
            d,r2,2024-01-01,lost,2024-03-20,99999
            e,r2,2024-01-01,won,2024-03-25,1600
            """
        let files: [Table: String] = [.reps: reps, .quotas: quotas, .opportunities: opps]
        let r = try F.report(files, from: "2024-01-01", to: "2024-04-01")
        // January: r1 reaches exactly 3,100 (31/91 of 9,100); r3 has 2,000 from two rows and reaches 1,500 only.
        expectNumber(F.value(r, "2024-01", "quota_attainment_rate"), 0.5)
        // February: r1 falls one cent short of 2,900.
        expectNumber(F.value(r, "2024-02", "quota_attainment_rate"), 0)
        // March: r1 (3,100) misses; r2, unknown to reps.csv, reaches exactly its 16 of 31 days
        // (1,600) and still counts; r3, gone since February, has a quota and no revenue and
        // counts too (SPEC §6.18): 1 of 3.
        expectNumber(F.value(r, "2024-03", "quota_attainment_rate"), 1.0 / 3)
        // Pipeline coverage uses the sum of all quotas: nothing due, so 0.
        expectNumber(F.value(r, "2024-03", "pipeline_coverage"), 0)
        // Productivity counts r2's revenue over the one rep employed in March (r1).
        #expect(F.value(r, "2024-03", "active_reps") == .count(1))
        #expect(F.value(r, "2024-03", "rep_productivity") == F.dollars(1600))
        // The unknown rep is a warning, not an error.
        let warnings = try DatasetReader().read(files: files.mapValues { Array($0.utf8) }).warnings.map(\.description)
        #expect(warnings.contains { $0.hasPrefix("opportunities.csv:") && $0.contains("r2") })
        #expect(warnings.contains { $0.hasPrefix("quotas.csv:") && $0.contains("r2") })
    }

    @Test func attainmentIsNullWithoutQuotas() throws {
        let quotas = "rep_id,period_start,period_end,amount\nr1,2024-01-01,2024-01-31,0\n"
        let opps = "opportunity_id,owner_id,created_at,status,closed_at,amount\na,r1,2024-01-01,won,2024-01-20,5\n"
        let r = try F.report([.quotas: quotas, .opportunities: opps], from: "2024-01-01", to: "2024-03-01")
        #expect(F.value(r, "2024-01", "quota_attainment_rate") == .none)
        #expect(F.value(r, "2024-01", "pipeline_coverage") == .none)
    }

    @Test func spendByCategoryAndCostsAreNotSpread() throws {
        let spend = """
            date,category,channel,amount
            2024-01-31,Marketing,Web,100.50
            2024-02-01,marketing,Web,200
            2024-02-29,SALES,,300.25
            """
        let r = try F.report([.spend: spend], from: "2024-01-01", to: "2024-03-01")
        #expect(F.value(r, "2024-01", "marketing_spend") == .money(10_050))
        #expect(F.value(r, "2024-02", "marketing_spend") == F.dollars(200))
        #expect(F.value(r, "2024-02", "sales_spend") == .money(30_025))
        // No deals or subscriptions: new customers and CAC cannot be computed.
        #expect(F.value(r, "2024-02", "new_customers") == .none)
        #expect(F.value(r, "2024-02", "cac") == .none)
    }

    @Test func surveysWithoutResponsesAreNull() throws {
        let surveys = "response_id,answered_at,score,kind\nc1,2024-01-10,10,customer\n"
        let r = try F.report([.surveys: surveys], from: "2024-01-01", to: "2024-03-01")
        expectNumber(F.value(r, "2024-01", "nps"), 100)
        #expect(F.value(r, "2024-01", "enps") == .none)
        #expect(F.value(r, "2024-02", "nps") == .none)
    }

    @Test func timeSellingIsNullWithoutHours() throws {
        let activities = "rep_id,date,selling_hours,total_hours\nr1,2024-01-08,0,0\n"
        let r = try F.report([.activities: activities], from: "2024-01-01", to: "2024-02-01")
        #expect(F.value(r, "2024-01", "time_selling") == .none)
    }
}
