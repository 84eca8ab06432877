import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SalesMetrics
import SalesMetricsServer
import TestSupport
import Testing

/// `serve --alerts-webhook`: a change of a target's state is posted once, to a receiver on
/// loopback, retried while the receiver fails, and not again after a restart.
struct TargetAlertTests {
    static let header = "opportunity_id,account_id,owner_id,created_at,status,closed_at,amount\n"

    func configuration(_ receiver: LoopbackReceiver) -> ServerConfiguration {
        var c = ServerConfiguration()
        c.alertsWebhook = URL(string: receiver.url)
        c.alertsPollInterval = .milliseconds(200)
        c.alertsRetryDelay = .milliseconds(50)
        return c
    }

    func importDeals(_ csv: String, _ client: some TestClientProtocol, _ f: ServerFixture) async throws {
        var headers = ServerFixture.bearer(f.admin)
        headers[.contentType] = "text/csv"
        let r = try await client.execute(
            uri: "/api/v1/import?entity=opportunities", method: .post, headers: headers,
            body: ByteBuffer(string: Self.header + csv))
        #expect(r.status == .ok, "\(r.text)")
    }

    @Test func aChangedStateIsPostedOnceAndRetriedWhileTheReceiverFails() async throws {
        // The first delivery fails twice before the receiver takes it.
        let receiver = try LoopbackReceiver(statuses: [500, 503])
        defer { receiver.stop() }
        let f = try ServerFixture(files: [:])
        defer { f.remove() }
        for t in Target.defaults { _ = try f.store.removeTarget(name: t.name) }
        try f.store.setTargets([
            Target(name: "revenue", metric: .totalRevenue, comparison: .atLeast, value: 1000, grains: [.month])
        ])
        // The first server, gone (with its alerts) before the restart below.
        do {
            let router = SalesMetricsServer.buildRouter(store: f.store, configuration: configuration(receiver))
            try await Application(router: router).test(.router) { client in
                // January: $500 won, a lost deal closes on the 31st, so the month is complete. Missed.
                try await importDeals(
                    "o1,a,,2025-01-02,won,2025-01-10,500\no2,a,,2025-01-02,lost,2025-01-31,9\n", client, f)
                let first = receiver.wait(for: 1)
                #expect(first.count == 1)
                #expect(first.first?.contains("2025-01: 1 target changed") == true)
                #expect(first.first?.contains("\"state\":\"missed\"") == true)

                // The same rows again change nothing, and nothing is posted.
                try await importDeals("o1,a,,2025-01-02,won,2025-01-10,500\n", client, f)
                try await Task.sleep(for: .milliseconds(800))
                #expect(receiver.received.count == 1)

                // $600 more: met, posted once.
                try await importDeals("o3,a,,2025-01-02,won,2025-01-20,600\n", client, f)
                let second = receiver.wait(for: 2)
                #expect(second.count == 2)
                #expect(second.last?.contains("\"state\":\"met\"") == true)
                // The state is recorded once the receiver took it.
                for _ in 0..<200 where try f.store.announcedStates()["revenue|month|2025-01"] != "met" {
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
        }
        // A restart reads what was announced: nothing new to post.
        let restarted = SalesMetricsServer.buildRouter(store: f.store, configuration: configuration(receiver))
        try await Application(router: restarted).test(.router) { _ in
            try await Task.sleep(for: .milliseconds(800))
        }
        #expect(receiver.received.count == 2)
        #expect(try f.store.announcedStates() == ["revenue|month|2025-01": "met"])
    }
}
