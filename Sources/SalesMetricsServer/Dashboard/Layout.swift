import SalesMetrics
import SalesMetricsIO

/// The frame of every dashboard page: navigation, the view controls, and the footer.
enum Layout {
    enum Section: String { case overview, funnel, sources, metric }

    static func page(
        title: String, section: Section, path: String, data: DashboardData?, breakdownControl: Bool = false,
        body: String
    ) -> String {
        let h = HTML.h
        let nav: [(Section, String, String)] = [
            (.overview, "Overview", Paths.overview), (.funnel, "Funnel", Paths.funnel),
            (.sources, "Sources", Paths.sources),
        ]
        var out = """
            <!doctype html><html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(h(title)) · SalesMetrics</title><link rel="stylesheet" href="\(Paths.stylesheet)"></head>
            <body><header class="top"><a class="brand" href="\(data.map { $0.view.link(Paths.overview, ["by": nil]) } ?? Paths.overview)">SalesMetrics</a><nav>
            """
        for (s, label, target) in nav {
            let href = data.map { $0.view.link(target, ["by": nil]) } ?? target
            out += "<a href=\"\(h(href))\"\(s == section ? " class=\"active\" aria-current=\"page\"" : "")>\(label)</a>"
        }
        out += "</nav>" + sessionMarker + "</header><main>"
        if let data { out += controls(path: path, data: data, breakdown: breakdownControl) }
        out += body
        out += "</main><footer>"
        if let data {
            let last = data.loaded.lastDataDay
            out +=
                "Data through \(CivilDate.format(last)) · data version \(data.loaded.version) · \(h(data.options.timezone)) · <a href=\"\(h(Paths.with(Paths.apiReport, reportQuery(data))))\">this report as JSON</a>"
        }
        return out + "</footer></body></html>\n"
    }

    /// Where the signed-in user's name and sign-out form go: pages are cached without them.
    static let sessionMarker = "<!--session-->"

    /// The page for one signed-in browser.
    static func personalised(_ page: String, _ session: BrowserSession?) -> String {
        guard let session else { return page.replacingOccurrences(of: sessionMarker, with: "") }
        let h = HTML.h
        let form = """
            <form class="logout" method="post" action="\(Paths.logout)"><input type="hidden" name="csrf" value="\(h(session.csrf))">\
            <span class="who">\(h(session.token.name)) · \(session.token.role.rawValue)</span><button type="submit">Sign out</button></form>
            """
        return page.replacingOccurrences(of: sessionMarker, with: form)
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
    static func controls(path: String, data: DashboardData, breakdown: Bool) -> String {
        let h = HTML.h
        let view = data.view
        var out = "<form class=\"controls\" method=\"get\" action=\"\(h(path))\">"
        out += "<label>Range<select name=\"range\">"
        for p in DashboardView.Preset.allCases { out += HTML.option(p.rawValue, p.label, selected: p == view.preset) }
        out += "</select></label>"
        out +=
            "<label>From<input type=\"date\" name=\"from\" value=\"\(CivilDate.format(data.options.from))\"></label>"
        out +=
            "<label>To (exclusive)<input type=\"date\" name=\"to\" value=\"\(CivilDate.format(data.options.to))\"></label>"
        out += "<label>Grain<select name=\"grain\">"
        for g in Grain.allCases {
            out += HTML.option(g.rawValue, g.rawValue.capitalized, selected: g == data.options.grain)
        }
        out += "</select></label>"
        out += "<label>Period<select name=\"period\">"
        for label in data.rangeLabels.reversed() {
            out += HTML.option(label, label, selected: label == data.selectedLabel)
        }
        out += "</select></label>"
        out += "<label>Filter<select name=\"filter\"><option value=\"\">Everything</option>"
        for (dimension, values) in data.filterChoices() {
            out += "<optgroup label=\"\(dimension.rawValue.capitalized)\">"
            for v in values {
                let value = "\(dimension.rawValue):\(v)"
                out += HTML.option(
                    value, v, selected: view.filter.map { $0.dimension == dimension && $0.key == v } ?? false)
            }
            out += "</optgroup>"
        }
        out += "</select></label>"
        if breakdown {
            out += "<label>Breakdown<select name=\"by\">"
            for b in Breakdown.allCases {
                out += HTML.option(b.rawValue, b.rawValue.capitalized, selected: b == view.by)
            }
            out += "</select></label>"
        }
        for (name, value) in view.query()
        where ["timezone", "fiscal_year_start_month", "currency", "stages"].contains(name) {
            out += "<input type=\"hidden\" name=\"\(name)\" value=\"\(h(value))\">"
        }
        return out + "<button type=\"submit\">Apply</button></form>"
    }
}
