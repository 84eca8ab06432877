/// A review laid out for people, independent of the format: a title, sections of sentences
/// and tables. Markdown and HTML render it; the JSON form comes from ``Review`` itself.
public struct ReviewDocument: Sendable {
    public struct Table: Sendable {
        public var head: [String]
        public var rows: [[String]]
        /// Right-aligned columns.
        public var numeric: Set<Int>
    }

    public struct Section: Sendable {
        public var title: String
        public var paragraphs: [String] = []
        public var bullets: [String] = []
        public var table: Table?
        /// A chart for the HTML form (bars: label, value, text).
        public var bars: [(label: String, value: Double?, text: String)] = []
    }

    public var title: String
    public var subtitle: String
    public var sections: [Section]

    public init(_ r: Review, names: DisplayNames? = nil) {
        let cur = r.currency
        func human(_ v: MetricValue, _ m: Metric) -> String { ValueFormat.human(v, of: m, currency: cur) }
        func change(_ v: MetricValue, _ from: MetricValue, _ m: Metric) -> String {
            ValueChange(v, from: from, of: m)?.text ?? "—"
        }
        title = "\(r.cadence.title) · \(r.period.label)"
        subtitle =
            "\(CivilDate.format(r.period.firstDay)) to \(CivilDate.format(r.period.endDay - 1))"
            + (r.complete ? "" : " (running)") + " · \(r.timezone) · \(cur)"
        var sections: [Section] = []

        sections.append(
            Section(
                title: "Headline KPIs",
                table: Table(
                    head: [
                        "KPI", r.period.label, "vs \(r.previousLabel ?? "previous")",
                        "vs \(r.yearAgoLabel ?? "a year before")", "Target",
                    ],
                    rows: r.headline.map { h in
                        let sample = h.sample.flatMap { n in h.metric.sample.map { " (\($0.describe(n)))" } } ?? ""
                        let target =
                            h.target.map {
                                "\(TargetText.symbol($0.state)) \($0.target.comparison.words) \(Target.format($0.target.value, of: h.metric, currency: cur)) · \($0.state.words)"
                            } ?? ""
                        return [
                            h.metric.label, human(h.value, h.metric) + sample, change(h.value, h.previous, h.metric),
                            change(h.value, h.yearAgo, h.metric), target,
                        ]
                    }, numeric: [1, 2, 3])))

        var targets = Section(title: "Targets")
        if r.targets.isEmpty {
            targets.paragraphs = ["No target applies to \(r.period.label) (salesmetrics targets list shows them)."]
        } else {
            targets.paragraphs = [TargetText.summary(r.targets, period: r.period.label) + "."]
            targets.bullets = r.targets.map { TargetText.line($0, names: names, currency: cur) }
        }
        sections.append(targets)

        var movers = Section(title: "Biggest movers")
        if r.movers.isEmpty {
            movers.paragraphs = [
                "No metric moved more than its usual variation (or there are too few periods to tell)."
            ]
        } else {
            movers.paragraphs = [
                "Metrics whose change against \(r.previousLabel ?? "the period before") is largest against their own recent period-over-period variation."
            ]
            movers.bullets = r.movers.map { m in
                var line =
                    "\(m.metric.label): \(human(m.value, m.metric)), from \(human(m.previous, m.metric)) (\(change(m.value, m.previous, m.metric)), \(ValueFormat.fixed(m.score, decimals: 1))× its usual move)"
                if !m.drivers.isEmpty {
                    line +=
                        "; most moved: "
                        + m.drivers.map {
                            "\($0.dimension.rawValue) \(names?.group($0.dimension, $0.key) ?? $0.key) \(human($0.previous, m.metric)) → \(human($0.value, m.metric))"
                        }.joined(separator: ", ")
                }
                return line
            }
        }
        sections.append(movers)

        if r.cadence != .monthly {
            if !r.reps.isEmpty {
                let revenue = Catalog[.totalRevenue]
                sections.append(
                    Section(
                        title: "Reps",
                        table: Table(
                            head: [
                                "Rep", "Won revenue", "Deals won", "Win rate", "Quota", "Attainment",
                                "Pipeline coverage",
                            ],
                            rows: r.reps.map { rep in
                                [
                                    rep.name, human(rep.revenue, revenue), human(rep.dealsWon, Catalog[.dealsWon]),
                                    human(rep.winRate, Catalog[.winRate])
                                        + " of \(rep.dealsClosed)\(rep.dealsClosed < Sample.smallBelow ? " ⚠" : "")",
                                    human(rep.quota, revenue),
                                    rep.attainment.isNone ? "—" : human(rep.attainment, Catalog[.winRate]),
                                    human(rep.pipelineCoverage, Catalog[.pipelineCoverage]),
                                ]
                            }, numeric: [1, 2, 3, 4, 5, 6]),
                        bars: r.reps.prefix(15).map { ($0.name, $0.revenue.doubleValue, human($0.revenue, revenue)) }))
            }
            if let funnel = r.funnel, !funnel.steps.isEmpty {
                var section = Section(
                    title: "Stage funnel",
                    table: Table(
                        head: ["Stage", "Entered", "Went on", "Lost at this stage", "Median days in stage"],
                        rows: funnel.steps.map { s in
                            [
                                s.stage, ValueFormat.grouped(UInt64(s.entered)),
                                s.conversionToNext.map(ValueFormat.percent) ?? "—",
                                ValueFormat.grouped(UInt64(s.lost)),
                                s.medianDaysInStage.map { ValueFormat.fixed($0, decimals: 1) } ?? "—",
                            ]
                        }, numeric: [1, 2, 3, 4]))
                if !funnel.lostStages.isEmpty {
                    section.paragraphs = [
                        "Deals that end in \(funnel.lostStages.joined(separator: ", ")) count as lost at the stage they left."
                    ]
                }
                sections.append(section)
            }
            if !r.sources.isEmpty {
                let revenue = Catalog[.totalRevenue]
                sections.append(
                    Section(
                        title: "Sources",
                        paragraphs: [
                            "Spend is the channel's marketing and sales spend, the spend ROI divides by; spend per won deal is the source's CAC."
                        ],
                        table: Table(
                            head: [
                                "Source", "Leads", "Lead conversion", "Deals won", "Won revenue", "Spend", "ROI",
                                "Spend per won deal",
                            ],
                            rows: r.sources.map { s in
                                [
                                    s.source, human(s.leads, Catalog[.leadsCreated]),
                                    human(s.conversion, Catalog[.leadConversionRate]),
                                    human(s.dealsWon, Catalog[.dealsWon]), human(s.revenue, revenue),
                                    human(s.spend, revenue), human(s.roi, Catalog[.sourceRoi]), human(s.cac, revenue),
                                ]
                            }, numeric: Set(1...7))))
            }
            if r.subscriptions.contains(where: { !$0.value.isNone }) {
                let cltvCac = r.targets.first { $0.target.metric == .cltvCacRatio && $0.target.scope == nil }
                var section = Section(
                    title: "Subscriptions",
                    table: Table(
                        head: ["Metric", r.period.label],
                        rows: r.subscriptions.map { [$0.metric.label, human($0.value, $0.metric)] }, numeric: [1]))
                if let cltvCac {
                    section.paragraphs = ["CLTV : CAC against its target: " + TargetText.line(cltvCac, currency: cur)]
                }
                sections.append(section)
            }
            if let quarters = r.quarters {
                let keys = quarters.metricKeys
                sections.append(
                    Section(
                        title: "The four quarters",
                        table: Table(
                            head: ["KPI"] + quarters.periods.map(\.label),
                            rows: keys.map { key in
                                [Catalog[key].label]
                                    + quarters.periods.map { human($0.metrics[key] ?? .none, Catalog[key]) }
                            }, numeric: Set(1...max(1, quarters.periods.count)))))
            }
        }
        if let b = r.breakdown, let dimension = b.breakdown, let p = b.periods.first {
            let metrics = b.metricKeys.map { Catalog[$0] }
            sections.append(
                Section(
                    title: "By \(dimension.rawValue)",
                    table: Table(
                        head: [dimension.rawValue.capitalized] + metrics.map(\.label),
                        rows: p.groups.map { g in
                            [names?.group(dimension, g.key) ?? g.key]
                                + metrics.map { human(g.metrics[$0.key] ?? .none, $0) }
                        }, numeric: Set(1...max(1, metrics.count)))))
        }
        var caveats = Section(title: "What these numbers cannot be trusted for")
        caveats.bullets =
            r.caveats.isEmpty ? ["Nothing stands out: every headline KPI has a value and enough rows."] : r.caveats
        sections.append(caveats)
        self.sections = sections
    }
}

/// The review as Markdown (`review --format markdown`).
public enum ReviewMarkdown {
    public static func render(_ doc: ReviewDocument) -> String {
        var out = "# \(doc.title)\n\n_\(doc.subtitle)_\n"
        for section in doc.sections {
            out += "\n## \(section.title)\n\n"
            for p in section.paragraphs { out += ReportMarkdown.escape(p) + "\n\n" }
            for b in section.bullets { out += "- " + ReportMarkdown.escape(b) + "\n" }
            if !section.bullets.isEmpty { out += "\n" }
            if let t = section.table {
                out += "| " + t.head.map(ReportMarkdown.escape).joined(separator: " | ") + " |\n"
                out += "|" + t.head.indices.map { t.numeric.contains($0) ? "---:|" : "---|" }.joined() + "\n"
                for row in t.rows { out += "| " + row.map(ReportMarkdown.escape).joined(separator: " | ") + " |\n" }
            }
        }
        return out
    }
}

/// The review as one self-contained HTML file (inline CSS and SVG; prints on A4).
public enum ReviewHTML {
    public static func render(_ doc: ReviewDocument) -> String {
        var body: HTML = "<header><h1>\(doc.title)</h1><p class=\"sub\">\(doc.subtitle)</p></header>"
        body += sections(doc)
        body +=
            "<footer>SalesMetrics · the numbers equal <code>salesmetrics report</code> for the same period.</footer>"
        let page: HTML =
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>\(doc.title)</title><style>\(css)</style></head><body>\(body)</body></html>\n"
        return page.rendered
    }

    /// The sections as HTML, for this file and for the dashboard's Reviews page.
    public static func sections(_ doc: ReviewDocument) -> HTML {
        var body: HTML = ""
        for section in doc.sections {
            body += "<section><h2>\(section.title)</h2>"
            for p in section.paragraphs { body += "<p>\(p)</p>" }
            if !section.bullets.isEmpty {
                body += "<ul>" + section.bullets.map { b -> HTML in "<li>\(b)</li>" }.joined() + "</ul>"
            }
            if !section.bars.isEmpty { body += Charts.bars(section.bars, title: section.title) }
            if let t = section.table { body += HTML.table(head: t.head, text: t.rows, numeric: t.numeric) }
            body += "</section>"
        }
        return body
    }

    /// Print-friendly: A4 with margins, tables that do not split rows, sections that start
    /// on a page when they would not fit.
    static let css: HTML = """
        @page{size:A4;margin:16mm 14mm}
        body{font:11pt/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1d2433;max-width:1000px;margin:0 auto;padding:16px}
        h1{font-size:20pt;margin:0}.sub{color:#687185;margin:2px 0 12px}
        h2{font-size:13pt;margin:18px 0 6px;color:#35405a;border-bottom:1px solid #e3e7ef;padding-bottom:3px}
        section{break-inside:auto}h2{break-after:avoid}
        table{border-collapse:collapse;width:100%;font-size:9.5pt;font-variant-numeric:tabular-nums}
        th,td{border-bottom:1px solid #e3e7ef;padding:3px 6px;text-align:left;vertical-align:top}
        th{color:#687185;font-weight:600;font-size:8.5pt;text-transform:uppercase}
        .num{text-align:right;white-space:nowrap}tr{break-inside:avoid}.table-wrap{overflow:visible}
        ul{margin:4px 0 8px;padding-left:18px}li{margin:2px 0}
        svg.chart{width:100%;height:auto;max-height:300px}.chart .bar{fill:#3461d1}.chart .axis{fill:#687185;font-size:11px}.chart .value{fill:#35405a;font-size:11px}.chart .muted{fill:#687185}
        footer{margin-top:18px;color:#687185;font-size:8.5pt}
        """
}
