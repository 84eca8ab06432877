import SalesMetrics
import Testing

/// Properties that hold on any data, checked on the generated sample dataset.
@Suite struct InvariantTests {
    static let range = (from: CivilDate.parse("2023-01-01")!, to: CivilDate.parse("2026-01-01")!)

    func report(_ grain: Grain = .month, by: Breakdown? = nil) throws -> Report {
        try Engine.report(
            try SampleData.dataset(),
            ReportOptions(grain: grain, from: Self.range.from, to: Self.range.to, breakdown: by))
    }

    static func cents(_ v: MetricValue?) -> Int64? {
        switch v {
        case .money(let c): c
        case .count(let c): c
        default: nil
        }
    }

    @Test func mrrMovementsAddUpToNetNewMRR() throws {
        for by in [nil, Breakdown.segment, .region] {
            let r = try report(by: by)
            for period in r.periods {
                for values in [period.metrics] + period.groups.map(\.metrics) {
                    let parts = ["new_mrr", "reactivation_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr"].map {
                        Self.cents(values[$0])!
                    }
                    #expect(parts[0] + parts[1] + parts[2] - parts[3] - parts[4] == Self.cents(values["net_new_mrr"]))
                }
            }
        }
    }

    @Test func retentionIsOneMinusChurn() throws {
        let r = try report(.week)
        var checked = 0
        for period in r.periods {
            guard case .number(let churn) = period.metrics["churn_rate"]!,
                case .number(let retention) = period.metrics["customer_retention_rate"]!
            else {
                continue
            }
            #expect(abs(retention - (1 - churn)) < 1e-12)
            checked += 1
        }
        #expect(checked > 100)
    }

    static let additive = [
        "total_revenue", "deals_won", "leads_created", "qualified_leads", "open_pipeline_count", "open_pipeline_value",
        "new_customers", "active_customers", "mrr", "arr", "new_mrr", "reactivation_mrr", "expansion_mrr",
        "contraction_mrr", "churned_mrr", "net_new_mrr", "marketing_spend", "sales_spend", "active_reps",
    ]

    @Test(arguments: Breakdown.allCases)
    func additiveMetricsOverGroupsSumToTheTotal(by: Breakdown) throws {
        let r = try report(.quarter, by: by)
        var checked = 0
        for period in r.periods {
            for id in Self.additive where Catalog.metric(id)!.applies(to: by) {
                let total = Self.cents(period.metrics[id])!
                let sum = period.groups.map { Self.cents($0.metrics[id])! }.reduce(0, +)
                #expect(sum == total, "\(id) in \(period.label) by \(by)")
                checked += 1
            }
        }
        #expect(checked >= r.periods.count)
    }

    @Test func aQuarterIsTheSumOfItsMonths() throws {
        let months = try report(.month)
        let quarters = try report(.quarter)
        let flows = [
            "total_revenue", "deals_won", "leads_created", "qualified_leads", "new_customers", "marketing_spend",
            "sales_spend", "net_new_mrr",
        ]
        let snapshots = ["mrr", "active_customers", "open_pipeline_count", "open_pipeline_value"]
        for (q, quarter) in quarters.periods.enumerated() {
            let inside = months.periods[(q * 3)..<(q * 3 + 3)]
            for id in flows {
                #expect(
                    Self.cents(quarter.metrics[id]) == inside.map { Self.cents($0.metrics[id])! }.reduce(0, +),
                    "\(id) \(quarter.label)")
            }
            for id in snapshots {
                #expect(quarter.metrics[id] == inside.last!.metrics[id], "\(id) \(quarter.label)")
            }
        }
    }

    @Test func theSampleHasEveryKindOfMovement() throws {
        let r = try report(.year)
        for id in ["new_mrr", "reactivation_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr"] {
            #expect(Self.cents(r.periods.last!.metrics[id])! > 0, "\(id)")
        }
    }
}
