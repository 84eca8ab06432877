import Foundation
import SalesMetrics
import SalesMetricsIO
import SalesMetricsPostgres
import Testing

/// Values and URLs that the easy encodings get wrong.
@Suite struct StoreHardeningTests {
    /// Natural keys are compared exactly, whatever their values hold: the characters a key made of
    /// one text value would use between its parts (U+001F) or for an empty part (U+0001) included.
    /// Importing one group never replaces another.
    @Test(arguments: StoreKind.selected)
    func naturalKeysNeverCollideWhateverTheValuesHold(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let header = "period_start,period_end,rep_id,submitted_at,amount\n"
            let stored = [
                "2025-01-01,2025-03-31,,2025-01-05T00:00:00Z,100",  // company level: no rep
                "2025-01-01,2025-03-31,a\u{1F}b,2025-01-05T00:00:00Z,200",
                "2025-01-01,2025-03-31,a,2025-01-05T00:00:00Z,300",
            ]
            _ = try await store.importFiles([.forecasts: Array((header + stored.joined(separator: "\n") + "\n").utf8)])
            // Keys that a separator-joined text would confuse with the stored ones.
            let incoming = [
                "2025-01-01,2025-03-31,\u{01},2025-01-05T00:00:00Z,400",  // the empty-part marker itself
                "2025-01-01,2025-03-31,a\u{1F}b\u{1F},2025-01-05T00:00:00Z,500",
                "2025-01-01,2025-03-31,\u{1F}a,2025-01-05T00:00:00Z,600",
            ]
            let summary = try await store.importFiles([
                .forecasts: Array((header + incoming.joined(separator: "\n") + "\n").utf8)
            ])
            #expect(summary.tables[.forecasts] == ImportSummary.Counts(inserted: 3, updated: 0, unchanged: 0))
            #expect(try await Self.amounts(.forecasts, store) == ["100", "200", "300", "400", "500", "600"])

            // The same on spend, whose key holds a case-insensitive category.
            _ = try await store.importFiles([
                .spend: Array(
                    "date,category,channel,amount\n2024-01-01,marketing,,10\n2024-01-01,sales,\u{1F},20\n".utf8)
            ])
            let spend = try await store.importFiles([
                .spend: Array(
                    "date,category,channel,amount\n2024-01-01,Marketing,\u{01},30\n2024-01-01,sales,\u{1F}\u{1F},40\n"
                        .utf8)
            ])
            #expect(spend.tables[.spend] == ImportSummary.Counts(inserted: 2, updated: 0, unchanged: 0))
            #expect(try await Self.amounts(.spend, store) == ["10", "20", "30", "40"])

            // Importing a group again replaces that group only.
            let again = try await store.importFiles([
                .forecasts: Array((header + "2025-01-01,2025-03-31,,2025-01-05T00:00:00Z,700\n").utf8)
            ])
            #expect(again.tables[.forecasts] == ImportSummary.Counts(inserted: 0, updated: 1, unchanged: 0))
            #expect(try await Self.amounts(.forecasts, store) == ["700", "200", "300", "400", "500", "600"])
        }
    }

    /// The stored amounts of a table (its rows as exported; these values need no quoting).
    static func amounts(_ table: SalesMetrics.Table, _ store: any MetricsStore) async throws -> Set<String> {
        let lines = String(decoding: try await store.exportFiles()[table]!, as: UTF8.self).split(separator: "\n")
        let column = try #require(lines[0].split(separator: ",").firstIndex(of: "amount"))
        return Set(lines.dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[column]) })
    }

    /// A PostgreSQL URL that does not parse is refused with a sentence that never shows its password.
    @Test func aURLThatDoesNotParseNeverShowsItsPassword() async throws {
        let cases: [(url: String, shown: String)] = [
            ("postgres://sales:s3cr3t-pw@db.internal:port/metrics", "postgres://sales:***@db.internal:port/metrics"),
            ("postgres://sales:s3cr3t-pw#x@db.internal/metrics", "postgres://sales:***@db.internal/metrics"),
            ("postgres://sales:s3cr3t-pw/x@db.internal/metrics", "postgres://sales:***@db.internal/metrics"),
            ("postgres://sales:s3cr3t-pw?x@db.internal/metrics", "postgres://sales:***@db.internal/metrics"),
            (
                "postgres://sales:s3cr3t-pw@db.internal:5432:1/metrics",
                "postgres://sales:***@db.internal:5432:1/metrics"
            ),
            ("postgres://sales:s3cr3t-pw", "postgres://sales:***"),
            ("postgres://sales:s3cr3t-pw@/metrics", "postgres://sales:***@/metrics"),
            (
                "postgres://sales:s3cr3t-pw@db.internal/metrics?sslmode=sometimes",
                "postgres://sales:***@db.internal/metrics?sslmode=sometimes"
            ),
            (
                "postgres://sales@db.internal:port/metrics?password=s3cr3t-pw",
                "postgres://sales@db.internal:port/metrics?password=***"
            ),
        ]
        for (url, shown) in cases {
            let error = await #expect(throws: PostgresStoreError.self) { _ = try await PostgresStore(url: url) }
            let message = error.map { "\($0)" } ?? ""
            #expect(!message.contains("s3cr3t"), "\(message)")
            #expect(
                message
                    == "'\(shown)' is not a PostgreSQL URL; write postgres://USER:PASSWORD@HOST:PORT/DATABASE (?sslmode=disable|prefer|require).",
                "\(url)")
            #expect(!PostgresStore.redacted(url).contains("s3cr3t"), "\(url)")
        }
    }
}
