/// Which customers are drifting away (`score accounts`, the Customers page): every paying
/// account's engagement score on a day with its MRR, the accounts at risk and what changed for
/// them, and the evidence of how well a low score has foretold churn in the data's own history.
public struct AccountEngagement: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var id: String
        public var name: String
        public var segment: String
        /// MRR on the day, in cents of the dataset currency.
        public var mrr: Int64
        public var score: Int
        /// The score 30 days before, when the account paid then.
        public var previousScore: Int?
        public var measures: EngagementModel.Measures
        public var atRisk: Bool
        /// What fell most in the last 30 days, in words ("active days 4 → 1, features 3 → 1").
        public var changes: [String]
    }

    /// A band of scores and how many of its accounts churned within the horizon.
    public struct Band: Sendable, Equatable {
        public var label: String
        public var accounts: Int
        public var churned: Int
        public var rate: Double? { accounts > 0 ? Double(churned) / Double(accounts) : nil }
    }

    /// How well a low score foretold churn: on each month's last day with 60 days of usage
    /// before it and the horizon after it, every paying account's score against whether it
    /// stopped paying within the horizon.
    public struct Backtest: Sendable, Equatable {
        public var days: [Int32]
        public var horizonDays: Int
        public var observations: Int
        public var churned: Int
        /// The chance that an account that churned scored below one that did not (ties half).
        public var auc: Double?
        public var bands: [Band]
    }

    public var asOf: Int32
    public var useColumn: String
    public var hasFeatures: Bool
    /// Paying accounts on `asOf`, highest MRR first.
    public var rows: [Row]
    public var backtest: Backtest?
    /// Why there is no backtest.
    public var backtestNote: String?

    public static let riskScore = 30
    public static let riskDrop = 20
    public static let horizonDays = 90

    public var averageScore: Double? {
        rows.isEmpty ? nil : Double(rows.reduce(0) { $0 + $1.score }) / Double(rows.count)
    }
    public var atRisk: [Row] { rows.filter(\.atRisk) }

    /// An account is at risk when its score is under 30, or fell by 20 points or more in 30 days.
    public static func isAtRisk(score: Int, previous: Int?) -> Bool {
        score < riskScore || (previous.map { $0 - score >= riskDrop } ?? false)
    }

    public init(_ d: Dataset, model: EngagementModel, asOf: Int32) {
        self.asOf = asOf
        useColumn = model.useColumn
        hasFeatures = model.hasFeatures
        let now = model.scores(on: asOf)
        let before = Dictionary(
            uniqueKeysWithValues: model.scores(on: asOf - EngagementModel.window).map { ($0.account, $0) })
        let names = DisplayNames(d)
        let segments = d.accountDimensions().segment
        let mrr = Self.mrr(d, on: asOf)
        rows = now.map { s in
            let previous = before[s.account]
            let segment = Int(s.account) < segments.count ? d.segments[segments[Int(s.account)]] : nil
            return Row(
                id: d.accountIds[s.account] ?? "", name: names.account(s.account, ids: d.accountIds),
                segment: segment ?? "(none)", mrr: mrr[s.account] ?? 0, score: s.score,
                previousScore: previous?.score, measures: s.measures,
                atRisk: Self.isAtRisk(score: s.score, previous: previous?.score),
                changes: previous.map { p in
                    let own = Self.changes(from: p.measures, to: s.measures, features: model.hasFeatures)
                    // The score is against the segment: it can fall while the account's own use holds.
                    return own.isEmpty && s.score < p.score ? ["others in its segment used more"] : own
                } ?? [])
        }
        rows.sort { $0.mrr != $1.mrr ? $0.mrr > $1.mrr : $0.id < $1.id }
        (backtest, backtestNote) = Self.backtest(model)
    }

    /// Each account's MRR on a day.
    static func mrr(_ d: Dataset, on day: Int32) -> [Int32: Int64] {
        guard let s = d.subscriptions else { return [:] }
        var out: [Int32: Int64] = [:]
        for i in s.account.indices where s.startedOn[i] <= day && (s.endedOn[i] == CivilDate.none || day < s.endedOn[i])
        {
            out[s.account[i], default: 0] += s.mrr[i]
        }
        return out
    }

    /// The measures that fell, largest fall first: at most two, in words.
    static func changes(from a: EngagementModel.Measures, to b: EngagementModel.Measures, features: Bool) -> [String] {
        var out: [(Double, String)] = []
        if b.activeDays < a.activeDays {
            out.append(
                (1 - Double(b.activeDays) / Double(a.activeDays), "active days \(a.activeDays) → \(b.activeDays)"))
        }
        if features && b.features < a.features {
            out.append((1 - Double(b.features) / Double(a.features), "features \(a.features) → \(b.features)"))
        }
        if b.use < a.use && a.use > 0 && b.use <= 0.95 * a.use {
            let fall = 1 - b.use / a.use
            out.append((fall, "use −\(Int((100 * fall).rounded()))%"))
        }
        if let since = b.daysSinceUse, since >= 14 { out.append((Double(since) / 30, "last use \(since) days ago")) }
        if b.daysSinceUse == nil && a.daysSinceUse != nil { out.append((1, "no use in 60 days")) }
        return out.sorted { $0.0 > $1.0 }.prefix(2).map(\.1)
    }

    static func backtest(_ model: EngagementModel) -> (Backtest?, String?) {
        guard let span = model.usageSpan else { return (nil, "usage.csv has no rows.") }
        let horizon = Int32(horizonDays)
        // The reference days (the month ends with 60 days of usage before them) that also have
        // the horizon after them; the fallback reference day, usage's last, never has.
        let days = model.referenceDays.filter { $0 + horizon <= span.upperBound }
        guard !days.isEmpty else {
            return (
                nil,
                "usage.csv spans \(CivilDate.format(span.lowerBound)) to \(CivilDate.format(span.upperBound)): a backtest needs a month's end with 60 days of usage before it and \(horizonDays) after."
            )
        }
        var risk: [Double] = []
        var churned: [Bool] = []
        var bands = (0..<5).map { Band(label: "\($0 * 20)–\($0 == 4 ? 100 : $0 * 20 + 19)", accounts: 0, churned: 0) }
        for day in days {
            let scored = model.scoreValues(on: day)
            for (account, score) in zip(scored.accounts, scored.scores) {
                let churn = model.mrr.churns(account, after: day, within: horizon)
                risk.append(Double(100 - score) / 100)
                churned.append(churn)
                let band = min(4, score / 20)
                bands[band].accounts += 1
                if churn { bands[band].churned += 1 }
            }
        }
        let positives = churned.filter { $0 }.count
        return (
            Backtest(
                days: days, horizonDays: horizonDays, observations: risk.count, churned: positives,
                auc: ScoreQuality.auc(risk, churned), bands: bands),
            nil
        )
    }
}
