import SalesMetrics
import Testing

/// The shared renderers' rules: HTML escaping by construction, and how changes read.
@Suite struct RenderTests {
    @Test func interpolatedTextIsEscapedAndMarkupIsNot() {
        let text = "<b>\"Q&A\" isn't</b>"
        let inner: HTML = "<em>\(text)</em>"
        let page: HTML = "<p title=\"\(text)\">\(inner) \(3) \(2.5)</p>"
        #expect(
            page.rendered
                == "<p title=\"&lt;b&gt;&quot;Q&amp;A&quot; isn&#39;t&lt;/b&gt;\"><em>&lt;b&gt;&quot;Q&amp;A&quot; isn&#39;t&lt;/b&gt;</em> 3 2.5</p>"
        )
        #expect(HTML(text: "a<b").rendered == "a&lt;b")
        #expect(([inner, "<br>"] as [HTML]).joined().rendered == inner.rendered + "<br>")
        let table = HTML.table(head: ["<h>"], rows: [[inner]], numeric: [0])
        #expect(table.rendered.contains("<th class=\"num\">&lt;h&gt;</th>"))
        #expect(table.rendered.contains("<td class=\"num\"><em>"))
    }

    @Test func changesReadAsPeopleExpect() throws {
        let winRate = Catalog[.winRate]
        let churn = Catalog[.churnRate]
        let revenue = Catalog[.totalRevenue]
        let up = try #require(ValueChange(.number(0.30), from: .number(0.25), of: winRate))
        #expect(up.text == "▲ 5.0 pts" && up.tone == .good)
        // A rising churn rate is bad news.
        let churnUp = try #require(ValueChange(.number(0.05), from: .number(0.04), of: churn))
        #expect(churnUp.text == "▲ 1.0 pts" && churnUp.tone == .bad)
        let down = try #require(ValueChange(.money(9_000), from: .money(12_000), of: revenue))
        #expect(down.text == "▼ 25.0%" && down.tone == .bad)
        #expect(ValueChange(.money(5), from: .money(5), of: revenue)?.text == "■ 0.0%")
        #expect(ValueChange(.money(0), from: .money(0), of: revenue)?.text == "■ 0%")
        // Scores move in points: NPS from −10 to 5 is 15 points, not a percentage of −10.
        let nps = try #require(ValueChange(.number(5), from: .number(-10), of: Catalog[.nps]))
        #expect(nps.text == "▲ 15.0 pts" && nps.tone == .good)
        #expect(ValueChange(.number(47.5), from: .number(50), of: Catalog[.avgEngagementScore])?.text == "▼ 2.5 pts")
        #expect(ValueChange(.money(5), from: .money(0), of: revenue) == nil)
        #expect(ValueChange(.none, from: .money(5), of: revenue) == nil)
        #expect(ValueFormat.axis(1_250_000, of: revenue, currency: "USD") == "$1.3M")
        #expect(ValueFormat.axis(0.35, of: winRate, currency: "USD") == "35%")
    }
}
