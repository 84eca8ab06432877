import Foundation
import HTTPTypes
import HummingbirdTesting
import SalesMetrics
import SalesMetricsIO
import Testing

@testable import SalesMetricsServer

/// The dashboard escapes what the data holds, on every page (the HTML type: Tests/SalesMetricsTests/RenderTests).
@Suite struct HostileNamesTests {
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
