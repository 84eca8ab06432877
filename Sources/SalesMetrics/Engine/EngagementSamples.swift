/// The engagement metrics' rows (`avg_engagement_score`, `at_risk_accounts`): on the last day
/// of each reported period, every paying account's engagement score and whether it is at risk
/// (docs/scoring.md). Scores rank accounts within their segment, so they are the same in every
/// breakdown; a breakdown only sorts the accounts into groups. Computed once per report, and
/// only when it asks for one of the two metrics: each period end costs two scorings (the day
/// and 30 days before it, for the fall), each one pass over the usage of the 60 days before.
struct EngagementSamples {
    struct Account {
        let account: Int32
        let score: Int
        let atRisk: Bool
    }

    /// Per grid period: nil when usage.csv does not cover the 60 days ending with P.last (the
    /// score would read the missing days as no use), else the paying accounts.
    let periods: [[Account]?]

    init?(_ d: Dataset, grid: PeriodGrid) {
        guard let model = EngagementModel(d), let span = model.usageSpan else { return nil }
        periods = grid.periods.indices.map { p in
            let day = grid.periods[p].lastDay
            guard p > 0, EngagementModel.covers(span, day) else { return nil }
            let before = Dictionary(
                uniqueKeysWithValues: model.scores(on: day - EngagementModel.window).map { ($0.account, $0.score) })
            return model.scores(on: day).map {
                Account(
                    account: $0.account, score: $0.score,
                    atRisk: AccountEngagement.isAtRisk(score: $0.score, previous: before[$0.account]))
            }
        }
    }

    /// The scoring a report's grid needs, for ``ReportLimits``: the reference days and two days
    /// per period end that usage.csv covers, each over the accounts with a paid subscription.
    static func work(_ d: Dataset, grid: PeriodGrid) -> (days: Int, accounts: Int)? {
        guard let usage = d.usage, let s = d.subscriptions, let span = EngagementModel.span(usage.date) else {
            return nil
        }
        let covered = grid.periods.dropFirst().filter { EngagementModel.covers(span, $0.lastDay) }.count
        var paid = [Bool](repeating: false, count: d.accountIds.count)
        for i in s.account.indices where s.mrr[i] > 0 && s.account[i] >= 0 && Int(s.account[i]) < paid.count {
            paid[Int(s.account[i])] = true
        }
        let days = EngagementModel.referenceDays(span).count + 2 * covered
        return (days, paid.reduce(0) { $0 + ($1 ? 1 : 0) })
    }
}
