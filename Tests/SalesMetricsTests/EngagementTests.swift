import Testing

@testable import SalesMetrics

/// The engagement score against numbers worked out by hand (docs/scoring.md, "Engagement
/// score"), the accounts at risk, and the backtest of churn.
@Suite struct EngagementTests {
    typealias F = Fixture

    static let subscriptions = """
        subscription_id,account_id,mrr,started_on,ended_on
        sa,A,300,2024-01-01,
        sb,B,200,2024-01-01,
        sc,C,100,2024-01-01,
        sd,D,50,2024-01-01,2024-02-01

        """
    static let accounts = "account_id,name,segment\nA,Acme,SMB\nB,Beta,SMB\nC,Core,SMB\nD,Done,SMB\n"

    /// On 2024-03-31 (the 30 days from 03-02, the 30 before from 02-01):
    /// A: used on 03-31 and 03-25 (f1, f2), 10 events each, and 10 on 02-20: recency 1, 2 days,
    ///    2 features, trend 20 / 30; B: 5 events on 03-21 (f1): recency 1 − 10/30, 1 day, 1
    ///    feature, trend 1; C: 30 events on 02-10 only: recency 0 (50 days), 0 days, 0 features,
    ///    trend 0. D stopped paying in February: not scored.
    static let usage = """
        account_id,date,events,feature
        A,2024-03-31,10,f1
        A,2024-03-25,10,f2
        A,2024-02-20,10,f1
        B,2024-03-21,5,f1
        C,2024-02-10,30,f1
        D,2024-03-30,99,f1

        """

    static func model(_ usage: String = Self.usage) throws -> (Dataset, EngagementModel) {
        let d = try F.dataset([.subscriptions: subscriptions, .accounts: accounts, .usage: usage])
        return (d, try #require(EngagementModel(d)))
    }

    @Test func measuresByHand() throws {
        let (d, model) = try Self.model()
        let day = CivilDate.parse("2024-03-31")!
        let a = model.measures(d.accountIds.existingCode(for: "A")!, on: day)
        #expect(a.recency == 1 && a.activeDays == 2 && a.features == 2 && a.use == 20 && a.previousUse == 10)
        #expect(abs(a.trend - 2.0 / 3) < 1e-12)
        let b = model.measures(d.accountIds.existingCode(for: "B")!, on: day)
        #expect(abs(b.recency - 2.0 / 3) < 1e-12 && b.activeDays == 1 && b.features == 1 && b.trend == 1)
        #expect(b.daysSinceUse == 10)
        let c = model.measures(d.accountIds.existingCode(for: "C")!, on: day)
        #expect(c.recency == 0 && c.activeDays == 0 && c.features == 0 && c.trend == 0 && c.daysSinceUse == 50)
        #expect(model.useColumn == "events" && model.hasFeatures)
    }

    /// Ranks among the three (below + ½ · equal) / 3: 5/6, 1/2 or 1/6 per measure.
    /// A = (5/6 + 5/6 + 1/2 + 5/6) / 4 = 0.75 → 75; B = (1/2 + 1/2 + 5/6 + 1/2) / 4 → 58;
    /// C = 1/6 → 17, at risk (under 30).
    @Test func scoresByHand() throws {
        let (d, model) = try Self.model()
        let scores = model.scores(on: CivilDate.parse("2024-03-31")!)
        #expect(scores.map { d.accountIds[$0.account]! } == ["A", "B", "C"])
        #expect(scores.map(\.score) == [75, 58, 17])
        let e = AccountEngagement(d, model: model, asOf: CivilDate.parse("2024-03-31")!)
        #expect(e.rows.map(\.id) == ["A", "B", "C"])  // by MRR
        #expect(e.rows.map(\.mrr) == [30_000, 20_000, 10_000])
        #expect(e.atRisk.map(\.id) == ["C"])
        #expect(abs(e.averageScore! - 50) < 1e-12)
        // 30 days before (03-01): A used on 02-20, C on 02-10, B not at all.
        #expect(e.rows.first { $0.id == "B" }?.previousScore != nil)
    }

    @Test func percentileRanksShareTies() {
        #expect(EngagementModel.percentileRanks([3, 1, 2]) == [5.0 / 6, 1.0 / 6, 0.5])
        #expect(EngagementModel.percentileRanks([1, 1]) == [0.5, 0.5])
        #expect(EngagementModel.percentileRanks([7]) == [0.5])
    }

    @Test func atRiskIsLowOrFallingFast() {
        #expect(AccountEngagement.isAtRisk(score: 29, previous: nil))
        #expect(!AccountEngagement.isAtRisk(score: 30, previous: 49))
        #expect(AccountEngagement.isAtRisk(score: 55, previous: 75))
        #expect(!AccountEngagement.isAtRisk(score: 55, previous: 74))
    }

    /// Three accounts over January to July: A and B use the product every few days, C once a
    /// fortnight and stops paying on 2024-05-15. The month ends with 60 days of use before them
    /// and 90 after: February, March and April; C churns within 90 days of each and always
    /// scores lowest, so AUC is 1.
    @Test func backtestByHand() throws {
        var rows = ["account_id,date,events,feature"]
        var day = CivilDate.parse("2024-01-01")!
        while day <= CivilDate.parse("2024-07-31")! {
            let offset = Int(day - CivilDate.parse("2024-01-01")!)
            if offset % 2 == 0 { rows.append("A,\(CivilDate.format(day)),20,f\(offset % 3)") }
            if offset % 3 == 0 { rows.append("B,\(CivilDate.format(day)),15,f\(offset % 2)") }
            if offset % 14 == 0 && day < CivilDate.parse("2024-05-15")! {
                rows.append("C,\(CivilDate.format(day)),1,f0")
            }
            day += 1
        }
        let subscriptions = """
            subscription_id,account_id,mrr,started_on,ended_on
            sa,A,300,2024-01-01,
            sb,B,200,2024-01-01,
            sc,C,100,2024-01-01,2024-05-15

            """
        let d = try F.dataset([
            .subscriptions: subscriptions, .accounts: Self.accounts, .usage: rows.joined(separator: "\n") + "\n",
        ])
        let e = AccountEngagement(d, model: try #require(EngagementModel(d)), asOf: CivilDate.parse("2024-07-31")!)
        let b = try #require(e.backtest)
        #expect(b.days.map(CivilDate.format) == ["2024-02-29", "2024-03-31", "2024-04-30"])
        #expect(b.observations == 9 && b.churned == 3)
        #expect(b.auc == 1)
        // C is last on recency, active days and features every day (1/6 each); on trend it is
        // last in February (17) and level with A and B after, all three 0.5 (25).
        let model = try #require(EngagementModel(d))
        #expect(b.days.map { model.scores(on: $0).map(\.score) } == [[79, 54, 17], [71, 54, 25], [71, 54, 25]])
        #expect(b.bands.map(\.accounts) == [1, 2, 3, 3, 0])
        #expect(b.bands.map(\.churned) == [1, 2, 0, 0, 0])
        #expect(b.bands.map(\.label) == ["0–19", "20–39", "40–59", "60–79", "80–100"])
        // C no longer pays on 2024-07-31: two accounts are scored.
        #expect(e.rows.count == 2)
    }

    @Test func needsUsageAndSubscriptions() throws {
        #expect(EngagementModel(try F.dataset([.subscriptions: Self.subscriptions])) == nil)
        #expect(EngagementModel(try F.dataset([.usage: Self.usage])) == nil)
    }
}
