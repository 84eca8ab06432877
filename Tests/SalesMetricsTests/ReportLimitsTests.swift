import Foundation
import SalesMetrics
import SalesMetricsIO
import TestSupport
import Testing

/// Every report is bounded before work starts (ReportLimits), each refusal a sentence; and sums
/// of the largest legal values are exact instead of trapping.
@Suite struct ReportLimitsTests {
    static let deal = "opportunity_id,owner_id,created_at,status,closed_at,amount\n"

    func options(
        _ from: String, _ to: String, grain: Grain = .month, by: Breakdown? = nil, metrics: [String]? = nil
    ) -> ReportOptions {
        ReportOptions(
            grain: grain, from: CivilDate.parse(from)!, to: CivilDate.parse(to)!, breakdown: by,
            metrics: metrics.map { $0.map { MetricKey(rawValue: $0)! } })
    }

    func refusal(_ dataset: Dataset, _ options: ReportOptions) -> String? {
        do {
            _ = try Engine.report(dataset, options)
            return nil
        } catch {
            return (error as? ReportError)?.description
        }
    }

    /// The request: 10,000 years of weeks by owner ran 31 s and took 6.2 GB.
    @Test func rangesOutsideTheReportYearsAreRefused() throws {
        let d = try Fixture.dataset([.opportunities: Self.deal + "o1,r1,2024-01-02,won,2024-01-05,100\n"])
        #expect(
            refusal(d, options("0001-01-01", "9999-12-31", grain: .week, by: .owner))
                == "The range 0001-01-01 to 9999-12-31 is outside the years reports cover: it must lie between 1900-01-01 and 2200-01-01."
        )
        #expect(refusal(d, options("1900-01-01", "2200-01-01", grain: .year)) == nil)
        var request = ReportRequest()
        request.from = CivilDate.parse("1899-12-31")
        #expect(throws: ReportError.outsideYears(from: "1899-12-31", to: "2024-02-01")) {
            try request.options(for: d)
        }
    }

    @Test func tooManyPeriods() throws {
        let d = try Fixture.dataset([.opportunities: Self.deal + "o1,r1,2024-01-02,won,2024-01-05,100\n"])
        #expect(
            refusal(d, options("1950-01-01", "2000-01-01", grain: .week))
                == "The range 1950-01-01 to 2000-01-01 holds more than 1,000 weekly periods, the most one report may have; choose a coarser grain or a shorter range."
        )
        // 1,000 periods exactly are allowed.
        let report = try Engine.report(d, options("1920-01-01", "2003-05-01", metrics: ["deals_won"]))
        #expect(report.periods.count == 1000)
        var request = ReportRequest()
        request.grain = .week
        request.from = CivilDate.parse("1950-01-01")
        #expect(throws: ReportError.self) { try request.options(for: d) }
    }

    @Test func tooManyCellsAndTooManyValues() throws {
        // 400 reps with a deal each: 401 groups by owner.
        var deals = Self.deal
        for i in 0..<400 { deals += "o\(i),r\(i),2024-01-02,won,2024-01-05,100\n" }
        let d = try Fixture.dataset([.opportunities: deals])
        #expect(
            refusal(d, options("1950-01-01", "2030-01-01", by: .owner, metrics: ["deals_won"]))
                == "960 periods broken down into 400 groups are 390,574 cells to compute, more than the 300,000 one report may have; choose a coarser grain, a shorter range or another breakdown."
        )
        #expect(
            refusal(d, options("1990-01-01", "2030-01-01", by: .owner))
                == "53 metrics over 480 periods and 400 groups are 10,201,440 values, more than the 9,000,000 one report may return; ask for fewer metrics, a coarser grain or a shorter range."
        )
        // The same without a breakdown, or with fewer metrics, is fine.
        #expect(refusal(d, options("1990-01-01", "2030-01-01")) == nil)
        #expect(refusal(d, options("1990-01-01", "2030-01-01", by: .owner, metrics: ["deals_won"])) == nil)
    }

    /// A typo in the data (year 9024) must not make the default report fail.
    @Test func defaultRangeStaysWithinTheReportYears() throws {
        let d = try Fixture.dataset([
            .opportunities: Self.deal + "o1,r1,2024-01-02,won,2024-01-05,100\no2,r1,9024-01-02,open,,5\n"
        ])
        let options = try ReportRequest().options(for: d)
        #expect(CivilDate.format(options.to) == "2200-01-01")
        #expect(CivilDate.format(options.from) == "2199-01-01")
        #expect(refusal(d, options) == nil)
    }

    /// 100 won deals of the largest legal amount pass Int64.max: every report trapped, from the
    /// folder and from the database, the store poisoned. Now the sums are exact.
    @Test func sumsOfTheLargestLegalValuesAreExact() throws {
        let money = LargestValues.money
        var deals = Self.deal
        var quotas = "rep_id,period_start,period_end,amount\n"
        var activities = "rep_id,date,selling_hours,total_hours\n"
        for i in 0..<LargestValues.rows {
            deals += "o\(i),r1,2024-01-02,won,2024-01-05,\(money)\np\(i),r1,2024-01-02,open,,\(money)\n"
            quotas += "r1,2024-01-01,2024-01-31,\(money)\n"
            activities += "r1,2024-01-03,\(LargestValues.hours),\(LargestValues.hours)\n"
        }
        let files: [Table: String] = [
            .opportunities: deals, .subscriptions: LargestValues.subscriptions, .spend: LargestValues.spend,
            .quotas: quotas, .activities: activities, .reps: "rep_id\nr1\n",
        ]
        let report = try Fixture.report(files, from: "2024-01-01", to: "2024-02-01")
        let max100: Int128 = 9_999_999_999_999_999_900  // 100 × 99,999,999,999,999,999 cents
        #expect(Fixture.value(report, "2024-01", "total_revenue") == .money(max100))
        #expect(Fixture.value(report, "2024-01", "avg_deal_size") == .money(99_999_999_999_999_999))
        #expect(Fixture.value(report, "2024-01", "open_pipeline_value") == .money(max100))
        #expect(Fixture.value(report, "2024-01", "mrr") == .money(max100))
        #expect(Fixture.value(report, "2024-01", "arr") == .money(12 * max100))
        #expect(Fixture.value(report, "2024-01", "marketing_spend") == .money(max100))
        #expect(Fixture.value(report, "2024-01", "quota_attainment_rate") == .number(1))
        #expect(Fixture.value(report, "2024-01", "time_selling") == .number(1))
        #expect(Fixture.value(report, "2024-01", "rep_productivity") == .money(max100))
        let json = report.json()
        #expect(json.contains("\"total_revenue\": 99999999999999999,"))
        #expect(json.contains("\"arr\": 1199999999999999988,"))
        // The same by every dimension.
        for by in Breakdown.allCases {
            _ = try Fixture.report(files, from: "2023-01-01", to: "2024-03-01", by: by)
        }
    }

    /// The engagement metrics score every paying account on two days per period end that usage
    /// covers, plus the reference days: 30,000 accounts over 20 years of usage, by week, are
    /// 239 month ends (February 2000's is the first with 60 days of usage before it) and 2 × 984
    /// weeks (2000-02-28 … 2018-12-31), 66.2 million scorings.
    @Test func engagementScoringIsBounded() throws {
        var subscriptions = "subscription_id,account_id,mrr,started_on,ended_on\n"
        for i in 0..<30_000 { subscriptions += "s\(i),a\(i),10,2000-01-01,\n" }
        let usage = "account_id,date,events\na0,2000-01-01,1\na0,2019-12-31,1\n"
        let d = try Fixture.dataset([.subscriptions: subscriptions, .usage: usage])
        let metrics = ["avg_engagement_score", "at_risk_accounts"]
        #expect(
            refusal(d, options("2000-03-01", "2019-01-01", grain: .week, metrics: metrics))
                == "avg_engagement_score and at_risk_accounts would score 30,000 paying accounts on 2,207 days, 66,210,000 scorings, more than the 30,000,000 one report may do; choose a coarser grain or a shorter range, or leave those two metrics out (--metrics)."
        )
        // Without the fall, one day per week: 239 + 984 = 1,223 days, 36,690,000 scorings.
        #expect(
            refusal(d, options("2000-03-01", "2019-01-01", grain: .week, metrics: ["avg_engagement_score"]))?
                .contains("on 1,223 days, 36,690,000 scorings") == true)
        // Without the two metrics the same report runs.
        #expect(refusal(d, options("2000-03-01", "2019-01-01", grain: .week, metrics: ["mrr"])) == nil)
    }
}
