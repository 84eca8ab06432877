import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SalesMetrics
import SalesMetricsIO
import Testing

@testable import SalesMetricsServer

/// The server shows amounts in its dataset currency (`serve --currency`), converting the others.
@Suite struct CurrencyAPITests {
    static let files: [SalesMetrics.Table: [UInt8]] = [
        .opportunities: Array(
            "opportunity_id,created_at,status,closed_at,amount,currency\nd1,2024-03-01,won,2024-03-10,100,EUR\nd2,2024-03-01,won,2024-03-11,50,USD\n"
                .utf8),
        .fxRates: Array("currency,valid_from,rate\nEUR,2024-01-01,1.1\nUSD,2024-01-01,0.9\n".utf8),
    ]

    func revenue(currency: String, query: String = "", _ check: @Sendable @escaping (TestResponse) -> Void)
        async throws
    {
        var configuration = ServerConfiguration()
        configuration.currency = currency
        let f = try ServerFixture(files: Self.files, configuration: configuration)
        defer { f.remove() }
        try await f.test { client in
            check(
                try await client.execute(
                    uri: "/api/v1/report?from=2024-03-01&to=2024-04-01&metrics=total_revenue\(query)", method: .get,
                    headers: ServerFixture.bearer(f.viewer)))
        }
    }

    @Test func amountsAreInTheServersCurrency() async throws {
        try await revenue(currency: "USD") { r in
            #expect(r.text.contains(#""total_revenue": 160"#), "\(r.text)")
            #expect(r.text.contains(#""currency": "USD""#))
        }
        try await revenue(currency: "EUR") { r in
            #expect(r.text.contains(#""total_revenue": 145"#), "\(r.text)")
            #expect(r.text.contains(#""currency": "EUR""#))
        }
        // Another currency than the server's would only relabel its amounts: refused.
        try await revenue(currency: "USD", query: "&currency=EUR") { r in
            #expect(r.status == .badRequest)
            #expect(r.errorMessage.contains("this server's amounts are in USD"), "\(r.text)")
        }
    }
}
