import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SalesMetrics
import SalesMetricsIO
import Testing

@testable import SalesMetricsServer

/// `POST /api/v1/{entity}/batch`: JSON arrays and NDJSON, all or nothing, idempotent, bounded.
@Suite struct BatchAPITests {
    static let records = """
        [{"account_id":"B-1","name":"Bravo","segment":"SMB"},
         {"account_id":"B-2","name":"Charlie","segment":"Enterprise"}]
        """

    @Test func batchesAreAllOrNothingAndIdempotent() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            var admin = ServerFixture.bearer(f.admin)
            admin[.contentType] = "application/json"
            func post(_ uri: String, _ body: String, headers: HTTPFields? = nil) async throws -> TestResponse {
                try await client.execute(
                    uri: uri, method: .post, headers: headers ?? admin, body: ByteBuffer(string: body))
            }
            let first = try await post("/api/v1/accounts/batch", Self.records)
            #expect(first.status == .ok, "\(first.text)")
            let counts = (first.object["tables"] as? [String: Any])?["accounts"] as? [String: Int]
            #expect(counts == ["inserted": 2, "updated": 0, "unchanged": 0], "\(first.text)")
            let version = try f.store.dataVersion()
            // The same batch again changes nothing, and leaves the data version (and the caches).
            let again = try await post("/api/v1/accounts/batch", Self.records)
            #expect(((again.object["tables"] as? [String: Any])?["accounts"] as? [String: Int])?["unchanged"] == 2)
            #expect(try f.store.dataVersion() == version)
            // NDJSON: one record a line.
            var ndjson = admin
            ndjson[.contentType] = "application/x-ndjson"
            let lines =
                #"{"account_id":"B-1","segment":"Mid-Market"}"# + "\n" + #"{"account_id":"B-3","segment":"SMB"}"#
                + "\n"
            let nd = try await post("/api/v1/accounts/batch", lines, headers: ndjson)
            #expect(
                ((nd.object["tables"] as? [String: Any])?["accounts"] as? [String: Int])
                    == ["inserted": 1, "updated": 1, "unchanged": 0], "\(nd.text)")
            let stored = try f.store.records(.accounts, matching: ["account_id": "B-1"], limit: 1, offset: 0)
            #expect(stored.rows.first?[1] == "Bravo")  // name kept: the batch did not carry it
            // One bad record refuses the whole batch, naming the record.
            let bad = try await post(
                "/api/v1/opportunities/batch",
                #"[{"opportunity_id":"N-1","created_at":"2025-01-01","status":"open","amount":"5"},"#
                    + #"{"opportunity_id":"N-2","created_at":"2025-01-01","status":"maybe","amount":"5"}]"#)
            #expect(bad.status == .unprocessableContent, "\(bad.text)")
            #expect(bad.text.contains("record 2:"), "\(bad.text)")
            #expect(
                try f.store.records(.opportunities, matching: ["opportunity_id": "N-1"], limit: 1, offset: 0).total == 0
            )
            // Tables without ids take batches too (replaced per natural key).
            let spend = try await post(
                "/api/v1/spend/batch", #"[{"date":"2025-01-01","category":"marketing","channel":"Web","amount":12}]"#)
            #expect(spend.status == .ok, "\(spend.text)")
        }
    }

    /// Records are counted before they are decoded; braces inside strings and nested values do not count.
    @Test func recordsAreCountedBeforeDecoding() {
        #expect(BatchBody.topLevelObjects(Array(#"[{"a":"}{"},{"b":{"c":1}},{"d":"\"{"}]"#.utf8)) == 3)
        #expect(BatchBody.topLevelObjects(Array("[]".utf8)) == 0)
    }

    @Test func malformedAndOversizedBatchesAreRefused() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            var admin = ServerFixture.bearer(f.admin)
            admin[.contentType] = "application/json"
            let tooMany =
                "[" + (0...PushedRecords.maxBatch).map { #"{"account_id":"X\#($0)"}"# }.joined(separator: ",") + "]"
            for (uri, body, status, message) in [
                ("/api/v1/accounts/batch", "{not json", HTTPResponse.Status.badRequest, "JSON array of records"),
                ("/api/v1/accounts/batch", "[]", .unprocessableContent, "holds no record"),
                ("/api/v1/accounts/batch", #"[{"name":"no id"}]"#, .unprocessableContent, "needs its account_id"),
                (
                    "/api/v1/accounts/batch", #"[{"account_id":"A","colour":"red"}]"#, .unprocessableContent,
                    "no column 'colour'"
                ),
                (
                    "/api/v1/accounts/batch", #"[{"account_id":"A","name":"x"},{"account_id":"B"}]"#,
                    .unprocessableContent, "record 2 has the columns account_id but record 1 has account_id, name"
                ),
                ("/api/v1/accounts/batch", tooMany, .unprocessableContent, "at most 10000 records"),
                (
                    "/api/v1/accounts/batch", "[" + String(repeating: "{},", count: 2_000_000) + "{}]",
                    .unprocessableContent,
                    "at most 10000 records"
                ),
                ("/api/v1/widgets/batch", "[]", .notFound, "Unknown entity"),
            ] {
                let r = try await client.execute(
                    uri: uri, method: .post, headers: admin, body: ByteBuffer(string: body))
                #expect(r.status == status, "\(uri) \(body.prefix(60)): \(r.text.prefix(300))")
                #expect(r.errorMessage.contains(message), "\(uri) \(body.prefix(60)): \(r.errorMessage)")
            }
            // The batch path is the batch: only POST, not the upsert of an account called "batch".
            let options = try await client.execute(uri: "/api/v1/accounts/batch", method: .options, headers: admin)
            #expect(options.status == .methodNotAllowed)
            #expect(options.headers[.allow] == "POST", "\(options.headers)")
            // Viewers may not write.
            var viewer = ServerFixture.bearer(f.viewer)
            viewer[.contentType] = "application/json"
            let refused = try await client.execute(
                uri: "/api/v1/accounts/batch", method: .post, headers: viewer, body: ByteBuffer(string: Self.records))
            #expect(refused.status == .forbidden)
        }
    }
}
