/// The engagement metrics' rows (`avg_engagement_score`, `at_risk_accounts`): on the last day
/// of each reported period, every paying account's engagement score and whether it is at risk
/// (docs/scoring.md). Scores rank accounts within their segment, so they are the same in every
/// breakdown; a breakdown only sorts the accounts into groups. Computed once per report, and
/// only when it asks for one of the two metrics: each period end costs a scoring (none on a month
/// end, whose scores the model keeps), and one more 30 days before it for the fall when the report
/// asks for `at_risk_accounts`, each a pass over the usage of the 60 days before.
struct EngagementSamples {
    struct Account {
        let account: Int32
        let score: Int
        let atRisk: Bool
    }

    /// Per grid period: nil when usage.csv does not cover the 60 days ending with P.last (the
    /// score would read the missing days as no use), else the paying accounts.
    let periods: [[Account]?]

    init?(_ model: EngagementModel, grid: PeriodGrid, atRisk: Bool) {
        guard let span = model.usageSpan else { return nil }
        var before = [Int](repeating: -1, count: model.starts.count - 1)
        periods = grid.periods.indices.map { p -> [Account]? in
            let day = grid.periods[p].lastDay
            guard p > 0, EngagementModel.covers(span, day) else { return nil }
            // The score 30 days before, by account (−1: not paying then).
            let earlier: (accounts: [Int32], scores: [Int]) =
                atRisk ? model.scoreValues(on: day - EngagementModel.window) : ([], [])
            for (account, score) in zip(earlier.accounts, earlier.scores) { before[Int(account)] = score }
            defer { for account in earlier.accounts { before[Int(account)] = -1 } }
            let now = model.scoreValues(on: day)
            return zip(now.accounts, now.scores).map { account, score in
                let previous = before[Int(account)]
                return Account(
                    account: account, score: score,
                    atRisk: AccountEngagement.isAtRisk(score: score, previous: previous < 0 ? nil : previous))
            }
        }
    }

    /// The scoring a report's grid needs, for ``ReportLimits``: the reference days and one or two
    /// days per period end that usage.csv covers, each over the accounts with a paid subscription.
    static func work(_ d: Dataset, grid: PeriodGrid, atRisk: Bool) -> (days: Int, accounts: Int)? {
        guard let usage = d.usage, let s = d.subscriptions, let span = EngagementModel.span(usage.date) else {
            return nil
        }
        let covered = grid.periods.dropFirst().filter { EngagementModel.covers(span, $0.lastDay) }.count
        var paid = [Bool](repeating: false, count: d.accountIds.count)
        for i in s.account.indices where s.mrr[i] > 0 && s.account[i] >= 0 && Int(s.account[i]) < paid.count {
            paid[Int(s.account[i])] = true
        }
        let days = EngagementModel.referenceDays(span).count + (atRisk ? 2 : 1) * covered
        return (days, paid.reduce(0) { $0 + ($1 ? 1 : 0) })
    }
}
