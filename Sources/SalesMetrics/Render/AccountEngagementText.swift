/// The engagement scores as people and programs read them (`score accounts --format
/// table|csv|json`): the backtest first, then the accounts at risk and what changed for them.
public enum AccountEngagementText {
    public static func table(_ e: AccountEngagement, currency: String, limit: Int) -> String {
        var out =
            "Customer engagement · as of the end of \(CivilDate.format(e.asOf)) · use = \(e.useColumn)\(e.hasFeatures ? "" : " · no features named")\n"
        let average = e.averageScore.map { ValueFormat.fixed($0, decimals: 1) } ?? "—"
        out +=
            "\(ValueFormat.grouped(e.rows.count)) paying accounts · average score \(average) · \(ValueFormat.grouped(e.atRisk.count)) at risk (score under \(AccountEngagement.riskScore), or down \(AccountEngagement.riskDrop) points or more in 30 days)\n\n"
        if let b = e.backtest {
            out += "How well a low score has foretold churn within \(b.horizonDays) days\n"
            out += "  \(backtestSummary(b))\n"
            out += "  \(verdict(b))\n"
            out += "  score      accounts    churned     rate\n"
            for band in b.bands {
                out +=
                    "  \(ReportTable.pad(band.label, 8))\(ReportTable.leftPad(ValueFormat.grouped(band.accounts), 10))\(ReportTable.leftPad(ValueFormat.grouped(band.churned), 11))\(ReportTable.leftPad(band.rate.map(ValueFormat.percent) ?? "—", 9))\n"
            }
        } else {
            out += "How well a low score has foretold churn: not measured; \(e.backtestNote ?? "")\n"
        }
        out += "\nAt risk, highest MRR first\n"
        let shown = limit > 0 ? Array(e.atRisk.prefix(limit)) : e.atRisk
        if shown.isEmpty { return out + "  No paying account is at risk.\n" }
        let nameWidth = min(28, max(7, shown.map(\.name.count).max() ?? 0))
        let segmentWidth = min(16, max(7, shown.map(\.segment.count).max() ?? 0))
        out +=
            "  \(ReportTable.pad("account", nameWidth))  \(ReportTable.pad("segment", segmentWidth))  \(ReportTable.leftPad("MRR", 11))  score  30 days before  what changed\n"
        for row in shown {
            out +=
                "  \(ReportTable.pad(Charts.truncate(row.name, nameWidth), nameWidth))  \(ReportTable.pad(Charts.truncate(row.segment, segmentWidth), segmentWidth))  \(ReportTable.leftPad(ValueFormat.humanMoney(Int128(row.mrr), currency: currency), 11))  \(ReportTable.leftPad(String(row.score), 5))  \(ReportTable.leftPad(row.previousScore.map(String.init) ?? "—", 14))  \(row.changes.isEmpty ? "—" : row.changes.joined(separator: ", "))\n"
        }
        if shown.count < e.atRisk.count {
            out += "  (\(shown.count) of \(ValueFormat.grouped(e.atRisk.count)) shown; --limit 0 lists them all)\n"
        }
        return out
    }

    public static func backtestSummary(_ b: AccountEngagement.Backtest) -> String {
        let days =
            b.days.count == 1
            ? "1 month end, \(CivilDate.format(b.days[0]))"
            : "\(b.days.count) month ends, \(CivilDate.format(b.days.first!)) … \(CivilDate.format(b.days.last!))"
        let rate = b.observations > 0 ? ValueFormat.percent(Double(b.churned) / Double(b.observations)) : "—"
        return
            "\(days): \(ValueFormat.grouped(b.observations)) scores of paying accounts, \(ValueFormat.grouped(b.churned)) followed by a churn within \(b.horizonDays) days (\(rate)); ROC AUC \(b.auc.map { ValueFormat.fixed($0, decimals: 3) } ?? "—")"
    }

    /// Whether a low score foretold churn, in a sentence.
    public static func verdict(_ b: AccountEngagement.Backtest) -> String {
        guard let auc = b.auc else { return "No account churned, or every one did: nothing to measure the score by." }
        if auc > 0.6 {
            return
                "Accounts that churned had scored lower than those that stayed, \(ValueFormat.fixed(100 * auc, decimals: 0))% of the time (0.5 is a coin): a low score is worth a call."
        }
        return
            "A low score has NOT foretold churn here (AUC \(ValueFormat.fixed(auc, decimals: 3)); 0.5 is a coin): do not act on the score alone."
    }

    public static func csv(_ e: AccountEngagement, limit: Int = 0) -> String {
        var out: [UInt8] = Array(
            "account_id,name,segment,mrr,score,previous_score,at_risk,active_days,features,use,previous_use,days_since_use,changes\n"
                .utf8)
        for row in limit > 0 ? Array(e.rows.prefix(limit)) : e.rows {
            let m = row.measures
            let fields = [
                row.id, row.name, row.segment, ValueFormat.shortestMoney(Int128(row.mrr)), String(row.score),
                row.previousScore.map(String.init) ?? "", row.atRisk ? "true" : "false", String(m.activeDays),
                String(m.features), ValueFormat.shortestNumber(m.use), ValueFormat.shortestNumber(m.previousUse),
                m.daysSinceUse.map(String.init) ?? "", row.changes.joined(separator: "; "),
            ]
            for (i, field) in fields.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                CSVField.append(Array(field.utf8), to: &out)
            }
            out.append(UInt8(ascii: "\n"))
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func json(_ e: AccountEngagement, currency: String, limit: Int = 0) -> String {
        let backtest: JSONValue =
            e.backtest.map { b in
                .object([
                    ("days", .array(b.days.map { .string(CivilDate.format($0)) })),
                    ("horizon_days", .int(b.horizonDays)), ("observations", .int(b.observations)),
                    ("churned", .int(b.churned)), ("auc", .double(b.auc)),
                    (
                        "bands",
                        .array(
                            b.bands.map {
                                .object([
                                    ("scores", .string($0.label)), ("accounts", .int($0.accounts)),
                                    ("churned", .int($0.churned)), ("rate", .double($0.rate)),
                                ])
                            })
                    ),
                ])
            } ?? .null
        let shown = limit > 0 ? Array(e.rows.prefix(limit)) : e.rows
        let document: JSONValue = .object([
            ("as_of", .string(CivilDate.format(e.asOf))), ("currency", .string(currency)),
            ("use_column", .string(e.useColumn)), ("features", .bool(e.hasFeatures)),
            ("paying_accounts", .int(e.rows.count)), ("average_score", .double(e.averageScore)),
            ("at_risk", .int(e.atRisk.count)), ("backtest", backtest), ("backtest_note", .optional(e.backtestNote)),
            (
                "accounts",
                .array(
                    shown.map { row in
                        let m = row.measures
                        return .object([
                            ("account_id", .string(row.id)), ("name", .string(row.name)),
                            ("segment", .string(row.segment)),
                            ("mrr", .number(ValueFormat.shortestMoney(Int128(row.mrr)))), ("score", .int(row.score)),
                            ("previous_score", .int(row.previousScore)), ("at_risk", .bool(row.atRisk)),
                            ("active_days", .int(m.activeDays)), ("features", .int(m.features)),
                            ("use", .double(m.use)), ("previous_use", .double(m.previousUse)),
                            ("days_since_use", .int(m.daysSinceUse)), ("trend", .double(m.trend)),
                            ("changes", .array(row.changes.map(JSONValue.string))),
                        ])
                    })
            ),
        ])
        return document.document()
    }
}
