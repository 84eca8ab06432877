import Testing

@testable import SalesMetrics

@Suite struct CatalogTests {
    @Test func everyMetricHasOneKeyAndOneDefinition() {
        #expect(Catalog.metrics.map(\.id) == MetricKey.allCases.map(\.rawValue))
        #expect(Set(Catalog.ids).count == Catalog.ids.count)
        #expect(Catalog.metrics.allSatisfy { $0.key.rawValue == $0.id })
    }

    /// After the catalog resolves references to other metrics, the engine sees measures only, and
    /// each metric needs exactly the tables of its measures.
    @Test func kindsReferToMeasuresOnceResolved() {
        for metric in Catalog.metrics {
            let terms: [Quantity] =
                switch metric.kind {
                case .simple, .custom: []
                case .derived(let q), .periodOverPeriod(let q, _): [q]
                case .ratio(let n, let d), .cohort(let n, let d): [n, d]
                }
            for q in terms {
                #expect(q.terms.allSatisfy { if case .measure = $0.source { true } else { false } }, "\(metric.id)")
            }
        }
        // avg_deal_size = total_revenue / deals_won: both references become measures.
        #expect(Catalog[.avgDealSize].kind == .ratio(Quantity(.wonAmount), over: Quantity(.dealsWon)))
        #expect(Catalog[.arr].kind.measures == [.mrr])
        #expect(Catalog[.repProductivity].requires == [.reps, .opportunities])
        #expect(Catalog[.cac].requires == [.spend])
        #expect(Catalog[.cac].requiresAnyOf == [.opportunities, .subscriptions])
        #expect(Catalog[.pipelineCoverage].requires == [.opportunities, .quotas])
        #expect(Catalog[.sourceRoi].dimensions == [.source])
        #expect(Catalog[.sourceRoi].applies(to: nil) == false)
        #expect(Catalog[.pipelineCoverage].readsAsMultiple && !Catalog[.winRate].readsAsMultiple)
        #expect(Catalog[.winRate].drillDown == .closed && Catalog[.mrr].drillDown == nil)
        for key in MetricKey.allCases { #expect(Catalog[key].key == key) }
    }

    @Test func catalogFollowsTheSpecificationsOrderAndUnits() {
        #expect(Catalog.ids.first == "total_revenue")
        #expect(Catalog.ids.last == "at_risk_accounts")
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
        let keys = Array(MetricKey.allCases.prefix(values.count))
        let report = Report(
            currency: "EUR", grain: .month, timezone: "UTC", fiscalYearStartMonth: 1, breakdown: nil, metricKeys: keys,
            periods: [
                ReportPeriod(
                    label: "2024-01", firstDay: 19723, endDay: 19754, metrics: MetricValues(keys: keys, values: values),
                    groups: [])
            ])
        let json = report.json()
        for (key, value) in zip(keys, values) {
            #expect(
                json.contains("\"\(key.rawValue)\": \(ValueFormat.machine(value) ?? "null")\n")
                    || json.contains("\"\(key.rawValue)\": \(ValueFormat.machine(value) ?? "null"),\n"))
        }
        #expect(ValueFormat.machine(.money(-7)) == "-0.07")
        #expect(ValueFormat.machine(.money(1050)) == "10.5")
        #expect(ValueFormat.machine(.money(123_456_789)) == "1234567.89")
        #expect(Report.quoted("a\"b\\c\n\u{1}é") == "\"a\\\"b\\\\c\\n\\u0001é\"")
    }
}
