import Foundation
import HTTPTypes
import HummingbirdTesting
import SalesMetrics
import SalesMetricsIO
import Testing

@testable import SalesMetricsServer

/// The dashboard escapes what the data holds, on every page (the HTML type: Tests/SalesMetricsTests/RenderTests).
@Suite struct HostileNamesTests {
    /// Every rep and account named with markup, and a lead attribute holding some: the Leads and
    /// Customers pages show them as text.
    @Test func hostileNamesOnTheScorePages() async throws {
        var files = ServerFixture.demo
        func rename(_ table: SalesMetrics.Table, _ column: String, _ value: String) {
            let text = String(decoding: files[table]!, as: UTF8.self)
            var lines = text.split(separator: "\n").map(String.init)
            let header = lines[0].split(separator: ",").map(String.init)
            let c = header.firstIndex(of: column)!
            for i in 1..<lines.count {
                var cells = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                cells[c] = value
                lines[i] = cells.joined(separator: ",")
            }
            files[table] = Array((lines.joined(separator: "\n") + "\n").utf8)
        }
        rename(.reps, "name", "\"<script>alert(1)</script>\"")
        rename(.accounts, "name", "\"<img src=x onerror=alert(3)>\"")
        let f = try ServerFixture(files: files)
        defer { f.remove() }
        try await f.test { client in
            let cookie = try await DashboardTests.signIn(client, token: f.viewer)
            for uri in ["/leads", "/customers"] {
                let page = try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie])
                #expect(page.status == .ok, "\(uri)")
                #expect(!page.text.contains("<script"), "\(uri)")
                #expect(!page.text.contains("<img"), "\(uri)")
            }
            let leads = try await client.execute(uri: "/leads", method: .get, headers: [.cookie: cookie])
            #expect(leads.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            let customers = try await client.execute(uri: "/customers", method: .get, headers: [.cookie: cookie])
            #expect(customers.text.contains("&lt;img src=x onerror=alert(3)&gt;"))
        }
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
