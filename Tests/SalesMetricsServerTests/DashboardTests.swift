import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SalesMetrics
import SalesMetricsIO
import SalesMetricsServer
import TestSupport
import Testing

@Suite struct DashboardTests {
    /// Signs in through the login form, as a browser does; returns the session cookie header.
    static func signIn(_ client: any TestClientProtocol, token: String) async throws -> String {
        let form = try await client.execute(uri: "/login?next=%2Ffunnel", method: .get)
        #expect(form.status == .ok)
        let setCookie = form.headers[.setCookie] ?? ""
        let csrf = String(setCookie.split(separator: ";")[0].dropFirst("sm_login=".count))
        #expect(form.text.contains("value=\"\(csrf)\""))
        let body = "csrf=\(csrf)&next=%2Ffunnel&token=\(token)"
        let response = try await client.execute(
            uri: "/login", method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "sm_login=\(csrf)"],
            body: ByteBuffer(string: body))
        #expect(response.status == .seeOther)
        #expect(response.headers[.location] == "/funnel")
        let session = response.headers[values: .setCookie].first { $0.hasPrefix("sm_session=") } ?? ""
        #expect(session.contains("HttpOnly"))
        #expect(session.contains("SameSite=Strict"))
        return String(session.split(separator: ";")[0])
    }

    @Test func pagesNeedASignIn() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            for path in ["/", "/metric/win_rate", "/funnel", "/sources", "/leads", "/customers"] {
                let r = try await client.execute(uri: path, method: .get)
                #expect(r.status == .found, "\(path)")
                #expect(r.headers[.location]?.hasPrefix("/login?next=") == true)
            }
            // A bearer token is not a browser session; a forged cookie neither.
            let forged = try await client.execute(uri: "/", method: .get, headers: [.cookie: "sm_session=abc"])
            #expect(forged.status == .found)
        }
    }

    @Test func loginChecksTokenAndCSRF() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            let noCSRF = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "token=\(f.viewer)"))
            #expect(noCSRF.status == .forbidden)
            let wrong = try await client.execute(
                uri: "/login", method: .post, headers: [.cookie: "sm_login=abc"],
                body: ByteBuffer(string: "csrf=abc&token=nope"))
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("unknown or revoked"))
            // Only local paths after signing in.
            let evil = try await client.execute(
                uri: "/login", method: .post, headers: [.cookie: "sm_login=abc"],
                body: ByteBuffer(string: "csrf=abc&next=https%3A%2F%2Fevil.example&token=\(f.viewer)"))
            #expect(evil.headers[.location] == "/")

            let cookie = try await Self.signIn(client, token: f.viewer)
            let page = try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok)
            // Sign-out needs the session's CSRF value.
            let refused = try await client.execute(
                uri: "/logout", method: .post, headers: [.cookie: cookie], body: ByteBuffer(string: "csrf=x"))
            #expect(refused.status == .forbidden)
            let csrf = page.text.components(separatedBy: "name=\"csrf\" value=\"")[1].prefix { $0 != "\"" }
            let out = try await client.execute(
                uri: "/logout", method: .post, headers: [.cookie: cookie], body: ByteBuffer(string: "csrf=\(csrf)"))
            #expect(out.status == .seeOther)
            #expect(try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]).status == .found)
        }
    }

    /// The Leads page: the verdict, the open leads with their reasons, the evaluation beside its
    /// baseline and the calibration chart; without leads, a sentence saying why.
    @Test func leadsPageShowsScoresAndTheirEvidence() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            let cookie = try await Self.signIn(client, token: f.viewer)
            let page = try await client.execute(uri: "/leads", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok)
            for text in [
                "Leads to call first", "class=\"verdict", "How well it has worked", "Source alone", "Naive Bayes",
                "<svg class=\"chart calibration\"", "<td><span class=\"reasons\">", "The model",
            ] {
                #expect(page.text.contains(text), "\(text)")
            }
            #expect(page.text.components(separatedBy: "class=\"bar predicted\"").count - 1 == 10)
            // The navigation keeps the view's options: the page takes them (and ignores them).
            let kept = try await client.execute(
                uri: "/leads?range=last-12-months&grain=quarter&filter=segment%3AEnterprise", method: .get,
                headers: [.cookie: cookie])
            #expect(kept.status == .ok)
            #expect(
                try await client.execute(uri: "/leads?x=1", method: .get, headers: [.cookie: cookie]).status
                    == .badRequest)
        }
        let empty = try ServerFixture(files: [.opportunities: ServerFixture.demo[.opportunities]!])
        defer { empty.remove() }
        try await empty.test { client in
            let cookie = try await Self.signIn(client, token: empty.viewer)
            let page = try await client.execute(uri: "/leads", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok)
            #expect(page.text.contains("No lead scores"))
        }
    }

    /// The Customers page: the backtest's verdict, the accounts at risk with what changed, churn
    /// by score band, and the paying accounts by MRR; without usage.csv, what to import.
    @Test func customersPageShowsEngagementAndItsEvidence() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            let cookie = try await Self.signIn(client, token: f.viewer)
            let page = try await client.execute(uri: "/customers", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok)
            for text in [
                "<h1>Customers", "class=\"verdict", "<h2>At risk", "What changed", "How well it has worked",
                "<svg class=\"chart bars\"", "Churn rate", "<h2>Paying accounts", "Engagement",
            ] {
                #expect(page.text.contains(text), "\(text)")
            }
        }
        let empty = try ServerFixture(files: [.subscriptions: ServerFixture.demo[.subscriptions]!])
        defer { empty.remove() }
        try await empty.test { client in
            let cookie = try await Self.signIn(client, token: empty.viewer)
            let page = try await client.execute(uri: "/customers", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok)
            #expect(page.text.contains("The engagement score needs usage.csv and subscriptions.csv"))
        }
    }

    @Test func pagesRenderWithChartsAndSecurityHeaders() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            let cookie = try await Self.signIn(client, token: f.viewer)
            let overview = try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie])
            #expect(overview.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            #expect(overview.headers[.contentType] == "text/html; charset=utf-8")
            for label in [
                "Lead conversion rate", "Average deal size", "Win rate", "Quota attainment", "Revenue growth",
                "Pipeline coverage", "Customer retention rate",
            ] {
                #expect(overview.text.contains(label), "\(label)")
            }
            #expect(overview.text.components(separatedBy: "class=\"card\"").count - 1 == Catalog.metrics.count)
            #expect(overview.text.contains("<svg class=\"spark\""))

            let metric = try await client.execute(
                uri: "/metric/total_revenue?by=segment", method: .get, headers: [.cookie: cookie])
            #expect(metric.status == .ok)
            #expect(metric.text.contains("<svg class=\"chart\""))
            #expect(metric.text.contains("<svg class=\"chart bars\""))
            #expect(metric.text.contains("Records behind the number"))

            // Reps by name (the id in the link and on hover), the count behind each ratio, small
            // groups marked.
            let byOwner = try await client.execute(
                uri: "/metric/win_rate?by=owner", method: .get, headers: [.cookie: cookie])
            #expect(byOwner.text.contains("filter=owner%3Ar0"))
            #expect(byOwner.text.contains("\" title=\"r0"))
            #expect(!byOwner.text.contains("\">r0"))
            #expect(byOwner.text.contains("<th class=\"num\">Based on</th>"))
            #expect(byOwner.text.contains(" deals"))
            #expect(byOwner.text.contains("class=\"sample\">from "))

            let funnel = try await client.execute(uri: "/funnel", method: .get, headers: [.cookie: cookie])
            #expect(funnel.text.contains("Median days in stage"))
            #expect(funnel.text.contains("Lost at this stage"))
            #expect(!funnel.text.contains("<td>Closed Lost</td>"))
            #expect(funnel.text.contains("<svg class=\"fbar\""))
            let sources = try await client.execute(uri: "/sources", method: .get, headers: [.cookie: cookie])
            #expect(sources.text.contains("Won revenue by source"))
            #expect(sources.text.contains("Spend (marketing + sales)"))

            for (uri, status) in [
                ("/metric/nope", HTTPResponse.Status.notFound), ("/?grain=day", .badRequest),
                ("/?filter=owner", .badRequest),
                ("/?range=forever", .badRequest),
            ] {
                let r = try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie])
                #expect(r.status == status, "\(uri)")
                #expect(r.text.contains("<h1>\(status.code)"), "\(uri)")
            }
        }
    }

    @Test func cachedPagesFollowTheData() async throws {
        let f = try ServerFixture(files: [.opportunities: ServerFixture.demo[.opportunities]!])
        defer { f.remove() }
        try await f.test { client in
            let cookie = try await Self.signIn(client, token: f.viewer)
            let before = try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie])
            #expect(before.text.contains("Needs leads.csv"))
            let imported = try await client.execute(
                uri: "/api/v1/import?entity=leads", method: .post, headers: ServerFixture.bearer(f.admin),
                body: ByteBuffer(bytes: ServerFixture.demo[.leads]!))
            #expect(imported.status == .ok)
            let after = try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie])
            #expect(!after.text.contains("Needs leads.csv"))
            // The cached page carries each user's own sign-out form.
            let other = try await Self.signIn(client, token: f.admin)
            let theirs = try await client.execute(uri: "/", method: .get, headers: [.cookie: other])
            #expect(theirs.text.contains("admin · admin"))
            #expect(after.text.contains("viewer · viewer"))
        }
    }

    /// Targets on the cards and as a goal line on the chart; a new target is on the next page
    /// (pages are cached by the targets version too).
    @Test func targetsShowOnCardsAndCharts() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            let cookie = try await Self.signIn(client, token: f.viewer)
            let uri = "/metric/total_revenue?period=2025-11"
            let before = try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie])
            #expect(!before.text.contains("class=\"goal\""))
            var admin = ServerFixture.bearer(f.admin)
            admin[.contentType] = "application/json"
            let set = try await client.execute(
                uri: "/api/v1/targets/revenue", method: .put, headers: admin,
                body: ByteBuffer(string: #"{"metric": "total_revenue", "at_least": 1000000000, "grains": ["month"]}"#))
            #expect(set.status == .created)
            let after = try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie])
            #expect(after.text.contains("<line class=\"goal\""))
            #expect(after.text.contains("target at least $1,000,000,000 · missed"))
            let overview = try await client.execute(uri: "/?period=2025-11", method: .get, headers: [.cookie: cookie])
            #expect(
                overview.text.contains(
                    "<span class=\"target missed\" title=\"revenue\">✗ target at least $1,000,000,000 · missed</span>"))
            // The default CLTV:CAC target of the demo is met.
            #expect(overview.text.contains("class=\"target met\" title=\"cltv-cac-3"))
            // Quarterly, the monthly target does not apply.
            let quarter = try await client.execute(uri: "/?grain=quarter", method: .get, headers: [.cookie: cookie])
            #expect(!quarter.text.contains("title=\"revenue\""))
        }
    }

    /// The Reviews page: the latest complete quarter by default, any month, quarter or year, and
    /// the document to download in each format.
    @Test func reviewsPageAndDownloads() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            let cookie = try await Self.signIn(client, token: f.viewer)
            let page = try await client.execute(uri: "/reviews", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok)
            #expect(page.text.contains("Quarterly review · 2025-Q4"))
            #expect(page.text.contains("aria-current=\"page\">Reviews</a>"))
            #expect(page.text.contains("<option value=\"2025-03\">2025-03</option>"))
            for section in ["Headline KPIs", "Biggest movers", "Reps", "Stage funnel", "Sources", "Subscriptions"] {
                #expect(page.text.contains("<h2>\(section)</h2>"), "\(section)")
            }
            let month = try await client.execute(
                uri: "/reviews?period=2025-03", method: .get, headers: [.cookie: cookie])
            #expect(month.text.contains("Monthly review · 2025-03") && !month.text.contains("<h2>Reps</h2>"))

            let markdown = try await client.execute(
                uri: "/reviews/download?period=2025-Q3&format=markdown", method: .get, headers: [.cookie: cookie])
            #expect(markdown.status == .ok)
            #expect(
                markdown.headers[HTTPField.Name("Content-Disposition")!] == "attachment; filename=\"review-2025-Q3.md\""
            )
            #expect(markdown.text.hasPrefix("# Quarterly review · 2025-Q3"))
            let json = try await client.execute(
                uri: "/reviews/download?period=2025&format=json", method: .get, headers: [.cookie: cookie])
            #expect(json.object["cadence"] as? String == "annual")
            let html = try await client.execute(
                uri: "/reviews/download?period=2025-Q3&format=html", method: .get, headers: [.cookie: cookie])
            #expect(html.text.hasPrefix("<!doctype html>") && html.text.contains("@page{size:A4"))

            // PDF: printed by Chromium where it is installed (CI), else a sentence naming the package.
            let pdf = try await client.execute(
                uri: "/reviews/download?period=2025-Q3&format=pdf", method: .get, headers: [.cookie: cookie])
            if PDFPrinter.browser() != nil {
                #expect(pdf.status == .ok && pdf.headers[.contentType] == "application/pdf")
                #expect(String(buffer: pdf.body).hasPrefix("%PDF"))
            } else {
                #expect(pdf.status == .serviceUnavailable && pdf.text.contains("apt-get install -y chromium"))
            }

            for uri in [
                "/reviews?period=2025-W05", "/reviews?period=2025-13", "/reviews/download?format=doc",
                "/reviews?colour=red", "/reviews?timezone=Mars/Base",
            ] {
                let r = try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie])
                #expect(r.status == .badRequest, "\(uri)")
            }
            let signedOut = try await client.execute(uri: "/reviews/download?format=markdown", method: .get)
            #expect(signedOut.status != .ok)
        }
    }

    @Test func emptyStatesSayWhatIsMissing() async throws {
        let f = try ServerFixture(files: [.opportunities: ServerFixture.demo[.opportunities]!])
        defer { f.remove() }
        try await f.test { client in
            let cookie = try await Self.signIn(client, token: f.viewer)
            let overview = try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie])
            #expect(overview.text.contains("Needs subscriptions.csv"))
            let churn = try await client.execute(uri: "/metric/churn_rate", method: .get, headers: [.cookie: cookie])
            #expect(churn.text.contains("Customer churn rate is computed from subscriptions.csv"))
            let funnel = try await client.execute(uri: "/funnel", method: .get, headers: [.cookie: cookie])
            #expect(funnel.text.contains("The funnel needs stage_history.csv"))
            let filtered = try await client.execute(
                uri: "/metric/cac?filter=owner:nobody", method: .get, headers: [.cookie: cookie])
            #expect(filtered.status == .ok)
        }
    }

    /// The records a metric page lists are exactly the ones its number counts.
    @Test func drillDownCountsEqualTheMetric() throws {
        let dataset = try DatasetReader().read(files: ServerFixture.demo).dataset
        let options = ReportOptions(
            grain: .month, from: CivilDate.parse("2025-01-01")!, to: CivilDate.parse("2026-01-01")!, breakdown: .segment
        )
        let report = try Engine.report(dataset, options)
        var checked = 0
        for period in report.periods {
            for (id, selection) in [
                ("deals_won", DrillDown.Selection.won), ("leads_created", .leadsCreated),
                ("open_pipeline_count", .openAtEnd), ("qualified_leads", .leadsQualified),
            ] {
                let rows = DrillDown.rows(selection, in: dataset, options: options, period: period.label)
                #expect(period.metrics[id] == .count(Int64(rows.count)), "\(id) \(period.label)")
                for group in period.groups {
                    let inGroup = DrillDown.rows(
                        selection, in: dataset, options: options, period: period.label, group: (.segment, group.key))
                    #expect(group.metrics[id] == .count(Int64(inGroup.count)), "\(id) \(period.label) \(group.key)")
                }
                checked += rows.count
            }
            // Won revenue is the sum of the listed deals.
            let won = DrillDown.rows(.won, in: dataset, options: options, period: period.label)
            let records = DrillDown.records(won, of: .opportunities, in: dataset, zone: .utc, currency: "USD")
            #expect(period.metrics["total_revenue"] == .money(records.amounts.reduce(Int128(0)) { $0 + Int128($1) }))
        }
        #expect(checked > 0)
    }

    /// Whole pages against golden files (UPDATE_GOLDEN=1 rewrites them), with the session's random values masked.
    @Test func pageSnapshots() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            let cookie = try await Self.signIn(client, token: f.viewer)
            for (name, uri) in [
                ("overview", "/?range=last-quarter&grain=month"),
                ("metric-win-rate", "/metric/win_rate?by=owner&period=2025-11"),
                ("funnel", "/funnel?grain=quarter&filter=segment:Enterprise"),
                ("sources", "/sources?grain=year&range=custom&from=2025-01-01&to=2026-01-01"),
                ("leads", "/leads"),
                ("customers", "/customers"),
            ] {
                let page = try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie])
                #expect(page.status == .ok, "\(uri)")
                let masked = page.text.replacingOccurrences(
                    of: "name=\"csrf\" value=\"[0-9a-f]+\"", with: "name=\"csrf\" value=\"…\"",
                    options: .regularExpression
                ).replacingOccurrences(
                    of: "scored [0-9T:Z-]+;", with: "scored …;", options: .regularExpression)
                try Golden.check(masked, "\(name).html")
            }
        }
    }
}

enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let problem = try GoldenFile.check(actual, at: folder.appendingPathComponent(name))
        #expect(problem == nil, "\(problem ?? "")", sourceLocation: sourceLocation)
    }
}
