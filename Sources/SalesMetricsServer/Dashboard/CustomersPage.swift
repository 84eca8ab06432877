import SalesMetrics
import SalesMetricsIO

/// The Customers page (`/customers`, docs/scoring.md): every paying account's MRR and engagement
/// score, the accounts at risk with what changed, and beside them the evidence of how well a low
/// score has foretold churn in the data's own history.
extension Pages {
    /// Rows listed in each table; `score accounts --format csv` has them all.
    static let customersShown = 50

    static func customers(_ context: ReportContext, currency: String) -> String {
        let d = context.dataset
        var body: HTML = "<h1>Customers"
        guard let model = context.engagementModel(), let day = model.usageSpan?.upperBound else {
            body +=
                "</h1>"
                + HTML.empty(
                    "The engagement score needs usage.csv and subscriptions.csv",
                    "Import product use per account and day (account_id, date, and any of active_users, sessions, events; a feature column for breadth) beside the subscriptions, to see which customers are drifting away."
                )
            return Layout.page(title: "Customers", section: .customers, path: Paths.customers, data: nil, body: body)
        }
        let e = AccountEngagement(d, model: model, asOf: day)
        let average = e.averageScore.map { ValueFormat.fixed($0, decimals: 1) } ?? "—"
        body +=
            " <span class=\"sub\">as of the end of \(CivilDate.format(day)) · \(ValueFormat.grouped(e.rows.count)) paying accounts · average engagement \(average) · use = \(e.useColumn)</span></h1>"
        if let b = e.backtest {
            body +=
                "<p class=\"verdict \((b.auc ?? 0) > 0.6 ? "good" : "bad")\">\(AccountEngagementText.verdict(b))</p>"
        } else {
            body += "<p class=\"verdict bad\">Not measured: \(e.backtestNote ?? "")</p>"
        }
        body += atRisk(e, currency: currency)
        if let b = e.backtest { body += backtest(b) }
        body += accounts(e, currency: currency)
        body +=
            "<p class=\"muted\">The engagement score ranks each paying account's recency, frequency (days with use), breadth (features) and trend of use over the 30 days against its segment's history (its paying accounts on every month end the usage covers): 50 is a typical account of its segment (docs/scoring.md).</p>"
        return Layout.page(title: "Customers", section: .customers, path: Paths.customers, data: nil, body: body)
    }

    private static func atRisk(_ e: AccountEngagement, currency: String) -> HTML {
        let risky = e.atRisk
        var out: HTML =
            "<h2>At risk <span class=\"sub\">\(ValueFormat.grouped(risky.count)) accounts: a score under \(AccountEngagement.riskScore), or down \(AccountEngagement.riskDrop) points or more in 30 days; highest MRR first</span></h2>"
        guard !risky.isEmpty else {
            return out + HTML.empty("No account at risk", "Every paying account engages like its segment.")
        }
        out += HTML.table(
            head: ["Account", "Segment", "MRR", "Score", "30 days before", "What changed"],
            text: risky.prefix(customersShown).map { row in
                [
                    row.name, row.segment, ValueFormat.humanMoney(Int128(row.mrr), currency: currency),
                    String(row.score),
                    row.previousScore.map(String.init) ?? "—",
                    row.changes.isEmpty ? "—" : row.changes.joined(separator: ", "),
                ]
            }, numeric: [2, 3, 4])
        return out
    }

    private static func backtest(_ b: AccountEngagement.Backtest) -> HTML {
        var out: HTML =
            "<h2>How well it has worked</h2><p class=\"muted\">\(AccountEngagementText.backtestSummary(b)).</p>"
        out += Charts.bars(
            b.bands.map { ($0.label, $0.rate.map { $0 * 100 }, $0.rate.map(ValueFormat.percent) ?? "—") },
            title: "Churn within \(b.horizonDays) days by engagement score")
        out += HTML.table(
            head: ["Score", "Scores of paying accounts", "Followed by a churn", "Churn rate"],
            text: b.bands.map {
                [
                    $0.label, ValueFormat.grouped($0.accounts), ValueFormat.grouped($0.churned),
                    $0.rate.map(ValueFormat.percent) ?? "—",
                ]
            }, numeric: [1, 2, 3])
        return out
    }

    private static func accounts(_ e: AccountEngagement, currency: String) -> HTML {
        var out: HTML =
            "<h2>Paying accounts <span class=\"sub\">highest MRR first\(e.rows.count > customersShown ? ", the first \(customersShown) of \(ValueFormat.grouped(e.rows.count))" : "")</span></h2>"
        out += HTML.table(
            head: [
                "Account", "Segment", "MRR", "Engagement", "Days with use", e.hasFeatures ? "Features" : "", "Last use",
            ]
            .filter { !$0.isEmpty },
            text: e.rows.prefix(customersShown).map { row in
                var cells = [
                    row.name, row.segment, ValueFormat.humanMoney(Int128(row.mrr), currency: currency),
                    String(row.score), String(row.measures.activeDays),
                ]
                if e.hasFeatures { cells.append(String(row.measures.features)) }
                cells.append(
                    row.measures.daysSinceUse.map { $0 == 0 ? "that day" : "\($0) days before" } ?? "none in 60 days")
                return cells
            }, numeric: Set(2..<(e.hasFeatures ? 6 : 5)))
        return out
    }
}
