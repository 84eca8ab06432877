import Foundation
import HTTPTypes
import HummingbirdTesting
import SalesMetrics
import SalesMetricsIO
import Testing

@testable import SalesMetricsServer

/// The dashboard's markup type: text is escaped by construction, markup is never escaped twice.
@Suite struct HTMLTests {
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

    /// Names from the data that are markup, on every page: shown as text, never run.
    @Test func hostileNamesInTheDataStayText() async throws {
        var files = ServerFixture.demo
        let reps = String(decoding: files[.reps]!, as: UTF8.self)
        var lines = reps.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        var first = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        first[header.firstIndex(of: "name")!] = "\"<img src=x onerror=alert(1)>\""
        first[header.firstIndex(of: "team")!] = "\"\"\"><script>alert(2)</script>\""
        lines[1] = first.joined(separator: ",")
        files[.reps] = Array((lines.joined(separator: "\n") + "\n").utf8)
        let f = try ServerFixture(files: files)
        defer { f.remove() }
        try await f.test { client in
            let cookie = try await DashboardTests.signIn(client, token: f.viewer)
            for uri in [
                "/", "/metric/total_revenue?by=owner", "/metric/total_revenue?by=team", "/funnel", "/sources",
                "/?filter=team:%22%3E%3Cscript%3Ealert(2)%3C/script%3E",
            ] {
                let page = try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie])
                #expect(page.status == .ok, "\(uri)")
                #expect(!page.text.contains("<script"), "\(uri)")
                #expect(!page.text.contains("<img"), "\(uri)")
            }
            let byTeam = try await client.execute(
                uri: "/metric/total_revenue?by=team", method: .get, headers: [.cookie: cookie])
            #expect(byTeam.text.contains("&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"))
        }
    }
}
