import SalesMetrics
import SalesMetricsIO

/// The frame of every dashboard page: navigation, the view controls, and the footer.
enum Layout {
    enum Section: String { case overview, funnel, sources, leads, customers, reviews, metric }

    /// The whole document around a page's body.
    static func page(
        title: String, section: Section, path: String, data: DashboardData?, breakdownControl: Bool = false,
        body: HTML
    ) -> String {
        var out: HTML = """
            <!doctype html><html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · SalesMetrics</title><link rel="stylesheet" href="\(Paths.stylesheet)"></head>
            <body><header class="top"><a class="brand" href="\(data.map { $0.view.link(Paths.overview, ["by": nil]) } ?? Paths.overview)">SalesMetrics</a><nav>
            """
        out += navigation(section, data) + "</nav>" + sessionMarker + "</header><main>"
        if let data { out += controls(path: path, data: data, breakdown: breakdownControl) }
        out += body + "</main><footer>"
        if let data { out += footer(data) }
        return (out + "</footer></body></html>\n").rendered
    }

    private static func navigation(_ section: Section, _ data: DashboardData?) -> HTML {
        let nav: [(Section, String, String)] = [
            (.overview, "Overview", Paths.overview), (.funnel, "Funnel", Paths.funnel),
            (.sources, "Sources", Paths.sources), (.leads, "Leads", Paths.leads),
            (.customers, "Customers", Paths.customers), (.reviews, "Reviews", Paths.reviews),
        ]
        return nav.map { s, label, target in
            let href = data.map { $0.view.link(target, ["by": nil]) } ?? target
            let current: HTML = s == section ? " class=\"active\" aria-current=\"page\"" : ""
            return "<a href=\"\(href)\"\(current)>\(label)</a>"
        }.joined()
    }

    private static func footer(_ data: DashboardData) -> HTML {
        "Data through \(CivilDate.format(data.loaded.lastDataDay)) · data version \(data.loaded.version) · \(data.options.timezone) · amounts in \(data.options.currency) · <a href=\"\(Paths.with(Paths.apiReport, reportQuery(data)))\">this report as JSON</a>"
    }

    /// Where the signed-in user's name and sign-out form go: pages are cached without them.
    static let sessionMarker: HTML = "<!--session-->"

    /// The page for one signed-in browser.
    static func personalised(_ page: String, _ session: BrowserSession?) -> String {
        guard let session else { return page.replacingOccurrences(of: sessionMarker.rendered, with: "") }
        let form: HTML = """
            <form class="logout" method="post" action="\(Paths.logout)"><input type="hidden" name="csrf" value="\(session.csrf)">\
            <span class="who">\(session.token.name) · \(session.token.role.rawValue)</span><button type="submit">Sign out</button></form>
            """
        return page.replacingOccurrences(of: sessionMarker.rendered, with: form.rendered)
    }

    /// The API query giving the same numbers as the page (for the JSON link).
    static func reportQuery(_ data: DashboardData) -> [(String, String)] {
        var q: [(String, String)] = [
            ("from", CivilDate.format(data.options.from)), ("to", CivilDate.format(data.options.to)),
            ("grain", data.options.grain.rawValue),
        ]
        if let filter = data.view.filter { q.append(("by", filter.dimension.rawValue)) }
        if data.options.timezone != "UTC" { q.append(("timezone", data.options.timezone)) }
        return q
    }

    /// The GET form every page carries: range, dates, grain, period, filter (and breakdown).
    static func controls(path: String, data: DashboardData, breakdown: Bool) -> HTML {
        let view = data.view
        var out: HTML = "<form class=\"controls\" method=\"get\" action=\"\(path)\">"
        out += select(
            "Range", "range",
            DashboardView.Preset.allCases.map { HTML.option($0.rawValue, $0.label, selected: $0 == view.preset) })
        out +=
            "<label>From<input type=\"date\" name=\"from\" value=\"\(CivilDate.format(data.options.from))\"></label>"
        out +=
            "<label>To (exclusive)<input type=\"date\" name=\"to\" value=\"\(CivilDate.format(data.options.to))\"></label>"
        out += select(
            "Grain", "grain",
            Grain.allCases.map { HTML.option($0.rawValue, $0.rawValue.capitalized, selected: $0 == data.options.grain) }
        )
        out += select(
            "Period", "period",
            data.rangeLabels.reversed().map { HTML.option($0, $0, selected: $0 == data.selectedLabel) })
        out += select("Filter", "filter", ["<option value=\"\">Everything</option>"] + filterGroups(data))
        if breakdown {
            out += select(
                "Breakdown", "by",
                Breakdown.allCases.map { HTML.option($0.rawValue, $0.rawValue.capitalized, selected: $0 == view.by) })
        }
        for (name, value) in view.query()
        where ["timezone", "fiscal_year_start_month", "currency", "stages"].contains(name) {
            out += "<input type=\"hidden\" name=\"\(name)\" value=\"\(value)\">"
        }
        return out + "<button type=\"submit\">Apply</button></form>"
    }

    private static func select(_ label: String, _ name: String, _ options: [HTML]) -> HTML {
        "<label>\(label)<select name=\"\(name)\">\(options)</select></label>"
    }

    /// The filter's choices, one group per dimension.
    private static func filterGroups(_ data: DashboardData) -> [HTML] {
        data.filterChoices().map { dimension, values in
            let options = values.map { v in
                HTML.option(
                    "\(dimension.rawValue):\(v.key)", v.name,
                    selected: data.view.filter.map { $0.dimension == dimension && $0.key == v.key } ?? false)
            }
            return "<optgroup label=\"\(dimension.rawValue.capitalized)\">\(options)</optgroup>"
        }
    }
}
