import Testing

@testable import SalesMetrics

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

@Suite struct ReportJSONTests {
    @Test func valuesAreWrittenInTheirMachineForm() {
        let values: [MetricValue] = [
            .money(-7), .money(-307), .money(0), .money(1050), .money(1), .money(123_456_789), .number(0.1),
            .number(-2.5e-7), .count(-3), .none,
        ]
        let ids = values.indices.map { "m\($0)" }
        let report = Report(
            currency: "EUR", grain: .month, timezone: "UTC", fiscalYearStartMonth: 1, breakdown: nil, metricIds: ids,
            periods: [
                ReportPeriod(
                    label: "2024-01", firstDay: 19723, endDay: 19754, metrics: MetricValues(ids: ids, values: values),
                    groups: [])
            ])
        let json = report.json()
        for (id, value) in zip(ids, values) {
            #expect(
                json.contains("\"\(id)\": \(ValueFormat.machine(value) ?? "null")\n")
                    || json.contains("\"\(id)\": \(ValueFormat.machine(value) ?? "null"),\n"))
        }
        #expect(ValueFormat.machine(.money(-7)) == "-0.07")
        #expect(ValueFormat.machine(.money(1050)) == "10.5")
        #expect(ValueFormat.machine(.money(123_456_789)) == "1234567.89")
        #expect(Report.quoted("a\"b\\c\n\u{1}é") == "\"a\\\"b\\\\c\\n\\u0001é\"")
    }
}
