import SalesMetrics
import Testing

@Suite struct CatalogTests {
    @Test func everyMetricHasOneKeyAndOneDefinition() {
        #expect(Catalog.metrics.map(\.id) == MetricKey.allCases.map(\.rawValue))
        #expect(Set(Catalog.ids).count == Catalog.ids.count)
        #expect(Catalog.metrics.allSatisfy { $0.key.rawValue == $0.id })
    }

    @Test func catalogFollowsTheSpecificationsOrderAndUnits() {
        #expect(Catalog.ids.first == "total_revenue")
        #expect(Catalog.ids.last == "enps")
        #expect(Catalog.metric("pipeline_velocity")?.unit.isMoney == true)
        #expect(Catalog.metric("churn_rate")?.direction == .lowerIsBetter)
        #expect(Catalog.metric("cac")?.direction == .lowerIsBetter)
        #expect(Catalog.metric("sales_cycle_length")?.direction == .lowerIsBetter)
        #expect(Catalog.metric("new_customers")?.requiresAnyOf == [.opportunities, .subscriptions])
    }
}
