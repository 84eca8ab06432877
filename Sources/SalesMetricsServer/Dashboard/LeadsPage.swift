import SalesMetrics
import SalesMetricsIO

/// The Leads page (`/leads`, docs/scoring.md): the open leads to call first with their reasons,
/// and beside them the evidence of how well the score has worked: its evaluation against the
/// source baseline and its calibration.
extension Pages {
    /// Open leads listed on the page; the API pages through all of them.
    static let leadsShown = 50

    static func leads(_ scored: DataCache.ScoredLeads, loaded: DataCache.Loaded) -> String {
        var body: HTML = "<h1>Leads to call first"
        guard case .success(let s) = scored.scores else {
            if case .failure(let error) = scored.scores {
                body += "</h1>" + HTML.empty("No lead scores", error.description)
            }
            return Layout.page(title: "Leads", section: .leads, path: Paths.leads, data: nil, body: body)
        }
        let o = s.options
        body +=
            " <span class=\"sub\">as of \(CivilDate.format(o.asOf)) · converting within \(o.horizonDays) days</span></h1>"
        if let e = s.evaluation {
            body += "<p class=\"verdict \(e.beatsBaseline ? "good" : "bad")\">\(LeadScoresText.verdict(e))</p>"
        } else {
            body += "<p class=\"verdict bad\">Not measured: \(s.evaluationNote ?? "")</p>"
        }
        body += openLeads(s, loaded)
        if let e = s.evaluation { body += evaluation(e, zone: o.timezone) }
        body += model(s, scoredAt: scored.scoredAt)
        return Layout.page(title: "Leads", section: .leads, path: Paths.leads, data: nil, body: body)
    }

    private static func openLeads(_ s: LeadScores, _ loaded: DataCache.Loaded) -> HTML {
        let past =
            s.pastHorizon > 0
            ? " \(ValueFormat.grouped(s.pastHorizon)) older open leads are past the horizon and not scored." : ""
        var out: HTML =
            "<h2>Open leads <span class=\"sub\">\(ValueFormat.grouped(s.leads.count)) created within \(s.options.horizonDays) days, highest score first</span></h2>"
        guard !s.leads.isEmpty else {
            return out
                + HTML.empty(
                    "No open leads to score",
                    "No open lead was created in the \(s.options.horizonDays) days before \(CivilDate.format(s.options.asOf)).\(past)"
                )
        }
        let zone = ZoneRules(identifier: s.options.timezone) ?? .utc
        out += HTML.table(
            head: ["Score", "Lead", "Owner", "Source", "Created", "Why"],
            rows: s.leads.prefix(leadsShown).map { lead in
                let created = ValueFormat.day(lead.createdAt, zone)
                var why: HTML = "<span class=\"reasons\">"
                if !lead.reasonsFor.isEmpty {
                    why += "<span class=\"for\">\(lead.reasonsFor.map(\.text).joined(separator: ", "))</span>"
                }
                if !lead.reasonsFor.isEmpty && !lead.reasonsAgainst.isEmpty { why += " · " }
                if !lead.reasonsAgainst.isEmpty {
                    why += "<span class=\"against\">\(lead.reasonsAgainst.map(\.text).joined(separator: ", "))</span>"
                }
                if lead.reasonsFor.isEmpty && lead.reasonsAgainst.isEmpty { why += "an average lead" }
                return [
                    HTML(text: String(lead.score)), HTML(text: lead.id),
                    HTML(text: lead.owner.isEmpty ? "(none)" : lead.owner),
                    HTML(text: lead.source.isEmpty ? "(none)" : lead.source), HTML(text: created), why + "</span>",
                ]
            }, numeric: [0])
        let more =
            s.leads.count > leadsShown
            ? "The \(leadsShown) highest of \(ValueFormat.grouped(s.leads.count)); every one is in <a href=\"\(Paths.apiLeadScores)\">the API</a> (GET \(Paths.apiLeadScores)?offset=\(leadsShown))."
            : "Also in <a href=\"\(Paths.apiLeadScores)\">the API</a>."
        return out
            + "<p class=\"muted\">The score is the chance, in %, that the lead converts within \(s.options.horizonDays) days of its creation, never 0 or 100. Each reason is a factor's points against an average lead.\(past) \(more)</p>"
    }

    private static func evaluation(_ e: LeadScoreEvaluation, zone: String) -> HTML {
        var out: HTML = "<h2>How well it has worked</h2><p class=\"muted\">\(LeadScoresText.method(e, zone: zone)).</p>"
        let rows: [(String, (ScoreQuality) -> String)] = [
            ("ROC AUC (0.5 is a coin, 1 is perfect)", { $0.auc.map { ValueFormat.fixed($0, decimals: 3) } ?? "—" }),
            ("Brier score (lower is better)", { ValueFormat.fixed($0.brier, decimals: 3) }),
            ("Top tenth converts", { ValueFormat.percent($0.topDecileRate) }),
            ("Leads tested", { ValueFormat.grouped($0.count) }),
        ]
        out += HTML.table(
            head: ["", "The score", "Source alone", "Naive Bayes"],
            text: rows.map { label, value in [label, value(e.model), value(e.baseline), value(e.naiveBayes)] },
            numeric: [1, 2, 3])
        out +=
            "<p class=\"muted\">Average conversion of the tested leads: \(ValueFormat.percent(e.model.averageRate)). Source alone is the conversion rate of the lead's source among the leads learned from; naive Bayes is the other model measured (docs/scoring.md).</p>"
        out +=
            "<h3>Calibration</h3><p class=\"legend\">The tested leads in tenths, highest scores first:<span class=\"key predicted\"></span>predicted<span class=\"key observed\"></span>converted</p>"
        out += Charts.calibration(e.model.calibration, title: "Predicted and observed conversion by tenth of score")
        return out
    }

    private static func model(_ s: LeadScores, scoredAt: String) -> HTML {
        var out: HTML =
            "<h2>The model</h2><p class=\"muted\">\(LeadScores.modelName), version \(s.version), scored \(scoredAt); learned from \(ValueFormat.grouped(s.learnedFrom)) leads created at least \(s.options.horizonDays) days before \(CivilDate.format(s.options.asOf)), \(ValueFormat.grouped(s.converted)) of them converted. Factors: \(s.factors.isEmpty ? "none" : s.factors.joined(separator: ", ")).</p>"
        if !s.leftOut.isEmpty {
            out += "<p class=\"muted\">Left out: \(s.leftOut.joined(separator: "; ")).</p>"
        }
        return out
    }
}
