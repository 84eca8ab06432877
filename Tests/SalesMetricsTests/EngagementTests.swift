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

    /// 2 · below + equal in a reference: in [1, 2, 3], 3 is 5 (5/6 times 2n = 6), 1 is 1, 2 is
    /// 3; ties count half; a value between two counts those below it. Whole-number measures are
    /// ranked by their counts per value, trends by a walk beside the sorted reference.
    @Test func percentileRanksShareTies() {
        typealias R = EngagementModel.Reference
        func counts(_ values: [Int]) -> R.Counts {
            var c = R.Counts(values: 8)
            for v in values { c.add(v) }
            c.finish()
            return c
        }
        #expect([3, 1, 2].map { counts([1, 2, 3]).rank($0, of: 3) } == [5, 1, 3])
        #expect(counts([1, 1]).rank(1, of: 2) == 2 && counts([7]).rank(7, of: 1) == 1)
        #expect(counts([1, 3]).rank(2, of: 2) == 2 && counts([1, 3]).rank(0, of: 2) == 0)
        #expect(counts([]).rank(4, of: 0) == 0)
        var trends = R()
        for t in [0.5, 0.25, 0.5, 0.5] {
            trends.append(
                EngagementModel.Keys(
                    EngagementModel.Measures(
                        recency: 0, activeDays: 0, features: 0, trend: t, use: 0, previousUse: 0, daysSinceUse: nil)))
        }
        #expect(trends.finished().trendRanks([0.5, 0.25, 0.75, 0.1]) == [5, 1, 8, 0])
    }

    static let historyFiles: [Table: String] = [
        .subscriptions:
            "subscription_id,account_id,mrr,started_on,ended_on\nsa,A,100,2024-01-01,\nsb,B,100,2024-01-01,\n",
        .accounts: "account_id,name,segment,region\nA,Acme,SMB,EU\nB,Beta,SMB,US\n",
        .usage: "account_id,date,events\nA,2024-01-01,10\nB,2024-01-01,10\nA,2024-02-29,10\nA,2024-03-31,0\n",
    ]

    /// The reference is history: A and B (SMB; A in EU, B in US) pay from January. A uses the
    /// product on 01-01 and 02-29, B on 01-01 only; a row of 0 events on 03-31 ends the data.
    /// Reference days: 02-29 and 03-31 (January's end lacks 60 days before it). Measures
    /// (recency key = −min(days since use, 30); active days; trend):
    ///   A 02-29: 0, 1, ½ · B 02-29: −30, 0, 0 · A 03-31: −30, 0, 0 · B 03-31: −30, 0, 0.
    /// A on 02-29 ranks 7 of 2n = 8 on each (3 below) → 100 × 21 / 24 = 87.5 → 88; the three
    /// others rank 3 (3 equal) → 100 × 9 / 24 = 37.5 → 38 (half up). February averages 63, March
    /// 38 — a cross-section would say 50 both times. At risk: in February B (88 on 01-30 → 38),
    /// in March A (88 on 03-01: used 1 day before, 1 day, all its use new → 38); January has no
    /// 60 days of usage before its end: null.
    @Test func catalogMetricsRankAgainstHistory() throws {
        let files = Self.historyFiles
        let d = try F.dataset(files)
        let model = try #require(EngagementModel(d))
        #expect(model.referenceDays.map(CivilDate.format) == ["2024-02-29", "2024-03-31"])
        #expect(model.scores(on: CivilDate.parse("2024-02-29")!).map(\.score) == [88, 38])
        #expect(model.scores(on: CivilDate.parse("2024-03-31")!).map(\.score) == [38, 38])
        #expect(model.scores(on: CivilDate.parse("2024-03-01")!).map(\.score) == [88, 38])
        let metrics = ["avg_engagement_score", "at_risk_accounts"]
        let r = try F.report(files, from: "2024-01-01", to: "2024-05-01", metrics: metrics)
        #expect(F.value(r, "2024-01", "avg_engagement_score") == .none)
        #expect(F.value(r, "2024-01", "at_risk_accounts") == .none)
        #expect(F.value(r, "2024-02", "avg_engagement_score") == .number(63))
        #expect(F.value(r, "2024-02", "at_risk_accounts") == .count(1))
        #expect(F.value(r, "2024-03", "avg_engagement_score") == .number(38))
        #expect(F.value(r, "2024-03", "at_risk_accounts") == .count(1))
        // April's end is past the last usage date.
        #expect(F.value(r, "2024-04", "avg_engagement_score") == .none)
        let byRegion = try F.report(files, from: "2024-02-01", to: "2024-03-01", by: .region, metrics: metrics)
        #expect(F.value(byRegion, "2024-02", "avg_engagement_score", group: "EU") == .number(88))
        #expect(F.value(byRegion, "2024-02", "at_risk_accounts", group: "EU") == .count(0))
        #expect(F.value(byRegion, "2024-02", "avg_engagement_score", group: "US") == .number(38))
        #expect(F.value(byRegion, "2024-02", "at_risk_accounts", group: "US") == .count(1))
        // Usage carries no owner: the metrics have no value by owner.
        let byOwner = try F.report(files, from: "2024-02-01", to: "2024-03-01", by: .owner, metrics: metrics)
        #expect(byOwner.periods[0].groups.allSatisfy { $0.metrics["avg_engagement_score"] == MetricValue.none })
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
        let scores = b.days.map { model.scores(on: $0).map(\.score) }
        #expect(scores.allSatisfy { $0.count == 3 && $0[2] < min($0[0], $0[1]) })
        #expect(b.bands.map(\.accounts).reduce(0, +) == 9)
        #expect(b.bands.map(\.churned).reduce(0, +) == 3)
        #expect(b.bands.map(\.label) == ["0–19", "20–39", "40–59", "60–79", "80–100"])
        // C no longer pays on 2024-07-31: two accounts are scored.
        #expect(e.rows.count == 2)
    }

    /// A segment with no paying account on any reference day is ranked against all segments
    /// together: C (Ent) and D (SMB) start paying after the reference days (02-29, 03-31) with
    /// the same use, so they score alike, against A and B's history.
    @Test func aSegmentWithoutHistoryRanksAgainstAll() throws {
        let files: [Table: String] = [
            .subscriptions: """
            subscription_id,account_id,mrr,started_on,ended_on
            sa,A,100,2024-01-01,
            sb,B,100,2024-01-01,
            sc,C,100,2024-04-01,
            sd,D,100,2024-04-01,

            """,
            .accounts: "account_id,name,segment\nA,Acme,SMB\nB,Beta,SMB\nC,Core,Ent\nD,Dune,SMB\n",
            .usage: """
            account_id,date,events
            A,2024-01-01,10
            A,2024-03-30,10
            B,2024-02-15,5
            C,2024-04-10,7
            D,2024-04-10,7
            A,2024-04-20,0

            """,
        ]
        let d = try F.dataset(files)
        let model = try #require(EngagementModel(d))
        #expect(model.referenceDays.map(CivilDate.format) == ["2024-02-29", "2024-03-31"])
        let scores = model.scores(on: CivilDate.parse("2024-04-15")!)
        let c = try #require(scores.first { d.accountIds[$0.account] == "C" })
        let dune = try #require(scores.first { d.accountIds[$0.account] == "D" })
        #expect(c.score == dune.score && c.score != 50)
    }

    /// Reports through one context share its engagement model and give what reports on their
    /// own give, also when they run at once (the server's; TSan runs this suite).
    @Test func reportsThroughAContextShareTheModel() async throws {
        let d = try F.dataset(Self.historyFiles)
        let context = ReportContext(d)
        let options = (1...6).map { month in
            ReportOptions(
                grain: .month, from: CivilDate.parse("2024-01-01")!,
                to: CivilDate.day(year: 2024, month: month, day: 1) + 31,
                breakdown: month.isMultiple(of: 2) ? .region : nil,
                metrics: [.avgEngagementScore, .atRiskAccounts, .activeCustomers])
        }
        let shared = try await withThrowingTaskGroup(of: (Int, Report).self) { group in
            for (i, o) in options.enumerated() { group.addTask { (i, try context.report(o)) } }
            var out: [Int: Report] = [:]
            for try await (i, r) in group { out[i] = r }
            return out
        }
        for (i, o) in options.enumerated() {
            let alone = try Engine.report(d, o)
            #expect(shared[i]?.periods.map(\.metrics) == alone.periods.map(\.metrics))
            #expect(shared[i]?.periods.map(\.groups) == alone.periods.map(\.groups))
        }
        #expect(F.value(shared[2]!, "2024-02", "avg_engagement_score") == .number(63))
        #expect(context.engagementModel()?.referenceDays.count == 2)
    }

    @Test func needsUsageAndSubscriptions() throws {
        #expect(EngagementModel(try F.dataset([.subscriptions: Self.subscriptions])) == nil)
        #expect(EngagementModel(try F.dataset([.usage: Self.usage])) == nil)
    }
}
