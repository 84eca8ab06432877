import SalesMetrics
import SalesMetricsIO

/// The dashboard's pages: pure functions from numbers to HTML.
enum Pages {
    /// The seed's checklist KPIs, shown first on the overview.
    static let headline: [MetricKey] = [
        .leadConversionRate, .avgDealSize, .winRate, .quotaAttainmentRate, .revenueGrowth, .pipelineCoverage,
        .customerRetentionRate,
    ]

    static func overview(_ data: DashboardData) -> String {
        let currency = data.options.currency
        var body: HTML = "<h1>Overview <span class=\"sub\">\(data.selectedLabel)\(filterNote(data))</span></h1>"
        body += "<section><h2>Checklist</h2><div class=\"cards big\">"
        for key in headline { body += card(Catalog[key], data, currency) }
        body += "</div></section>"
        for category in MetricCategory.allCases {
            let metrics = Catalog.metrics.filter { $0.category == category && !headline.contains($0.key) }
            guard !metrics.isEmpty else { continue }
            body += "<section><h2>\(category.title)</h2><div class=\"cards\">"
            for m in metrics { body += card(m, data, currency) }
            body += "</div></section>"
        }
        return Layout.page(
            title: "Overview", section: .overview, path: Paths.overview, data: data, body: body)
    }

    static func filterNote(_ data: DashboardData) -> HTML {
        guard let f = data.view.filter else { return "" }
        return " · \(f.dimension.rawValue) = \(data.names.group(f.dimension, f.key))"
    }

    static func card(_ m: Metric, _ data: DashboardData, _ currency: String) -> HTML {
        let href = data.view.link(Paths.metric(m.id), ["by": nil])
        var out: HTML = "<a class=\"card\" href=\"\(href)\"><span class=\"label\">\(m.label)</span>"
        if let why = data.unavailable(m) {
            return out + "<span class=\"missing\">\(why.title)</span></a>"
        }
        let values = data.values(m.id)
        let (current, change) = data.selectedWithChange(m, values)
        out += "<span class=\"value\">\(ValueFormat.human(current, of: m, currency: currency))</span>"
        if let change {
            out +=
                "<span class=\"delta \(change.tone.rawValue)\">\(change.text) <small>vs \(data.periods[data.selected - 1].label)</small></span>"
        } else {
            out += "<span class=\"delta flat\">no change to compare</span>"
        }
        if let status = data.target(m.key) { out += targetLine(status, m, currency) }
        let spark = values[max(0, data.selected - 11)...data.selected].map(\.doubleValue)
        return out + Charts.sparkline(Array(spark)) + "</a>"
    }

    /// "✓ at least 3.00× · met", or for a running period "↗ on pace for $31,000 · target $30,000".
    static func targetLine(_ s: TargetStatus, _ m: Metric, _ currency: String) -> HTML {
        let goal = "\(s.target.comparison.words) \(Target.format(s.target.value, of: m, currency: currency))"
        let text =
            if let pace = s.pace {
                "\(TargetText.symbol(s.state)) on pace for \(Target.format(pace, of: m, currency: currency)) · target \(goal)"
            } else {
                "\(TargetText.symbol(s.state)) target \(goal) · \(s.state.words)\(s.complete ? "" : " so far")"
            }
        return
            "<span class=\"target \(s.state.rawValue)\" title=\"\(s.target.name)\(s.target.note.isEmpty ? "" : ": " + s.target.note)\">\(text)</span>"
    }

    /// A metric's page: what it means, its value, its trend, its breakdown and its records.
    static func metric(_ m: Metric, _ data: DashboardData, breakdown: Report?, drill: DrillDownView?) -> String {
        var body: HTML =
            "<p class=\"crumbs\"><a href=\"\(data.view.link(Paths.overview, ["by": nil]))\">Overview</a> › \(m.category.title)</p>"
        body += "<h1>\(m.label) <span class=\"sub\">\(data.selectedLabel)\(filterNote(data))</span></h1>"
        body +=
            "<div class=\"about\"><p>\(m.definition)</p><p><code>\(m.formula)</code></p><p class=\"muted\">Example: \(m.example)</p></div>"
        if let why = data.unavailable(m) {
            body += HTML.empty(why.title, why.detail)
        } else {
            let values = data.values(m.id)
            body += currentValue(m, data, values)
            body += trend(m, data, values)
            body += breakdownSection(m, data, breakdown)
            body += records(m, data, drill)
        }
        return Layout.page(
            title: m.label, section: .metric, path: Paths.metric(m.id), data: data,
            breakdownControl: true, body: body)
    }

    private static func currentValue(_ m: Metric, _ data: DashboardData, _ values: [MetricValue]) -> HTML {
        let (current, change) = data.selectedWithChange(m, values)
        var out: HTML =
            "<div class=\"headline\"><span class=\"value\">\(ValueFormat.human(current, of: m, currency: data.options.currency))</span>"
        if let change {
            out +=
                "<span class=\"delta \(change.tone.rawValue)\">\(change.text) vs \(data.periods[data.selected - 1].label)</span>"
        }
        if let status = data.target(m.key) {
            out += targetLine(status, m, data.options.currency)
            if let before = status.previousAtSameDay {
                out +=
                    "<span class=\"sample\">day \(status.daysCovered) of \(status.daysInPeriod); the period before at this day: \(ValueFormat.human(before, of: m, currency: data.options.currency))</span>"
            }
        }
        if let sample = m.sample, let n = data.samples(m.key)[data.selected] {
            out +=
                "<span class=\"sample\">from \(sample.describe(n))\(n < Sample.smallBelow ? " — too few to compare" : "")</span>"
        }
        return out + "</div>"
    }

    /// The trend over the range: a chart and a table of every period with its change.
    private static func trend(_ m: Metric, _ data: DashboardData, _ values: [MetricValue]) -> HTML {
        let currency = data.options.currency
        let range = Array(data.periods[data.rangeStart...])
        let rangeValues = Array(values[data.rangeStart...])
        var out: HTML = "<section><h2>Trend</h2>"
        if rangeValues.allSatisfy(\.isNone) {
            out += HTML.empty(
                "No values in this range",
                "Every period of the range is empty for \(m.label); widen the range or check the data.")
        } else {
            out += Charts.line(
                labels: range.map(\.label), values: rangeValues.map(\.doubleValue),
                format: { ValueFormat.axis($0, of: m, currency: currency) }, highlight: data.selected - data.rangeStart,
                title: "\(m.label) per \(data.options.grain.rawValue)",
                goal: data.target(m.key).map {
                    (
                        $0.target.value,
                        "target \($0.target.comparison.words) \(Target.format($0.target.value, of: m, currency: currency))"
                    )
                })
        }
        var rows: [[HTML]] = []
        for (i, p) in range.enumerated().reversed() {
            let prev = data.rangeStart + i > 0 ? values[data.rangeStart + i - 1] : .none
            let change = ValueChange(rangeValues[i], from: prev, of: m)
            rows.append([
                "<a href=\"\(data.view.link(Paths.metric(m.id), ["period": p.label]))\">\(p.label)</a>",
                HTML(text: ValueFormat.human(rangeValues[i], of: m, currency: currency)),
                change.map { "<span class=\"delta \($0.tone.rawValue)\">\($0.text)</span>" } ?? "—",
            ])
        }
        return out + HTML.table(head: ["Period", m.label, "Change"], rows: rows, numeric: [1, 2]) + "</section>"
    }

    /// The selected period by one dimension: the largest groups drawn, every group listed.
    private static func breakdownSection(_ m: Metric, _ data: DashboardData, _ breakdown: Report?) -> HTML {
        let currency = data.options.currency
        let by = data.view.by ?? .owner
        var out: HTML = "<section><h2>By \(by.rawValue) <span class=\"sub\">\(data.selectedLabel)</span></h2>"
        if !m.applies(to: by) {
            out += HTML.empty(
                "\(m.label) is not broken down by \(by.rawValue)",
                "It can be broken down by \(m.dimensionList)."
            )
        } else if let breakdown, let period = breakdown.periods.first(where: { $0.label == data.selectedLabel }) {
            if let filter = data.view.filter, filter.dimension != by {
                out +=
                    "<p class=\"note\">The breakdown covers all records: the filter (\(filter.dimension.rawValue) = \(data.names.group(filter.dimension, filter.key))) applies to one dimension at a time.</p>"
            }
            let groups = period.groups.filter { !($0.metrics[m.id] ?? .none).isNone }
            if groups.isEmpty {
                out += HTML.empty(
                    "No values by \(by.rawValue)", "No group has a value of \(m.label) in \(data.selectedLabel).")
            } else {
                let sorted = groups.sorted {
                    ($0.metrics[m.id]?.doubleValue ?? 0) > ($1.metrics[m.id]?.doubleValue ?? 0)
                }
                let shown = Array(sorted.prefix(25))
                out += Charts.bars(
                    shown.map {
                        (
                            data.names.group(by, $0.key), $0.metrics[m.id]?.doubleValue,
                            ValueFormat.human($0.metrics[m.id] ?? .none, of: m, currency: currency)
                        )
                    },
                    title: "\(m.label) by \(by.rawValue)")
                if sorted.count > shown.count {
                    out +=
                        "<p class=\"muted\">The 25 largest of \(sorted.count) groups are drawn; the table lists all.</p>"
                }
                var small = 0
                out += HTML.table(
                    head: [by.rawValue.capitalized, m.label] + (m.sample == nil ? [] : ["Based on"]),
                    rows: sorted.map { g in
                        var row: [HTML] = [
                            "<a href=\"\(data.view.link(Paths.metric(m.id), ["filter": "\(by.rawValue):\(g.key)"]))\" title=\"\(g.key)\">\(data.names.group(by, g.key))</a>",
                            HTML(text: ValueFormat.human(g.metrics[m.id] ?? .none, of: m, currency: currency)),
                        ]
                        if let sample = m.sample {
                            let n = g.metrics.sample(m.key) ?? 0
                            if n < Sample.smallBelow { small += 1 }
                            row.append(
                                n < Sample.smallBelow
                                    ? "<span class=\"small-sample\" title=\"Too few to compare\">\(sample.describe(n)) ⚠</span>"
                                    : HTML(text: sample.describe(n)))
                        }
                        return row
                    }, numeric: [1, 2])
                if small > 0 {
                    out +=
                        "<p class=\"muted\">⚠ \(small) group\(small == 1 ? " is" : "s are") based on fewer than \(Int(Sample.smallBelow)) \(m.sample?.noun ?? "rows"): one more or one fewer moves the ratio by 10 points or more, too few to compare.</p>"
                }
            }
        }
        return out + "</section>"
    }

    /// The records behind the number: the deals or leads it counts, for the selected period.
    private static func records(_ m: Metric, _ data: DashboardData, _ drill: DrillDownView?) -> HTML {
        var out: HTML = "<section><h2>Records behind the number</h2>"
        guard let drill else {
            return out
                + HTML.empty(
                    "No record list for \(m.label)",
                    "Its number is not a count of deals or leads (it is a snapshot, a comparison or built from other metrics)."
                ) + "</section>"
        }
        out +=
            "<p>\(drill.selection.description) (\(data.selectedLabel)\(filterNote(data))): <strong>\(drill.total)</strong> record\(drill.total == 1 ? "" : "s")"
        if !drill.records.amounts.isEmpty {
            let sum = drill.records.amounts.reduce(Int128(0)) { $0 + Int128($1) }
            out += ", \(ValueFormat.humanMoney(sum, currency: data.options.currency)) in all"
        }
        out += ".</p>"
        if drill.total > drill.records.rows.count {
            out +=
                "<p class=\"muted\">The first \(drill.records.rows.count) are listed; GET \(Paths.apiRecords)/\(drill.selection.table.rawValue) pages through every stored row.</p>"
        }
        let numeric: Set<Int> = drill.records.columns.last == "Amount" ? [drill.records.columns.count - 1] : []
        return out + HTML.table(head: drill.records.columns, text: drill.records.rows, numeric: numeric) + "</section>"
    }

    struct DrillDownView {
        var selection: DrillDown.Selection
        var total: Int
        var records: DrillDown.Records
    }

    static func funnel(_ funnel: StageFunnel, _ data: DashboardData) -> String {
        let period = data.periods[data.selected]
        var body: HTML =
            "<h1>Funnel <span class=\"sub\">stages entered in \(period.label)\(filterNote(data))</span></h1>"
        if !data.dataset.has(.stageHistory) {
            body += HTML.empty(
                "The funnel needs stage_history.csv",
                "Import the stage changes of your opportunities (opportunity_id, stage, entered_at) to see how deals move."
            )
        } else if funnel.steps.allSatisfy({ $0.entered == 0 }) {
            body += HTML.empty(
                "No stage changes in \(period.label)",
                "No opportunity entered a stage in this period; pick another period.")
        } else {
            body += funnelBars(funnel)
            body += HTML.table(
                head: ["Stage", "Entered", "Conversion to next stage", "Lost at this stage", "Median days in stage"],
                text: funnel.steps.map { s in
                    [
                        s.stage, ValueFormat.grouped(UInt64(s.entered)),
                        s.conversionToNext.map(ValueFormat.percent) ?? "—",
                        s.entered > 0
                            ? "\(ValueFormat.grouped(UInt64(s.lost))) (\(ValueFormat.fixed(Double(s.lost) / Double(s.entered) * 100, decimals: 1))%)"
                            : "—",
                        s.medianDaysInStage.map { ValueFormat.fixed($0, decimals: 1) } ?? "—",
                    ]
                }, numeric: [1, 2, 3, 4])
            let lost =
                funnel.lostStages.isEmpty
                ? ""
                : " Deals that end in \(funnel.lostStages.joined(separator: ", ")) are counted as lost at the stage they left."
            body +=
                "<p class=\"muted\">Stages in the order deals go through them (the median position in each deal's history), the won stage last, unless given with ?stages=A,B,C or salesmetrics serve --stage-order.\(lost) Conversion is the share of the deals that entered a stage that went on to a later one (skipped stages count as passed); days in stage run to the deal's next stage or its close.</p>"
        }
        return Layout.page(
            title: "Funnel", section: .funnel, path: Paths.funnel, data: data, body: body)
    }

    /// One centred bar per stage, as wide as its share of the widest.
    private static func funnelBars(_ funnel: StageFunnel) -> HTML {
        let top = Double(funnel.steps.map(\.entered).max() ?? 1)
        var out: HTML = "<div class=\"funnel\">"
        for step in funnel.steps {
            let width = top > 0 ? max(2, Double(step.entered) / top * 100) : 0
            out +=
                "<div class=\"step\"><span class=\"stage\">\(step.stage)</span><svg class=\"fbar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\"><rect x=\"\(String(format: "%.2f", (100 - width) / 2))\" y=\"0\" width=\"\(String(format: "%.2f", width))\" height=\"10\" rx=\"1\"/></svg><span class=\"count\">\(ValueFormat.grouped(UInt64(step.entered)))</span></div>"
        }
        return out + "</div>"
    }

    static let sourceMetrics: [MetricKey] = [.leadsCreated, .leadConversionRate, .dealsWon, .totalRevenue]

    static func sources(_ report: Report, _ data: DashboardData) -> String {
        let currency = data.options.currency
        var body: HTML = "<h1>Sources <span class=\"sub\">\(data.selectedLabel)</span></h1>"
        guard let period = report.periods.first(where: { $0.label == data.selectedLabel }), !period.groups.isEmpty
        else {
            body += HTML.empty(
                "No sources",
                "Leads, opportunities and marketing spend carry a source (channel for spend); none is in the data.")
            return Layout.page(
                title: "Sources", section: .sources, path: Paths.sources, data: data, body: body)
        }
        let metrics = sourceMetrics.map { Catalog[$0] }
        let revenue = Catalog[.totalRevenue]
        body += Charts.bars(
            period.groups.map {
                (
                    $0.key, $0.metrics[.totalRevenue]?.doubleValue,
                    ValueFormat.human($0.metrics[.totalRevenue] ?? .none, of: revenue, currency: currency)
                )
            },
            title: "Won revenue by source")
        let roi = Catalog[.sourceRoi]
        body += HTML.table(
            head: ["Source"] + metrics.map(\.label) + ["Spend (marketing + sales)", roi.label, "Spend per won deal"],
            rows: period.groups.map { g in
                var row: [HTML] = [
                    "<a href=\"\(data.view.link(Paths.overview, ["filter": "source:\(g.key)"]))\">\(g.key)</a>"
                ]
                row += metrics.map {
                    HTML(text: ValueFormat.human(g.metrics[$0.key] ?? .none, of: $0, currency: currency))
                }
                // The spend column is the one ROI divides by: both categories of the channel.
                row.append(HTML(text: ValueFormat.human(g.metrics.sourceSpend, of: revenue, currency: currency)))
                row.append(HTML(text: ValueFormat.human(g.metrics[.sourceRoi] ?? .none, of: roi, currency: currency)))
                row.append(HTML(text: ValueFormat.human(g.metrics.spendPerWonDeal, of: revenue, currency: currency)))
                return row
            }, numeric: Set(1...metrics.count + 3))
        body +=
            "<p class=\"muted\">Spend is matched to sources by its channel and counts both categories (marketing and sales), as ROI does: ROI is (won revenue − spend) / spend.</p>"
        return Layout.page(
            title: "Sources", section: .sources, path: Paths.sources, data: data, body: body)
    }

    /// A review document in the dashboard, with the period picker and its downloads.
    static func reviews(_ doc: ReviewDocument, review: Review, choices: [(String, [String])], query: Query) -> String {
        let label = review.period.label
        var body: HTML = "<h1>\(doc.title) <span class=\"sub\">\(doc.subtitle)</span></h1>"
        body +=
            "<form class=\"controls\" method=\"get\" action=\"\(Paths.reviews)\"><label>Period<select name=\"period\">"
        for (title, labels) in choices {
            let options = labels.map { HTML.option($0, $0, selected: $0 == label) }
            body += "<optgroup label=\"\(title)\">\(options)</optgroup>"
        }
        body += "</select></label>"
        for name in ["timezone", "fiscal_year_start_month", "currency"] {
            if let value = query[name] { body += "<input type=\"hidden\" name=\"\(name)\" value=\"\(value)\">" }
        }
        body += "<button type=\"submit\">Show</button></form>"
        var parameters = DashboardController.reviewParameters.compactMap { name in query[name].map { (name, $0) } }
        parameters.removeAll { $0.0 == "period" }
        let links = DashboardController.ReviewFormat.allCases.map { format -> HTML in
            let href = Paths.with(
                Paths.reviewDownload, [("period", label)] + parameters + [("format", format.rawValue)])
            return
                "<a class=\"download\" href=\"\(href)\">\(format == .pdf ? "PDF" : format == .html ? "HTML" : format == .json ? "JSON" : "Markdown")</a>"
        }
        body += "<p class=\"downloads\">Download: \(links)</p>"
        body += "<div class=\"review\">\(ReviewHTML.sections(doc))</div>"
        body +=
            "<p class=\"muted\">A month gives the monthly review, a quarter the quarterly one and a year the annual one (docs/review.md). Every number equals the report for the same period.</p>"
        return Layout.page(title: "Reviews", section: .reviews, path: Paths.reviews, data: nil, body: body)
    }

    static func login(error: String?, next: String, csrf: String) -> String {
        var body: HTML =
            "<div class=\"login\"><h1>Sign in</h1><p>Paste an API token. An admin creates one with <code>salesmetrics token create --role viewer --name NAME</code>.</p>"
        if let error { body += "<p class=\"error\" role=\"alert\">\(error)</p>" }
        body += """
            <form method="post" action="\(Paths.login)"><input type="hidden" name="csrf" value="\(csrf)">\
            <input type="hidden" name="next" value="\(next)"><label>Token<input type="password" name="token" autocomplete="current-password" required autofocus></label>\
            <button type="submit">Sign in</button></form></div>
            """
        return Layout.page(title: "Sign in", section: .overview, path: Paths.login, data: nil, body: body)
    }

    static func error(_ error: APIError) -> String {
        Layout.page(
            title: "Error", section: .overview, path: "", data: nil,
            body:
                "<div class=\"login\"><h1>\(error.status.code) \(error.status.reasonPhrase)</h1><p class=\"error\">\(error.message)</p><p><a href=\"/\">Back to the overview</a></p></div>"
        )
    }
}
