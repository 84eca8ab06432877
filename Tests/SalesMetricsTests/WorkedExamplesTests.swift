import SalesMetrics
import Testing

/// The worked examples of SPEC §7, with the corrected answers.
@Suite struct WorkedExamplesTests {
    typealias F = Fixture

    /// `n` won deals of `amount` dollars closed on `day`, created `cycle` days before.
    static func wonDeals(_ n: Int, amount: Int, closedOn day: String, cycleDays: Int = 10, prefix: String = "w")
        -> [String]
    {
        (0..<n).map { i in
            "\(prefix)\(i),a\(prefix)\(i),,\(day)T00:00:00Z,won,\(day)T00:00:00Z,\(amount),,,".replacingCreated(
                days: cycleDays)
        }
    }

    @Test func totalRevenue() throws {
        let opps =
            F.oppHeader + "\n" + Self.wonDeals(100, amount: 10_000, closedOn: "2024-03-15").joined(separator: "\n")
        let r = try F.report([.opportunities: opps], from: "2024-03-01", to: "2024-04-01")
        #expect(F.value(r, "2024-03", "total_revenue") == F.dollars(1_000_000))
        #expect(F.value(r, "2024-03", "deals_won") == .count(100))
    }

    @Test func revenueGrowth() throws {
        let rows =
            Self.wonDeals(80, amount: 10_000, closedOn: "2024-01-10", prefix: "a")
            + Self.wonDeals(100, amount: 10_000, closedOn: "2024-02-10", prefix: "b")
        let r = try F.report(
            [.opportunities: F.oppHeader + "\n" + rows.joined(separator: "\n")], from: "2024-02-01", to: "2024-03-01")
        expectNumber(F.value(r, "2024-02", "revenue_growth"), 0.25)
    }

    @Test func averageDealSize() throws {
        let rows =
            Self.wonDeals(25, amount: 8_000, closedOn: "2024-03-02", prefix: "a")
            + Self.wonDeals(25, amount: 12_000, closedOn: "2024-03-03", prefix: "b")
        let r = try F.report(
            [.opportunities: F.oppHeader + "\n" + rows.joined(separator: "\n")], from: "2024-03-01", to: "2024-04-01")
        #expect(F.value(r, "2024-03", "total_revenue") == F.dollars(500_000))
        #expect(F.value(r, "2024-03", "avg_deal_size") == F.dollars(10_000))
    }

    @Test func leadConversionAndQualifiedLeads() throws {
        let leads = F.csv("lead_id,created_at,qualified_at,converted_at", 1000) { i in
            "l\(i),2024-03-05,\(i < 150 ? "2024-03-06" : ""),\(i < 200 ? "2024-04-20" : "")"
        }
        let r = try F.report([.leads: leads], from: "2024-03-01", to: "2024-04-01")
        expectNumber(F.value(r, "2024-03", "lead_conversion_rate"), 0.2)
        #expect(F.value(r, "2024-03", "qualified_leads") == .count(150))
        #expect(F.value(r, "2024-03", "leads_created") == .count(1000))
    }

    @Test func opportunityConversion() throws {
        let opps = F.csv("opportunity_id,created_at,status,closed_at,amount", 100) { i in
            i < 25
                ? "o\(i),2024-03-05,won,2024-05-01,10"
                : i < 60 ? "o\(i),2024-03-05,lost,2024-04-01,10" : "o\(i),2024-03-05,open,,10"
        }
        let r = try F.report([.opportunities: opps], from: "2024-03-01", to: "2024-04-01")
        expectNumber(F.value(r, "2024-03", "opportunity_conversion_rate"), 0.25)
    }

    @Test func salesCycle() throws {
        // 10 deals whose cycles add up to 200 days.
        let cycles = [5, 10, 15, 20, 20, 20, 25, 25, 30, 30]
        let opps = F.csv("opportunity_id,created_at,status,closed_at,amount", 10) { i in
            let created = CivilDate.format(CivilDate.parse("2024-03-31")! - Int32(cycles[i]))
            return "o\(i),\(created),won,2024-03-31,100"
        }
        let r = try F.report([.opportunities: opps], from: "2024-03-01", to: "2024-04-01")
        expectNumber(F.value(r, "2024-03", "sales_cycle_length"), 20)
    }

    /// 200 open deals × 25% win rate × $10,000 / 25 days = $20,000 a day (the article prints 200).
    @Test func pipelineVelocity() throws {
        var rows = [
            "won,2024-03-01,won,2024-03-26,10000", "l1,2024-03-01,lost,2024-03-20,5000",
            "l2,2024-03-01,lost,2024-03-20,5000", "l3,2024-03-01,lost,2024-03-20,5000",
        ]
        rows += (0..<200).map { "open\($0),2024-02-01,open,,1000" }
        let opps = "opportunity_id,created_at,status,closed_at,amount\n" + rows.joined(separator: "\n")
        let r = try F.report([.opportunities: opps], from: "2024-03-01", to: "2024-04-01")
        #expect(F.value(r, "2024-03", "open_pipeline_count") == .count(200))
        expectNumber(F.value(r, "2024-03", "win_rate"), 0.25)
        expectNumber(F.value(r, "2024-03", "sales_cycle_length"), 25)
        #expect(F.value(r, "2024-03", "pipeline_velocity") == F.dollars(20_000))
    }

    @Test func forecastAccuracy() throws {
        let opps = "opportunity_id,created_at,status,closed_at,amount\no1,2024-01-05,won,2024-03-10,1000000\n"
        let forecasts = "period_start,period_end,amount\n2024-03-01,2024-03-31,900000\n"
        let r = try F.report([.opportunities: opps, .forecasts: forecasts], from: "2024-03-01", to: "2024-04-01")
        expectNumber(F.value(r, "2024-03", "forecast_accuracy"), 0.9)
    }

    /// $100,000 over 50 new customers = $2,000; $1,000 over 100 = $10.
    @Test(arguments: [(100_000, 50, 2_000), (1_000, 100, 10)])
    func cac(spend: Int, customers: Int, expected: Int64) throws {
        let subs = F.csv("subscription_id,account_id,mrr,started_on", customers) {
            "s\($0),a\($0),100,2024-03-\(String(format2: $0 % 28 + 1))"
        }
        let spendCSV =
            "date,category,channel,amount\n2024-03-01,marketing,Web,\(spend / 2)\n2024-03-31,sales,,\(spend - spend / 2)\n"
        let r = try F.report([.subscriptions: subs, .spend: spendCSV], from: "2024-03-01", to: "2024-04-01")
        #expect(F.value(r, "2024-03", "new_customers") == .count(Int64(customers)))
        #expect(F.value(r, "2024-03", "cac") == F.dollars(expected))
    }

    /// `slots` accounts pay `totalCents` a month in all; each month of 2024 one of them
    /// leaves mid-month and a new one takes its place at the same price, so the
    /// monthly churn is exactly 1 / slots.
    static func rotatingCustomers(slots: Int, totalCents: Int64) -> String {
        let base = totalCents / Int64(slots)
        let extra = Int(totalCents - base * Int64(slots))  // this many slots pay one cent more
        var rows = ["subscription_id,account_id,mrr,started_on,ended_on"]
        for slot in 0..<slots {
            let cents = base + (slot < extra ? 1 : 0)
            let mrr = "\(cents / 100).\(String(format2: Int(cents % 100)))"
            if slot < 12 {
                let change = "2024-\(String(format2: slot + 1))-15"
                rows.append("old\(slot),old\(slot),\(mrr),2023-01-01,\(change)")
                rows.append("new\(slot),new\(slot),\(mrr),\(change),")
            } else {
                rows.append("s\(slot),s\(slot),\(mrr),2023-01-01,")
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// $5,000 a year for 3 years = $15,000: ARPA $5,000/12 a month, monthly churn 1/36.
    @Test func cltvThreeYears() throws {
        let r = try F.report(
            [.subscriptions: Self.rotatingCustomers(slots: 36, totalCents: 15_000_00)], from: "2024-12-01",
            to: "2025-01-01")
        #expect(F.value(r, "2024-12", "active_customers") == .count(36))
        expectNumber(F.value(r, "2024-12", "churn_rate"), 1.0 / 36)
        #expect(F.value(r, "2024-12", "cltv") == F.dollars(15_000))
    }

    /// $1,000 a year for 10 years = $10,000 (second article).
    @Test func cltvTenYears() throws {
        let r = try F.report(
            [.subscriptions: Self.rotatingCustomers(slots: 120, totalCents: 10_000_00)], from: "2024-12-01",
            to: "2025-01-01")
        #expect(F.value(r, "2024-12", "cltv") == F.dollars(10_000))
    }

    /// 500 at the start, 30 lost, 20 new: churn is 6% (the article nets new customers and prints 2%).
    @Test func churnIgnoresNewCustomers() throws {
        var rows = ["subscription_id,account_id,mrr,started_on,ended_on"]
        rows += (0..<500).map { "s\($0),a\($0),100,2023-06-01,\($0 < 30 ? "2024-03-10" : "")" }
        rows += (0..<20).map { "n\($0),n\($0),100,2024-03-05," }
        let r = try F.report([.subscriptions: rows.joined(separator: "\n")], from: "2024-03-01", to: "2024-04-01")
        expectNumber(F.value(r, "2024-03", "churn_rate"), 0.06)
        expectNumber(F.value(r, "2024-03", "customer_retention_rate"), 0.94)
        #expect(F.value(r, "2024-03", "active_customers") == .count(490))
    }

    @Test func quotaAttainmentAndRepProductivity() throws {
        let reps = F.csv("rep_id,team", 20) { "r\($0),T" }
        let quotas = F.csv("rep_id,period_start,period_end,amount", 20) { "r\($0),2024-03-01,2024-03-31,50000" }
        // 15 reps reach exactly or beyond their quota, 5 fall short; $1,000,000 in all.
        let amounts = (0..<20).map { $0 < 15 ? ($0 < 10 ? 50_000 : 60_000) : 40_000 }
        #expect(amounts.reduce(0, +) == 1_000_000)
        let opps = F.csv("opportunity_id,owner_id,created_at,status,closed_at,amount", 20) {
            "o\($0),r\($0),2024-02-01,won,2024-03-20,\(amounts[$0])"
        }
        let r = try F.report(
            [.reps: reps, .quotas: quotas, .opportunities: opps], from: "2024-03-01", to: "2024-04-01")
        expectNumber(F.value(r, "2024-03", "quota_attainment_rate"), 0.75)
        #expect(F.value(r, "2024-03", "active_reps") == .count(20))
        #expect(F.value(r, "2024-03", "rep_productivity") == F.dollars(50_000))
    }

    @Test func timeSelling() throws {
        let activities = "rep_id,date,selling_hours,total_hours\nr1,2024-03-04,12.5,20\nr2,2024-03-11,17.5,20\n"
        let r = try F.report([.activities: activities], from: "2024-03-01", to: "2024-04-01")
        expectNumber(F.value(r, "2024-03", "time_selling"), 0.75)
    }

    /// (revenue now − revenue before) / (budget now − budget before), in that order.
    @Test func incrementalROMI() throws {
        let opps =
            "opportunity_id,created_at,status,closed_at,amount\na,2024-01-01,won,2024-01-20,100000\nb,2024-01-01,won,2024-02-20,150000\n"
        let spend =
            "date,category,channel,amount\n2024-01-01,marketing,Web,10000\n2024-02-01,marketing,Web,20000\n2024-02-01,sales,,99999\n"
        let r = try F.report([.opportunities: opps, .spend: spend], from: "2024-02-01", to: "2024-03-01")
        expectNumber(F.value(r, "2024-02", "romi_incremental"), 5)
    }

    /// CLTV $6,000 over CAC $2,000 is the healthy 3:1.
    @Test func cltvToCAC() throws {
        // 36 accounts paying $500 with churn 1/36 a month → CLTV $18,000. December has one new
        // customer (the replacement): $72,000 of spend is a CAC of $72,000 (ratio 0.25), $6,000 gives 3:1.
        let subs = Self.rotatingCustomers(slots: 36, totalCents: 18_000_00)
        let spend = "date,category,channel,amount\n2024-12-01,marketing,,72000\n"
        let r = try F.report([.subscriptions: subs, .spend: spend], from: "2024-12-01", to: "2025-01-01")
        #expect(F.value(r, "2024-12", "cltv") == F.dollars(18_000))
        #expect(F.value(r, "2024-12", "new_customers") == .count(1))
        #expect(F.value(r, "2024-12", "cac") == F.dollars(72_000))
        expectNumber(F.value(r, "2024-12", "cltv_cac_ratio"), 0.25)
        let healthySpend = "date,category,channel,amount\n2024-12-01,marketing,,6000\n"
        let healthy = try F.report([.subscriptions: subs, .spend: healthySpend], from: "2024-12-01", to: "2025-01-01")
        expectNumber(F.value(healthy, "2024-12", "cltv_cac_ratio"), 3)
    }

    /// Promoters 9–10, passives 7–8, detractors 0–6; the same for employees (eNPS).
    @Test func netPromoterScores() throws {
        let scores = [10, 9, 9, 8, 7, 6, 0, 10, 5, 9]
        var rows = ["response_id,answered_at,score,kind"]
        rows += scores.enumerated().map { "c\($0.offset),2024-03-0\($0.offset % 9 + 1),\($0.element),customer" }
        rows += [10, 10, 8, 3].enumerated().map { "e\($0.offset),2024-03-10,\($0.element),Employee" }
        let r = try F.report([.surveys: rows.joined(separator: "\n")], from: "2024-03-01", to: "2024-04-01")
        expectNumber(F.value(r, "2024-03", "nps"), 20)
        expectNumber(F.value(r, "2024-03", "enps"), 25)
    }
}

extension String {
    /// Moves the created_at of a generated deal row `days` before its closed_at.
    func replacingCreated(days: Int) -> String {
        var parts = split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let closed = CivilDate.parse(String(parts[5].prefix(10)))!
        parts[3] = CivilDate.format(closed - Int32(days)) + "T00:00:00Z"
        return parts.joined(separator: ",")
    }

    init(format2 value: Int) { self = value < 10 ? "0\(value)" : "\(value)" }
}
