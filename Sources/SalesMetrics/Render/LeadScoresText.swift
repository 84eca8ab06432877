import Foundation

/// The lead scores as people and programs read them (`score leads --format table|csv|json`):
/// the model, the evidence of how well it worked, the calibration, then the open leads with
/// their reasons.
public enum LeadScoresText {
    // MARK: - Table

    /// `limit`: the open leads listed (0: all).
    public static func table(_ s: LeadScores, limit: Int) -> String {
        var out = ""
        let o = s.options
        out +=
            "Lead scores · as of \(CivilDate.format(o.asOf)) · converting within \(o.horizonDays) days · \(o.timezone)\n"
        out +=
            "Model: \(LeadScores.modelName) (version \(s.version)), learned from \(ValueFormat.grouped(s.learnedFrom)) leads created at least \(o.horizonDays) days before, \(ValueFormat.grouped(s.converted)) of them converted (\(ValueFormat.percent(Double(s.converted) / Double(s.learnedFrom))))\n"
        out += "Factors: \(s.factors.isEmpty ? "none" : s.factors.joined(separator: ", "))\n"
        if !s.leftOut.isEmpty { out += "Left out: \(s.leftOut.joined(separator: "; "))\n" }

        out += "\n"
        if let e = s.evaluation {
            out += "How well it has worked: \(method(e, zone: o.timezone))\n"
            let rows: [(String, (ScoreQuality) -> String)] = [
                ("ROC AUC", { $0.auc.map { ValueFormat.fixed($0, decimals: 3) } ?? "—" }),
                ("Brier score (lower is better)", { ValueFormat.fixed($0.brier, decimals: 3) }),
                ("Top tenth converts", { ValueFormat.percent($0.topDecileRate) }),
            ]
            out += row(["", "score", "source alone", "naive Bayes"])
            for (label, value) in rows {
                out += row([label, value(e.model), value(e.baseline), value(e.naiveBayes)])
            }
            out += "  Average conversion of the tested leads: \(ValueFormat.percent(e.model.averageRate)).\n"
            out += "  \(verdict(e))\n\n"
            out += "Calibration (the tested leads in tenths, highest scores first)\n"
            out += row(["tenth", "leads", "predicted", "converted"], first: 8)
            for (i, band) in e.model.calibration.enumerated() {
                out += row(
                    [
                        String(i + 1), ValueFormat.grouped(band.count), ValueFormat.percent(band.meanPredicted),
                        ValueFormat.percent(band.observedRate),
                    ], first: 8)
            }
        } else {
            out += "How well it has worked: not measured; \(s.evaluationNote ?? "")\n"
        }

        out += "\n"
        let past =
            s.pastHorizon > 0
            ? "; \(ValueFormat.grouped(s.pastHorizon)) older open leads are past it and not scored" : ""
        out += "Open leads to call first (\(ValueFormat.grouped(s.leads.count)) within \(o.horizonDays) days\(past))\n"
        let shown = limit > 0 ? Array(s.leads.prefix(limit)) : s.leads
        if shown.isEmpty {
            out += "  No open lead was created in the \(o.horizonDays) days before \(CivilDate.format(o.asOf)).\n"
            return out
        }
        let zone = ZoneRules(identifier: o.timezone) ?? .utc
        let idWidth = min(24, max(4, shown.map(\.id.count).max() ?? 0))
        let ownerWidth = min(24, max(5, shown.map(\.owner.count).max() ?? 0))
        let sourceWidth = min(20, max(6, shown.map(\.source.count).max() ?? 0))
        out +=
            "  score  \(ReportTable.pad("lead", idWidth))  \(ReportTable.pad("owner", ownerWidth))  \(ReportTable.pad("source", sourceWidth))  created     why\n"
        for lead in shown {
            let why = reasons(lead)
            out +=
                "  \(ReportTable.leftPad(String(lead.score), 5))  \(ReportTable.pad(Charts.truncate(lead.id, idWidth), idWidth))  \(ReportTable.pad(Charts.truncate(lead.owner, ownerWidth), ownerWidth))  \(ReportTable.pad(Charts.truncate(lead.source, sourceWidth), sourceWidth))  \(ValueFormat.day(lead.createdAt, zone))  \(why)\n"
        }
        if shown.count < s.leads.count {
            out += "  (\(shown.count) of \(ValueFormat.grouped(s.leads.count)) shown; --limit 0 lists them all)\n"
        }
        return out
    }

    /// "+ source Referral +18, … · − segment SMB −4"
    public static func reasons(_ lead: ScoredLead) -> String {
        var parts: [String] = []
        if !lead.reasonsFor.isEmpty { parts.append(lead.reasonsFor.map(\.text).joined(separator: ", ")) }
        if !lead.reasonsAgainst.isEmpty { parts.append(lead.reasonsAgainst.map(\.text).joined(separator: ", ")) }
        return parts.isEmpty ? "an average lead" : parts.joined(separator: " · ")
    }

    /// Whether the score beat its baseline, in a sentence.
    public static func verdict(_ e: LeadScoreEvaluation) -> String {
        guard let model = e.model.auc, let baseline = e.baseline.auc else {
            return "The tested leads have one outcome only: no ranking can be measured."
        }
        if e.beatsBaseline {
            return
                "The score ranks leads better than their source alone (AUC \(ValueFormat.fixed(model, decimals: 3)) against \(ValueFormat.fixed(baseline, decimals: 3)))."
        }
        return
            "The score does NOT rank leads better than their source alone (AUC \(ValueFormat.fixed(model, decimals: 3)) against \(ValueFormat.fixed(baseline, decimals: 3))): call by source, and do not trust the score's order."
    }

    public static func method(_ e: LeadScoreEvaluation, zone: String) -> String {
        switch e.method {
        case .holdout(let from):
            let z = ZoneRules(identifier: zone) ?? .utc
            return
                "learned from the earliest \(ValueFormat.grouped(e.learnedFrom)) leads, tested on the \(ValueFormat.grouped(e.tested)) created from \(ValueFormat.day(from, z)) on"
        case .kFold(let k):
            return
                "\(k)-fold cross-validation over \(ValueFormat.grouped(e.tested)) leads (their dates cannot separate them into earlier and later)"
        }
    }

    // MARK: - CSV

    /// One row per open lead, highest score first.
    public static func csv(_ s: LeadScores, limit: Int = 0) -> String {
        var out: [UInt8] = Array("lead_id,score,probability,owner,source,created_at,reasons_for,reasons_against\n".utf8)
        let zone = ZoneRules(identifier: s.options.timezone) ?? .utc
        for lead in limit > 0 ? Array(s.leads.prefix(limit)) : s.leads {
            let fields = [
                lead.id, String(lead.score), String(lead.probability), lead.owner, lead.source,
                ValueFormat.day(lead.createdAt, zone), lead.reasonsFor.map(\.text).joined(separator: "; "),
                lead.reasonsAgainst.map(\.text).joined(separator: "; "),
            ]
            for (i, field) in fields.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                CSVField.append(Array(field.utf8), to: &out)
            }
            out.append(UInt8(ascii: "\n"))
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - JSON

    public static func json(_ s: LeadScores, limit: Int = 0) -> String {
        value(s, limit: limit).document()
    }

    /// The API's page of open leads (`GET /api/v1/leads/scores`): the same document with
    /// `leads` from `offset`, and when the scores were computed.
    public static func page(_ s: LeadScores, scoredAt: String, offset: Int, limit: Int) -> String {
        value(s, offset: offset, limit: limit, scoredAt: scoredAt).document()
    }

    static func value(_ s: LeadScores, offset: Int = 0, limit: Int, scoredAt: String? = nil) -> JSONValue {
        let o = s.options
        let zone = ZoneRules(identifier: o.timezone) ?? .utc
        func quality(_ q: ScoreQuality) -> JSONValue {
            .object([
                ("leads", .int(q.count)), ("converted", .int(q.positives)), ("auc", .double(q.auc)),
                ("brier", .double(q.brier)), ("top_decile_rate", .double(q.topDecileRate)),
                ("average_rate", .double(q.averageRate)), ("lift", .double(q.lift)),
                (
                    "calibration",
                    .array(
                        q.calibration.map {
                            .object([
                                ("leads", .int($0.count)), ("mean_predicted", .double($0.meanPredicted)),
                                ("observed_rate", .double($0.observedRate)),
                            ])
                        })
                ),
            ])
        }
        let evaluation: JSONValue =
            s.evaluation.map { e in
                let method: [(String, JSONValue)] =
                    switch e.method {
                    case .holdout(let from):
                        [("method", .string("holdout")), ("holdout_from", .string(ValueFormat.day(from, zone)))]
                    case .kFold(let k): [("method", .string("k_fold")), ("folds", .int(k))]
                    }
                return .object(
                    method + [
                        ("learned_from", .int(e.learnedFrom)), ("tested", .int(e.tested)), ("score", quality(e.model)),
                        ("baseline", quality(e.baseline)), ("naive_bayes", quality(e.naiveBayes)),
                        ("beats_baseline", .bool(e.beatsBaseline)),
                    ])
            } ?? .null
        let rest = s.leads.dropFirst(offset)
        let shown = limit > 0 ? Array(rest.prefix(limit)) : Array(rest)
        // The API's page says when the scores were computed and which page it is.
        let stamp: [(String, JSONValue)] = scoredAt.map { [("scored_at", JSONValue.string($0))] } ?? []
        let paging: [(String, JSONValue)] =
            scoredAt == nil ? [] : [("offset", JSONValue.int(offset)), ("limit", JSONValue.int(limit))]
        return .object(
            stamp + [
                ("as_of", .string(CivilDate.format(o.asOf))), ("horizon_days", .int(o.horizonDays)),
                ("timezone", .string(o.timezone)),
                (
                    "model",
                    .object([
                        ("kind", .string(LeadScores.modelName)), ("lambda", .double(o.lambda)),
                        ("version", .string(s.version)), ("learned_from", .int(s.learnedFrom)),
                        ("converted", .int(s.converted)), ("factors", .array(s.factors.map(JSONValue.string))),
                        ("left_out", .array(s.leftOut.map(JSONValue.string))), ("intercept", .double(s.intercept)),
                        ("newton_steps", .int(s.newtonSteps)),
                        (
                            "coefficients",
                            .array(
                                s.coefficients.map {
                                    .object([
                                        ("factor", .string($0.factor)), ("level", .string($0.level)),
                                        ("weight", .double($0.weight)), ("leads", .int($0.count)),
                                    ])
                                })
                        ),
                    ])
                ),
                ("evaluation", evaluation), ("evaluation_note", .optional(s.evaluationNote)),
                ("open_leads", .int(s.leads.count)), ("past_horizon", .int(s.pastHorizon)),
            ] + paging + [
                (
                    "leads",
                    .array(
                        shown.map { lead in
                            .object([
                                ("lead_id", .string(lead.id)), ("score", .int(lead.score)),
                                ("probability", .double(lead.probability)), ("owner", .string(lead.owner)),
                                ("source", .string(lead.source)),
                                ("created_at", .string(ValueFormat.day(lead.createdAt, zone))),
                                ("reasons_for", .array(lead.reasonsFor.map { reason($0) })),
                                ("reasons_against", .array(lead.reasonsAgainst.map { reason($0) })),
                            ])
                        })
                )
            ])
    }

    static func reason(_ r: ScoreReason) -> JSONValue {
        .object([
            ("factor", .string(r.factor)), ("level", .string(r.level)), ("points", .int(r.points)),
            ("text", .string(r.text)),
        ])
    }

    // MARK: - Helpers

    static func row(_ cells: [String], first: Int = 32) -> String {
        "  " + ReportTable.pad(cells[0], first)
            + cells.dropFirst().map { ReportTable.leftPad($0, 13) }.joined(separator: " ") + "\n"
    }
}
