import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SalesMetrics
import Testing

/// Targets over the API: any token reads them and their status, an admin's writes them.
struct TargetAPITests {
    @Test func targetsAreReadWrittenAndRemoved() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            let viewer = ServerFixture.bearer(f.viewer)
            var admin = ServerFixture.bearer(f.admin)
            admin[.contentType] = "application/json"
            let list = try await client.execute(uri: "/api/v1/targets", method: .get, headers: viewer)
            #expect(list.status == .ok)
            let names = (list.object["targets"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            #expect(names == Target.defaults.map(\.name).sorted())

            let body =
                #"{"metric": "win_rate", "at_least": "25%", "grains": ["quarter"], "scope": {"segment": "Enterprise"}, "note": "plan"}"#
            let created = try await client.execute(
                uri: "/api/v1/targets/win", method: .put, headers: admin, body: ByteBuffer(string: body))
            #expect(created.status == .created, "\(created.text)")
            #expect(created.object["at_least"] as? Double == 0.25)
            #expect(created.object["scope"] as? [String: String] == ["segment": "Enterprise"])
            let replaced = try await client.execute(
                uri: "/api/v1/targets/win", method: .put, headers: admin,
                body: ByteBuffer(string: #"{"metric": "win_rate", "at_most": 0.9}"#))
            #expect(replaced.status == .ok)
            #expect(replaced.object["at_most"] as? Double == 0.9 && replaced.object["at_least"] == nil)

            for (bad, status, words) in [
                (#"{"metric": "cac", "at_most": 900, "scope": {"owner": "r1"}}"#, 422, "not broken down by owner"),
                (#"{"metric": "win_rate"}"#, 422, "give at_least: VALUE or at_most: VALUE"),
                (#"{"metric": "win_rate", "at_least": 1, "colour": "red"}"#, 422, "Unknown field 'colour'"),
                (#"{"metric": "win_rate", "at_least": true}"#, 400, "'at_least' must be a string or a number"),
                (#"{"name": "other", "metric": "win_rate", "at_least": 1}"#, 422, "differs from the name"),
                (#"[1, 2]"#, 400, "one JSON object"),
            ] {
                let r = try await client.execute(
                    uri: "/api/v1/targets/win", method: .put, headers: admin, body: ByteBuffer(string: bad))
                #expect(r.status.code == status, "\(bad): \(r.text)")
                #expect(r.errorMessage.contains(words), "\(bad): \(r.errorMessage)")
            }
            let viewerWrite = try await client.execute(
                uri: "/api/v1/targets/x", method: .put, headers: viewer, body: ByteBuffer(string: body))
            #expect(viewerWrite.status == .forbidden)

            let status = try await client.execute(
                uri: "/api/v1/target-status?period=2025-Q4", method: .get, headers: viewer)
            #expect(status.status == .ok, "\(status.text)")
            #expect(status.object["period"] as? String == "2025-Q4" && status.object["grain"] as? String == "quarter")
            let items = status.object["targets"] as? [[String: Any]] ?? []
            #expect(items.contains { $0["target"] as? String == "magic-number-0.75" })
            #expect(items.allSatisfy { ($0["text"] as? String)?.isEmpty == false })
            for query in ["period=2025-13", "period=March", "grain=day", "timezone=Mars/Base", "colour=red"] {
                let r = try await client.execute(
                    uri: "/api/v1/target-status?" + query, method: .get, headers: viewer)
                #expect(r.status == .badRequest, "\(query)")
            }

            #expect(
                try await client.execute(uri: "/api/v1/targets/win", method: .delete, headers: admin).status
                    == .noContent)
            let gone = try await client.execute(uri: "/api/v1/targets/win", method: .delete, headers: admin)
            #expect(gone.status == .notFound)
        }
    }
}
