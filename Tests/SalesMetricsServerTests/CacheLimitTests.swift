import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SalesMetrics
import SalesMetricsIO
import SalesMetricsSQLite
import Testing

@testable import SalesMetricsServer

/// The report cache is bounded by bytes and keyed by the parsed request: 600 distinct
/// dashboard URLs grew the server by ~440 MB and kept it; 600 junk `?period=` values each made
/// a new entry.
@Suite struct CacheLimitTests {
    @Test func byteLimitedCacheKeepsTheRecentlyUsedWithinItsLimit() {
        var cache = ByteLimitedCache<Int, String>(limit: 1000)
        for i in 0..<10 {
            cache.set(i, "v\(i)", bytes: 200)
            _ = cache.get(0)  // kept in use
            #expect(cache.bytes <= 1000)
        }
        #expect(cache.get(0) == "v0")
        #expect(cache.get(9) == "v9")
        #expect(cache.get(1) == nil)
        // An entry over a quarter of the limit is not kept.
        cache.set(42, "big", bytes: 251)
        #expect(cache.get(42) == nil)
        // Replacing an entry replaces its bytes.
        let before = cache.bytes
        cache.set(9, "v9 again", bytes: 100)
        #expect(cache.bytes == before - 100)
    }

    @Test func distinctReportsStayWithinTheLimit() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        let limit = 256 << 10
        let cache = DataCache(store: fixture.store, limit: limit)
        let loaded = try await cache.current(version: try await fixture.store.dataVersion())
        var largest = 0
        for i in 0..<150 {
            var request = ReportRequest()
            request.breakdown = .owner
            request.metrics = [.totalRevenue, .dealsWon]
            request.from = CivilDate.parse("2024-01-01")! + Int32(i)
            request.to = CivilDate.parse("2024-07-01")! + Int32(i)
            let options = try request.options(for: loaded.dataset)
            let json = try await cache.reportJSON(options, of: loaded)
            largest = max(largest, json.count)
            #expect(cache.usage.bytes <= limit)
        }
        // Each was worth keeping (well under a quarter of the limit), so the cache was full.
        #expect(largest < limit / 4)
        #expect(cache.usage.bytes > limit / 2)
    }

    @Test func pageKeysAreTheParsedViewNotTheURL() throws {
        let a = try DashboardView(Query(["range": "last-12-months", "grain": "month"]), currency: "USD").link("/")
        let b = try DashboardView(Query(["grain": "month"]), currency: "USD").link("/")
        #expect(a == b)
    }

    @Test func junkPeriodsAreRefusedBeforeAnythingIsCached() throws {
        #expect(DashboardView.isPeriodLabel("2025-03"))
        #expect(DashboardView.isPeriodLabel("2025-W05"))
        #expect(DashboardView.isPeriodLabel("FY2025-Q1"))
        #expect(DashboardView.isPeriodLabel("2025"))
        #expect(!DashboardView.isPeriodLabel("2025-Q5"))
        #expect(!DashboardView.isPeriodLabel("junk-000001"))
        #expect(throws: APIError.self) { try DashboardView(Query(["period": "junk-000001"]), currency: "USD") }
    }
}
