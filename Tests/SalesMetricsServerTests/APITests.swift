import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SalesMetrics
import SalesMetricsIO
import SalesMetricsServer
import Testing

@Suite struct APITests {
    static let dataRoutes: [(HTTPRequest.Method, String)] = [
        (.get, "/api/v1/report"), (.get, "/api/v1/metrics"), (.get, "/api/v1/records/opportunities"),
        (.post, "/api/v1/import?entity=leads"), (.put, "/api/v1/leads/L1"), (.delete, "/api/v1/leads/L1"),
        (.get, "/metrics"), (.get, "/api/v1/targets"), (.get, "/api/v1/target-status"),
        (.put, "/api/v1/targets/win"), (.delete, "/api/v1/targets/cltv-cac-3"), (.get, "/api/v1/leads/scores"),
    ]

    @Test func everyDataRouteNeedsAToken() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            for (method, uri) in Self.dataRoutes {
                let none = try await client.execute(uri: uri, method: method)
                #expect(none.status == .unauthorized, "\(method) \(uri)")
                #expect(none.errorMessage.contains("Bearer"), "\(method) \(uri)")
                let wrong = try await client.execute(
                    uri: uri, method: method, headers: ServerFixture.bearer("smk_nope"))
                #expect(wrong.status == .unauthorized, "\(method) \(uri)")
                let malformed = try await client.execute(
                    uri: uri, method: method, headers: [.authorization: "Basic abc"])
                #expect(malformed.status == .unauthorized, "\(method) \(uri)")
            }
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(health.text == "{\"status\":\"ok\"}\n")
        }
    }

    @Test func viewersReadButCannotWrite() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            let viewer = ServerFixture.bearer(f.viewer)
            #expect(try await client.execute(uri: "/api/v1/metrics", method: .get, headers: viewer).status == .ok)
            for (method, uri) in Self.dataRoutes where method != .get {
                let r = try await client.execute(
                    uri: uri, method: method, headers: viewer, body: ByteBuffer(string: "x"))
                #expect(r.status == .forbidden, "\(method) \(uri)")
                #expect(r.errorMessage.contains("admin"))
            }
        }
    }

    /// The open leads by score, a page at a time, with the model and its evaluation; the scores
    /// shown are stored with their time and model version.
    @Test func leadScoresArePagedAndStored() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        let dataset = try f.store.loadDataset()
        let expected = try LeadScores(
            dataset, options: LeadScoreOptions(asOf: LeadScores.defaultAsOf(dataset, timezone: "UTC")!))
        try await f.test { client in
            let viewer = ServerFixture.bearer(f.viewer)
            let first = try await client.execute(uri: "/api/v1/leads/scores?limit=5", method: .get, headers: viewer)
            #expect(first.status == .ok)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(first.text.utf8)) as? [String: Any])
            let leads = try #require(body["leads"] as? [[String: Any]])
            #expect(leads.map { $0["lead_id"] as? String } == expected.leads.prefix(5).map(\.id))
            #expect(body["open_leads"] as? Int == expected.leads.count)
            #expect((body["model"] as? [String: Any])?["version"] as? String == expected.version)
            #expect((body["scored_at"] as? String)?.hasSuffix("Z") == true)
            #expect(body["evaluation"] is [String: Any])
            let next = try await client.execute(
                uri: "/api/v1/leads/scores?limit=5&offset=5", method: .get, headers: viewer)
            let page = try JSONSerialization.jsonObject(with: Data(next.text.utf8)) as? [String: Any]
            #expect(
                (page?["leads"] as? [[String: Any]])?.map { $0["lead_id"] as? String }
                    == expected.leads.dropFirst(5).prefix(5).map(\.id))
            for bad in ["limit=0", "limit=1001", "offset=-1", "as_of=2024-01-01"] {
                let r = try await client.execute(uri: "/api/v1/leads/scores?\(bad)", method: .get, headers: viewer)
                #expect(r.status == .badRequest, "\(bad)")
            }
        }
        let stored = try f.store.leadScores()
        #expect(stored.count == expected.leads.count)
        #expect(stored.first?.leadId == expected.leads.first?.id)
        #expect(
            stored.allSatisfy {
                $0.modelVersion == expected.version && $0.asOf == CivilDate.format(expected.options.asOf)
            })
    }

    /// `serve --attribute-kind` reaches the score: a name that is no attribute is said so.
    @Test func declaredAttributeKindsReachTheScore() async throws {
        var configuration = ServerConfiguration()
        configuration.attributeKinds = ["nope": .category]
        let f = try ServerFixture(configuration: configuration)
        defer { f.remove() }
        try await f.test { client in
            let r = try await client.execute(
                uri: "/api/v1/leads/scores", method: .get, headers: ServerFixture.bearer(f.viewer))
            #expect(r.status == .notFound)
            #expect(r.errorMessage.contains("no attribute is named \"nope\""), "\(r.errorMessage)")
        }
    }

    @Test func dataWithoutLeadsHasNoScores() async throws {
        let f = try ServerFixture(files: [.opportunities: ServerFixture.demo[.opportunities]!])
        defer { f.remove() }
        try await f.test { client in
            let r = try await client.execute(
                uri: "/api/v1/leads/scores", method: .get, headers: ServerFixture.bearer(f.viewer))
            #expect(r.status == .notFound)
            #expect(r.errorMessage.contains("there are no leads to score"))
        }
    }

    @Test func reportIsTheCLIsJSON() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        let dataset = try f.store.loadDataset()
        var options = ReportOptions(
            grain: .quarter, from: CivilDate.parse("2024-01-01")!, to: CivilDate.parse("2025-07-01")!)
        options.breakdown = .segment
        let expected = try Engine.report(dataset, options).json()
        try await f.test { client in
            let uri = "/api/v1/report?from=2024-01-01&to=2025-07-01&grain=quarter&by=segment"
            let r = try await client.execute(uri: uri, method: .get, headers: ServerFixture.bearer(f.viewer))
            #expect(r.status == .ok)
            #expect(r.headers[.contentType] == "application/json; charset=utf-8")
            #expect(r.text == expected)
            // Cached: the same bytes again.
            #expect(
                try await client.execute(uri: uri, method: .get, headers: ServerFixture.bearer(f.viewer)).text
                    == expected)
            // Default range: the last 12 months of data, as in the CLI.
            let defaults = try await client.execute(
                uri: "/api/v1/report?metrics=deals_won", method: .get, headers: ServerFixture.bearer(f.viewer))
            let periods = defaults.object["periods"] as? [[String: Any]] ?? []
            #expect(periods.count == 12)
            #expect(periods.last?["label"] as? String == "2025-12")
        }
    }

    @Test func badReportParametersAre400WithASentence() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        let cases: [(String, String)] = [
            ("metrics=win_rate,nope", "Unknown metric id 'nope'"),
            ("from=2024-13-01", "from \"2024-13-01\" is not a date"),
            ("from=2025-01-01&to=2024-01-01", "The range is empty"),
            ("grain=day", "grain \"day\" is not one of week, month, quarter, year"),
            ("by=country", "by \"country\" is not one of"),
            ("timezone=Mars/Base", "Unknown time zone 'Mars/Base'"),
            ("fiscal_year_start_month=13", "fiscal_year_start_month must be a whole number from 1 to 12"),
            ("form=2024-01-01", "Unknown parameter 'form'"),
            ("currency=%3Cscript%3E", "three-letter code"),
        ]
        try await f.test { client in
            for (query, message) in cases {
                let r = try await client.execute(
                    uri: "/api/v1/report?" + query, method: .get, headers: ServerFixture.bearer(f.viewer))
                #expect(r.status == .badRequest, "\(query)")
                #expect(r.errorMessage.contains(message), "\(query): \(r.errorMessage)")
            }
            let unknown = try await client.execute(
                uri: "/api/v1/nothing/here/at/all", method: .get, headers: ServerFixture.bearer(f.viewer))
            #expect(unknown.status == .notFound)
            #expect(unknown.errorMessage.contains("openapi.json"))
        }
    }

    @Test func catalogAndRecords() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            let viewer = ServerFixture.bearer(f.viewer)
            let catalog = try await client.execute(uri: "/api/v1/metrics", method: .get, headers: viewer)
            let metrics = catalog.object["metrics"] as? [[String: Any]] ?? []
            #expect(metrics.map { $0["id"] as? String ?? "" } == Catalog.ids)
            #expect(metrics.first { $0["id"] as? String == "cac" }?["dimensions"] as? [String] == [])

            let page = try await client.execute(
                uri: "/api/v1/records/reps?limit=2&offset=1", method: .get, headers: viewer)
            #expect(page.status == .ok)
            let reps = try DatasetReader().read(files: [.reps: ServerFixture.demo[.reps]!]).dataset.reps!
            #expect(page.object["total"] as? Int == reps.id.count)
            let records = page.object["records"] as? [[String: Any]] ?? []
            #expect(records.count == min(2, reps.id.count - 1))
            let firstId = records.first?["rep_id"] as? String
            let one = try await client.execute(
                uri: "/api/v1/records/reps?rep_id=\(firstId ?? "")", method: .get, headers: viewer)
            #expect(one.object["total"] as? Int == 1)
            // Empty values are explicit nulls.
            #expect((one.object["records"] as? [[String: Any]])?.first?.keys.count == TableSchema.columns(.reps).count)

            for (uri, status, message) in [
                ("/api/v1/records/widgets", HTTPResponse.Status.notFound, "Unknown entity 'widgets'"),
                ("/api/v1/records/reps?colour=red", .badRequest, "Unknown parameter 'colour'"),
                ("/api/v1/records/reps?limit=5000", .badRequest, "limit must be a whole number from 1 to 1000"),
            ] {
                let r = try await client.execute(uri: uri, method: .get, headers: viewer)
                #expect(r.status == status, "\(uri)")
                #expect(r.errorMessage.contains(message), "\(uri): \(r.errorMessage)")
            }
        }
    }

    @Test func importIsAllOrNothingAndSeenByTheNextReport() async throws {
        let f = try ServerFixture(files: [:])
        defer { f.remove() }
        try await f.test { client in
            let admin = ServerFixture.bearer(f.admin)
            let good = try await client.execute(
                uri: "/api/v1/import?entity=opportunities", method: .post, headers: admin,
                body: ByteBuffer(bytes: ServerFixture.demo[.opportunities]!))
            #expect(good.status == .ok, "\(good.text)")
            let inserted = ((good.object["tables"] as? [String: Any])?["opportunities"] as? [String: Int])?["inserted"]
            #expect(
                inserted
                    == (try DatasetReader().read(files: [.opportunities: ServerFixture.demo[.opportunities]!]).dataset
                        .rowCount(.opportunities)))
            let won = try await client.execute(
                uri: "/api/v1/report?metrics=deals_won&grain=year&from=2025-01-01&to=2026-01-01", method: .get,
                headers: admin)
            #expect(
                (won.object["periods"] as? [[String: Any]])?.first.flatMap {
                    ($0["metrics"] as? [String: Any])?["deals_won"] as? Int
                } ?? 0 > 0)

            // A bad file: every problem listed, nothing changed.
            let bad =
                "opportunity_id,account_id,owner_id,created_at,closed_at,status,amount\nX1,A1,R1,2025-01-01,,won,12\nX2,A1,R1,yesterday,,open,5x\n"
            let refused = try await client.execute(
                uri: "/api/v1/import?entity=opportunities", method: .post, headers: admin, body: ByteBuffer(string: bad)
            )
            #expect(refused.status == .unprocessableContent)
            let issues = (refused.object["error"] as? [String: Any])?["issues"] as? [[String: Any]] ?? []
            #expect(issues.count >= 3)
            #expect(issues.contains { $0["line"] as? Int == 3 && $0["column"] as? String == "amount" })
            let after = try await client.execute(
                uri: "/api/v1/records/opportunities?opportunity_id=X1", method: .get, headers: admin)
            #expect(after.object["total"] as? Int == 0)

            // Multipart: one file per entity.
            let boundary = "sm-boundary-1"
            var body = ""
            for table in [SalesMetrics.Table.reps, .leads] {
                body +=
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(table.fileName)\"\r\nContent-Type: text/csv\r\n\r\n"
                body += String(decoding: ServerFixture.demo[table]!, as: UTF8.self) + "\r\n"
            }
            body += "--\(boundary)--\r\n"
            let multipart = try await client.execute(
                uri: "/api/v1/import", method: .post,
                headers: [
                    .authorization: "Bearer \(f.admin)", .contentType: "multipart/form-data; boundary=\(boundary)",
                ],
                body: ByteBuffer(string: body))
            #expect(multipart.status == .ok, "\(multipart.text)")
            #expect(Set((multipart.object["tables"] as? [String: Any])?.keys.map { $0 } ?? []) == ["reps", "leads"])

            for (uri, headers, text, status, message) in [
                ("/api/v1/import", admin, "a,b\n", HTTPResponse.Status.badRequest, "Say which entity"),
                ("/api/v1/import?entity=widgets", admin, "a\n", .badRequest, "Unknown entity 'widgets'"),
                (
                    "/api/v1/import",
                    [.authorization: "Bearer \(f.admin)", .contentType: "multipart/form-data; boundary=zz"],
                    "--zz\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nunterminated", .badRequest, "malformed"
                ),
                ("/api/v1/import?entity=leads", admin, "\u{0}\u{1}\u{2}binary\u{FF}", .unprocessableContent, "refused"),
            ] {
                let r = try await client.execute(
                    uri: uri, method: .post, headers: headers, body: ByteBuffer(string: text))
                #expect(r.status == status, "\(uri) \(text)")
                #expect(r.errorMessage.contains(message), "\(uri): \(r.errorMessage)")
            }
        }
    }

    /// Reports running while an import commits see the old or the new data, never a mix.
    @Test func readersNeverSeeHalfAnImport() async throws {
        let all = ServerFixture.demo[.opportunities]!
        let lines = String(decoding: all, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        let half = Array((lines.prefix(lines.count / 2).joined(separator: "\n") + "\n").utf8)
        let f = try ServerFixture(files: [.opportunities: half])
        defer { f.remove() }
        let uri = "/api/v1/report?metrics=deals_won&grain=year&from=2023-01-01&to=2026-01-01"
        @Sendable func total(_ r: TestResponse) -> Int {
            (r.object["periods"] as? [[String: Any]] ?? []).reduce(0) {
                $0 + (($1["metrics"] as? [String: Any])?["deals_won"] as? Int ?? 0)
            }
        }
        try await f.test { client in
            let before = total(
                try await client.execute(uri: uri, method: .get, headers: ServerFixture.bearer(f.viewer)))
            let seen = try await withThrowingTaskGroup(of: Int?.self) { group in
                group.addTask {
                    let r = try await client.execute(
                        uri: "/api/v1/import?entity=opportunities", method: .post,
                        headers: ServerFixture.bearer(f.admin),
                        body: ByteBuffer(bytes: all))
                    #expect(r.status == .ok)
                    return nil
                }
                for _ in 0..<40 {
                    group.addTask {
                        total(try await client.execute(uri: uri, method: .get, headers: ServerFixture.bearer(f.viewer)))
                    }
                }
                var out: [Int] = []
                for try await value in group { if let value { out.append(value) } }
                return out
            }
            let after = total(try await client.execute(uri: uri, method: .get, headers: ServerFixture.bearer(f.viewer)))
            #expect(after > before)
            for value in seen { #expect(value == before || value == after) }
        }
    }

    @Test func oversizedBodiesAre413() async throws {
        var configuration = ServerConfiguration()
        configuration.maxImportBytes = 1000
        configuration.maxBodyBytes = 100
        let f = try ServerFixture(files: [:], configuration: configuration)
        defer { f.remove() }
        try await f.test { client in
            let big = ByteBuffer(string: String(repeating: "a", count: 5000))
            let r = try await client.execute(
                uri: "/api/v1/import?entity=leads", method: .post, headers: ServerFixture.bearer(f.admin), body: big)
            #expect(r.status == .contentTooLarge)
            #expect(r.errorMessage.contains("1000 bytes"))
            let put = try await client.execute(
                uri: "/api/v1/leads/L1", method: .put, headers: ServerFixture.bearer(f.admin), body: big)
            #expect(put.status == .contentTooLarge)
        }
    }

    @Test func putAndDeleteOneRecord() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            let admin = ServerFixture.bearer(f.admin)
            let record = #"{"account_id":"ACME-1","name":"Acme","segment":"Enterprise","region":"EMEA"}"#
            let created = try await client.execute(
                uri: "/api/v1/accounts/ACME-1", method: .put, headers: admin, body: ByteBuffer(string: record))
            #expect(created.status == .created, "\(created.text)")
            #expect(created.object["result"] as? String == "inserted")
            let again = try await client.execute(
                uri: "/api/v1/accounts/ACME-1", method: .put, headers: admin, body: ByteBuffer(string: record))
            #expect(again.status == .ok)
            #expect(again.object["result"] as? String == "unchanged")
            let moved = try await client.execute(
                uri: "/api/v1/accounts/ACME-1", method: .put, headers: admin,
                body: ByteBuffer(string: #"{"segment":"SMB"}"#))
            #expect(moved.object["result"] as? String == "updated", "\(moved.text)")
            let stored = try await client.execute(
                uri: "/api/v1/records/accounts?account_id=ACME-1", method: .get, headers: admin)
            let row = (stored.object["records"] as? [[String: Any]])?.first
            #expect(row?["segment"] as? String == "SMB")
            #expect(row?["name"] as? String == "Acme")

            for (uri, body, status, message) in [
                ("/api/v1/accounts/ACME-1", "{not json", HTTPResponse.Status.badRequest, "one JSON object"),
                ("/api/v1/accounts/ACME-1", "[1,2]", .badRequest, "one JSON object"),
                ("/api/v1/accounts/ACME-1", #"{"colour":"red"}"#, .unprocessableContent, "no column 'colour'"),
                ("/api/v1/accounts/ACME-1", #"{"account_id":"OTHER"}"#, .unprocessableContent, "differs from the id"),
                (
                    "/api/v1/opportunities/O-NEW", #"{"amount":"12,5x","status":"open","created_at":"2025-01-01"}"#,
                    .unprocessableContent, "refused"
                ),
                ("/api/v1/spend/x", "{}", .notFound, "no ids"),
                ("/api/v1/widgets/x", "{}", .notFound, "Unknown entity"),
            ] {
                let r = try await client.execute(uri: uri, method: .put, headers: admin, body: ByteBuffer(string: body))
                #expect(r.status == status, "\(uri) \(body)")
                #expect(r.errorMessage.contains(message), "\(uri) \(body): \(r.errorMessage)")
            }

            #expect(
                try await client.execute(uri: "/api/v1/accounts/ACME-1", method: .delete, headers: admin).status
                    == .noContent)
            let gone = try await client.execute(uri: "/api/v1/accounts/ACME-1", method: .delete, headers: admin)
            #expect(gone.status == .notFound)
            #expect(gone.errorMessage.contains("no row with id \"ACME-1\""))
        }
    }

    @Test func revokedTokensStopWorking() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            let before = try await client.execute(
                uri: "/api/v1/metrics", method: .get, headers: ServerFixture.bearer(f.viewer))
            #expect(before.status == .ok)
            let revoked = try f.store.revokeToken(name: "viewer")
            #expect(revoked)
            let after = try await client.execute(
                uri: "/api/v1/metrics", method: .get, headers: ServerFixture.bearer(f.viewer))
            #expect(after.status == .unauthorized)
        }
        // Only hashes are stored.
        let stored = try f.store.tokens()
        #expect(stored.count == 2)
        #expect(try f.store.token(hash: f.admin) == nil)
        #expect(try f.store.token(hash: Secret.hash(f.admin))?.name == "admin")
    }

    @Test func prometheusMetricsCountRequests() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            _ = try await client.execute(uri: "/api/v1/metrics", method: .get, headers: ServerFixture.bearer(f.viewer))
            let r = try await client.execute(uri: "/metrics", method: .get, headers: ServerFixture.bearer(f.viewer))
            #expect(r.status == .ok)
            #expect(r.text.contains("salesmetrics_http_requests_total{method=\"GET\",status=\"2xx\"}"))
            #expect(r.text.contains("salesmetrics_http_request_duration_seconds_bucket"))
            #expect(r.text.contains("salesmetrics_data_version 1"))
        }
    }

    /// Every route the router has is in the OpenAPI document with its method, and every documented route exists.
    @Test func openAPIDocumentsEveryRoute() async throws {
        let f = try ServerFixture(files: [:])
        defer { f.remove() }
        let document = try await f.test2 { client in
            try await client.execute(uri: "/api/v1/openapi.json", method: .get)
        }
        #expect(document.status == .ok)
        let paths = document.object["paths"] as? [String: [String: Any]] ?? [:]
        #expect(document.object["openapi"] as? String == "3.1.0")
        func normalise(_ path: String) -> String {
            path.split(separator: "/").map { $0.hasPrefix(":") || $0.hasPrefix("{") ? "{}" : String($0) }.joined(
                separator: "/")
        }
        let documented = Set(paths.flatMap { path, ops in ops.keys.map { "\($0.uppercased()) \(normalise(path))" } })
        // The two answers for entities that do not exist (or have no ids) are 404s, not operations.
        let fallbacks: Set = [
            "GET api/v1/records/{}", "PUT api/v1/{}/{}", "DELETE api/v1/{}/{}", "POST api/v1/{}/batch",
        ]
        let apiRoutes = f.router.routes
            .map { "\($0.method.rawValue) \(normalise($0.path.description))" }
            .filter { $0.contains(" api/") || $0.hasSuffix(" metrics") || $0.hasSuffix(" healthz") }
            .filter { !fallbacks.contains($0) }
        // health, Prometheus, this document, report, catalog; records of each entity; import;
        // upsert and delete of each entity with ids; a batch of each entity; targets: list,
        // status, set, remove; lead scores.
        let withIds = Table.allCases.filter { RowIdentity.of($0).idColumn != nil }
        #expect(apiRoutes.count == 5 + 2 * Table.allCases.count + 1 + 2 * withIds.count + 4 + 1)
        for route in apiRoutes { #expect(documented.contains(route), "\(route) is not in openapi.json") }
        for route in documented { #expect(apiRoutes.contains(route), "\(route) is documented but not served") }
        // Built from the types: every metric, entity and column is in it.
        let text = document.text
        for key in MetricKey.allCases { #expect(text.contains("\"\(key.rawValue)\"")) }
        for table in Table.allCases {
            #expect(paths["/api/v1/records/\(table.rawValue)"] != nil)
            for column in TableSchema.columns(table) { #expect(text.contains("\"\(column.name)\"")) }
        }
    }

    /// A path of the API answers 405 with Allow for the methods it does not have, before access checks.
    @Test func undeclaredMethodsAre405() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            let admin = ServerFixture.bearer(f.admin)
            for (method, uri, allow) in [
                (HTTPRequest.Method.post, "/api/v1/report", "GET"), (.delete, "/api/v1/metrics", "GET"),
                (.patch, "/healthz", "GET"), (.put, "/api/v1/records/reps", "GET"),
                (.get, "/api/v1/reps/r1", "PUT, DELETE"), (.patch, "/api/v1/opportunities/o1", "PUT, DELETE"),
                (.get, "/api/v1/import", "POST"), (.options, "/api/v1/openapi.json", "GET"),
                (HTTPRequest.Method(rawValue: "QUERY")!, "/api/v1/report", "GET"),
            ] {
                for headers in [admin, [:]] {
                    let r = try await client.execute(uri: uri, method: method, headers: headers)
                    #expect(r.status == .methodNotAllowed, "\(method) \(uri)")
                    #expect(r.headers[.allow] == allow, "\(method) \(uri)")
                    #expect(r.errorMessage.contains("it takes \(allow)"), "\(method) \(uri): \(r.errorMessage)")
                }
            }
            // Paths that are not the API's are still 404s with a sentence.
            for (method, uri, message) in [
                (HTTPRequest.Method.get, "/api/v1/records/widgets", "Unknown entity 'widgets'"),
                (.put, "/api/v1/widgets/x", "Unknown entity 'widgets'"),
                (.delete, "/api/v1/spend/x", "no ids"),
            ] {
                let r = try await client.execute(uri: uri, method: method, headers: admin)
                #expect(r.status == .notFound, "\(method) \(uri)")
                #expect(r.errorMessage.contains(message), "\(method) \(uri): \(r.errorMessage)")
            }
        }
    }

    /// The API takes parameters as its document writes them; the dashboard's forms may leave fields blank.
    @Test func apiParametersAreTakenAsWritten() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            let viewer = ServerFixture.bearer(f.viewer)
            for (query, message) in [
                ("to=", "to \"\" is not a date"), ("grain=", "grain \"\" is not one of"),
                ("metrics=win_rate,", "empty item"), ("metrics=win_rate,%20total_revenue", "Unknown metric"),
                ("fiscal_year_start_month=", "must be a whole number"),
            ] {
                let r = try await client.execute(uri: "/api/v1/report?" + query, method: .get, headers: viewer)
                #expect(r.status == .badRequest, "\(query)")
                #expect(r.errorMessage.contains(message), "\(query): \(r.errorMessage)")
            }
            let ok = try await client.execute(
                uri: "/api/v1/report?metrics=win_rate,total_revenue", method: .get, headers: viewer)
            #expect(ok.status == .ok)
        }
    }
}

extension ServerFixture {
    func test2<T: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await Application(router: router).test(.router, body)
    }
}
