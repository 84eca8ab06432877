import SalesMetrics
import Testing

/// Open pipeline, coverage, slippage, velocity and forecasts on a hand-computed dataset.
@Suite struct PipelineTests {
    typealias F = Fixture

    static let opps = """
        opportunity_id,owner_id,created_at,status,closed_at,amount,expected_close_on
        o1,r1,2024-01-10,won,2024-02-15,1000,2024-02-10
        o2,r1,2024-01-20,lost,2024-03-05,2000,2024-02-20
        o3,r1,2024-02-05,open,,4000,2024-02-25
        o4,r1,2024-02-29T23:59:59Z,open,,8000,
        o5,r1,2024-03-01T00:00:00Z,won,2024-03-01T12:00:00Z,16000,2024-03-31
        """
    static let quotas = "rep_id,period_start,period_end,amount\nr1,2024-01-01,2024-03-31,9100\n"

    func report() throws -> Report {
        try F.report([.opportunities: Self.opps, .quotas: Self.quotas], from: "2024-01-01", to: "2024-04-01")
    }

    @Test func openPipelineIgnoresTheFinalStatus() throws {
        let r = try report()
        // Feb 29 end: o2 (lost later), o3, o4 (created one second before the end); o5 opens at the boundary.
        #expect(F.value(r, "2024-02", "open_pipeline_count") == .count(3))
        #expect(F.value(r, "2024-02", "open_pipeline_value") == F.dollars(14_000))
        #expect(F.value(r, "2024-01", "open_pipeline_count") == .count(2))
        #expect(F.value(r, "2024-01", "open_pipeline_value") == F.dollars(3_000))
        #expect(F.value(r, "2024-03", "open_pipeline_count") == .count(2))
    }

    @Test func slippageCountsEveryStatus() throws {
        let r = try report()
        // Due in February: o1 closed in time, o2 lost after the end (slipped), o3 still open (slipped).
        expectNumber(F.value(r, "2024-02", "deal_slippage_rate"), 2.0 / 3.0)
        expectNumber(F.value(r, "2024-03", "deal_slippage_rate"), 0)
        #expect(F.value(r, "2024-01", "deal_slippage_rate") == .none)
    }

    /// A deal closed exactly at the end instant has slipped, and was still open at that instant.
    @Test func boundaryInstantsBelongToTheNextPeriod() throws {
        let opps = """
            opportunity_id,created_at,status,closed_at,amount,expected_close_on
            edge,2024-01-05,won,2024-03-01T00:00:00Z,70,2024-02-28
            """
        let r = try F.report([.opportunities: opps], from: "2024-02-01", to: "2024-04-01")
        expectNumber(F.value(r, "2024-02", "deal_slippage_rate"), 1)
        #expect(F.value(r, "2024-02", "open_pipeline_count") == .count(1))
        #expect(F.value(r, "2024-02", "total_revenue") == F.dollars(0))
        #expect(F.value(r, "2024-03", "total_revenue") == F.dollars(70))
        #expect(F.value(r, "2024-03", "open_pipeline_count") == .count(0))
    }

    @Test func coverageUsesPipelineOpenAtTheStartAndProratedQuota() throws {
        let r = try report()
        // Open on Feb 1 and due in February: o1 + o2 = 3,000; quota 9,100 × 29/91 = 2,900.
        expectNumber(F.value(r, "2024-02", "pipeline_coverage"), 3000.0 / 2900.0)
        // March: o5 was created at the start instant, so it was not open yet.
        expectNumber(F.value(r, "2024-03", "pipeline_coverage"), 0)
    }

    @Test func velocity() throws {
        let r = try report()
        // March: 2 open × 1/2 won × 16,000 / 0.5 days = 32,000 a day.
        #expect(F.value(r, "2024-03", "pipeline_velocity") == F.dollars(32_000))
        // February: 3 × 1 × 1,000 / 36 days = 83.333… → 83.33.
        #expect(F.value(r, "2024-02", "pipeline_velocity") == .money(8_333))
        // January: nothing closed, so win rate and cycle are null.
        #expect(F.value(r, "2024-01", "pipeline_velocity") == .none)
    }

    @Test func velocityIsZeroWithNothingOpen() throws {
        let opps = "opportunity_id,created_at,status,closed_at,amount\no1,2024-03-01,won,2024-03-11,500\n"
        let r = try F.report([.opportunities: opps], from: "2024-03-01", to: "2024-04-01")
        #expect(F.value(r, "2024-03", "pipeline_velocity") == .money(0))
    }

    @Test func velocityIsNullWhenTheCycleIsZero() throws {
        let opps =
            "opportunity_id,created_at,status,closed_at,amount\no1,2024-03-01,won,2024-03-01,500\no2,2024-03-01,open,,1\n"
        let r = try F.report([.opportunities: opps], from: "2024-03-01", to: "2024-04-01")
        #expect(F.value(r, "2024-03", "pipeline_velocity") == .none)
    }

    @Test func forecastTakesTheLatestCompanySubmissionForExactlyThePeriod() throws {
        let opps = "opportunity_id,created_at,status,closed_at,amount\no1,2024-01-05,won,2024-03-10,1000000\n"
        let forecasts = """
            period_start,period_end,amount,rep_id,submitted_at
            2024-03-01,2024-03-31,800000,,2024-02-01T00:00:00Z
            2024-03-01,2024-03-31,900000,,2024-02-15T00:00:00Z
            2024-03-01,2024-03-31,950000,,
            2024-03-01,2024-03-31,100,r1,2024-03-01T00:00:00Z
            2024-03-01,2024-04-30,1000000,,2024-03-01T00:00:00Z
            """
        let r = try F.report([.opportunities: opps, .forecasts: forecasts], from: "2024-03-01", to: "2024-05-01")
        expectNumber(F.value(r, "2024-03", "forecast_accuracy"), 0.9)
        #expect(F.value(r, "2024-04", "forecast_accuracy") == .none)
    }

    @Test func forecastTiesGoToTheLaterRowAndAccuracyCanBeNegative() throws {
        let opps = "opportunity_id,created_at,status,closed_at,amount\no1,2024-01-05,won,2024-03-10,1000000\n"
        let forecasts = """
            period_start,period_end,amount,submitted_at
            2024-03-01,2024-03-31,900000,2024-02-15
            2024-03-01,2024-03-31,2500000,2024-02-15
            2024-04-01,2024-04-30,1,2024-02-15
            """
        let r = try F.report([.opportunities: opps, .forecasts: forecasts], from: "2024-03-01", to: "2024-05-01")
        expectNumber(F.value(r, "2024-03", "forecast_accuracy"), -0.5)
        // No revenue in April: null, not a division by zero.
        #expect(F.value(r, "2024-04", "forecast_accuracy") == .none)
    }

    @Test func leadResponseTimeAveragesRespondedLeadsOnly() throws {
        let leads = """
            lead_id,created_at,first_response_at
            l1,2024-03-01T08:00:00Z,2024-03-01T09:00:00Z
            l2,2024-03-01T08:00:00Z,2024-03-01T11:00:00+00:00
            l3,2024-03-01T08:00:00Z,
            l4,2024-03-02T10:00:00+02:00,2024-03-02T08:30:00Z
            """
        let r = try F.report([.leads: leads], from: "2024-03-01", to: "2024-04-01")
        // 1 h, 3 h and 0.5 h (the offset is honoured).
        expectNumber(F.value(r, "2024-03", "lead_response_time"), 1.5)
    }

    @Test func timeZonesMoveDealsAcrossPeriodBoundaries() throws {
        let opps = """
            opportunity_id,created_at,status,closed_at,amount
            late,2024-01-01,won,2024-03-31T23:30:00-02:00,100
            local,2024-01-01,won,2024-04-01T00:30:00,200
            day,2024-01-01,won,2024-04-01,400
            """
        // UTC: `late` is 2024-04-01T01:30Z (April); `local` and `day` are April wall-clock times.
        let utc = try F.report([.opportunities: opps], from: "2024-03-01", to: "2024-05-01")
        #expect(F.value(utc, "2024-03", "total_revenue") == F.dollars(0))
        #expect(F.value(utc, "2024-04", "total_revenue") == F.dollars(700))
        // São Paulo (UTC−3): `late` is March 31, 22:30 local; local times stay in April.
        let saoPaulo = try F.report(
            [.opportunities: opps], from: "2024-03-01", to: "2024-05-01", timezone: "America/Sao_Paulo")
        #expect(F.value(saoPaulo, "2024-03", "total_revenue") == F.dollars(100))
        #expect(F.value(saoPaulo, "2024-04", "total_revenue") == F.dollars(600))
        // Tokyo (UTC+9): an instant of 2024-03-31T15:00Z is already April 1 there.
        let tokyoOpps = "opportunity_id,created_at,status,closed_at,amount\nt,2024-01-01,won,2024-03-31T15:00:00Z,100\n"
        let tokyo = try F.report(
            [.opportunities: tokyoOpps], from: "2024-03-01", to: "2024-05-01", timezone: "Asia/Tokyo")
        #expect(F.value(tokyo, "2024-04", "total_revenue") == F.dollars(100))
    }
}
