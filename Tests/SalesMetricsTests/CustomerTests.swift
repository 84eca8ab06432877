import SalesMetrics
import Testing

/// MRR, its movements, churn and acquisition on a hand-computed set of accounts.
@Suite struct CustomerTests {
    typealias F = Fixture

    // A expands in February, B churns in February and comes back in March, C contracts
    // in February, D starts paying after a free trial, E pays only inside February.
    static let subs = """
        subscription_id,account_id,mrr,started_on,ended_on
        a1,A,100,2024-01-01,
        a2,A,50,2024-02-10,
        b1,B,200,2024-01-01,2024-02-15
        b2,B,180,2024-03-10,
        c1,C,300,2023-12-01,2024-02-01
        c2,C,250,2024-02-01,
        d0,D,0,2024-02-01,2024-02-15
        d1,D,80,2024-02-15,
        e1,E,60,2024-02-05,2024-02-20
        """
    static let opps = """
        opportunity_id,account_id,created_at,status,closed_at,amount
        f,F,2024-03-01,won,2024-03-20,5000
        noaccount,,2024-03-01,won,2024-03-21,5000
        a,A,2024-01-15,won,2024-02-20,1000
        lostF,F,2024-01-01,lost,2024-01-02,10
        """

    func report() throws -> Report {
        try F.report([.subscriptions: Self.subs, .opportunities: Self.opps], from: "2024-01-01", to: "2024-04-01")
    }

    @Test func mrrMovementsInFebruary() throws {
        let r = try report()
        #expect(F.value(r, "2024-02", "mrr") == F.dollars(480))
        #expect(F.value(r, "2024-02", "arr") == F.dollars(5760))
        #expect(F.value(r, "2024-02", "active_customers") == .count(3))
        #expect(F.value(r, "2024-02", "arpa") == F.dollars(160))
        #expect(F.value(r, "2024-02", "new_mrr") == F.dollars(80))
        #expect(F.value(r, "2024-02", "reactivation_mrr") == F.dollars(0))
        #expect(F.value(r, "2024-02", "expansion_mrr") == F.dollars(50))
        #expect(F.value(r, "2024-02", "contraction_mrr") == F.dollars(50))
        #expect(F.value(r, "2024-02", "churned_mrr") == F.dollars(200))
        #expect(F.value(r, "2024-02", "net_new_mrr") == F.dollars(-120))
        expectNumber(F.value(r, "2024-02", "churn_rate"), 1.0 / 3.0)
        expectNumber(F.value(r, "2024-02", "customer_retention_rate"), 2.0 / 3.0)
        expectNumber(F.value(r, "2024-02", "net_revenue_retention"), 400.0 / 600.0)
        expectNumber(F.value(r, "2024-02", "gross_revenue_retention"), 350.0 / 600.0)
    }

    @Test func reactivationNeedsEarlierPayment() throws {
        let r = try report()
        #expect(F.value(r, "2024-03", "reactivation_mrr") == F.dollars(180))
        #expect(F.value(r, "2024-03", "new_mrr") == F.dollars(0))
        #expect(F.value(r, "2024-03", "mrr") == F.dollars(660))
        expectNumber(F.value(r, "2024-03", "churn_rate"), 0)
        // January: A and B are new (C already paid on Dec 31).
        #expect(F.value(r, "2024-01", "new_mrr") == F.dollars(300))
        expectNumber(F.value(r, "2024-01", "churn_rate"), 0)
    }

    @Test func newCustomersUseTheEarliestAcquisition() throws {
        let r = try report()
        // January: A and B (subscriptions); C was acquired in December; F's lost deal does not count.
        #expect(F.value(r, "2024-01", "new_customers") == .count(2))
        // February: D (its free trial does not count, its first paid day does) and E.
        #expect(F.value(r, "2024-02", "new_customers") == .count(2))
        // March: F's won deal; the deal without an account does not count; B's return is not new.
        #expect(F.value(r, "2024-03", "new_customers") == .count(1))
    }

    @Test func churnIsNullWithoutCustomersAtTheStart() throws {
        let r = try F.report(
            [.subscriptions: "subscription_id,account_id,mrr,started_on\ns,A,10,2024-03-05\n"], from: "2024-03-01",
            to: "2024-04-01")
        #expect(F.value(r, "2024-03", "churn_rate") == .none)
        #expect(F.value(r, "2024-03", "net_revenue_retention") == .none)
        #expect(F.value(r, "2024-03", "new_mrr") == F.dollars(10))
    }

    @Test func cltvIsNullWithoutChurn() throws {
        let r = try F.report(
            [.subscriptions: "subscription_id,account_id,mrr,started_on\ns,A,10,2023-03-05\n"], from: "2024-03-01",
            to: "2024-04-01")
        #expect(F.value(r, "2024-03", "arpa") == F.dollars(10))
        #expect(F.value(r, "2024-03", "cltv") == .none)
    }

    /// CLTV uses calendar months whatever the grain, and churn from before the report range.
    @Test func cltvUsesTwelveCalendarMonthsEvenForQuarters() throws {
        let subs = WorkedExamplesTests.rotatingCustomers(slots: 36, totalCents: 15_000_00)
        let quarter = try F.report([.subscriptions: subs], grain: .quarter, from: "2024-10-01", to: "2025-01-01")
        #expect(F.value(quarter, "2024-Q4", "cltv") == F.dollars(15_000))
        // Weekly: the week of 2024-12-30 ends in January 2025, whose 12 months hold 11 churned months of 12.
        let week = try F.report([.subscriptions: subs], grain: .week, from: "2024-12-30", to: "2025-01-06")
        #expect(
            F.value(week, "2025-W01", "cltv")
                == .money(Rational(15_000_00 * 36 * 12, 36 * 11).roundedHalfAwayFromZero()!))
    }

    /// A half-cent ARPA rounds away from zero.
    @Test func arpaRoundsHalfCentsAwayFromZero() throws {
        let subs = "subscription_id,account_id,mrr,started_on\ns1,A,0.01,2024-01-01\ns2,B,0.02,2024-01-01\n"
        let r = try F.report([.subscriptions: subs], from: "2024-03-01", to: "2024-04-01")
        // 0.03 / 2 = 0.015 → 0.02.
        #expect(F.value(r, "2024-03", "arpa") == .money(2))
    }
}
