/// Every metric of SPEC §3, each defined once: what it is computed from (its kind over the
/// measures, ``Measure``), where it applies, the rows behind it and how it reads. The CLI, the
/// docs, the engine and the dashboard all read this list; its order is the report order, and
/// ``MetricKey`` lists the same ids in the same order.
public enum Catalog {
    public static let metrics: [Metric] = resolve(
        revenue + conversion + pipeline + customers + marketing + team + surveys + added + engagement)

    public static let ids: [String] = metrics.map(\.id)

    private static let byId: [String: Metric] = Dictionary(uniqueKeysWithValues: metrics.map { ($0.id, $0) })

    /// The metric of an id typed by a person; nil for an unknown id.
    public static func metric(_ id: String) -> Metric? { byId[id] }

    /// The metric of a key (keys are the catalog's ids, in its order).
    public static subscript(_ key: MetricKey) -> Metric { metrics[key.index] }

    /// The metrics of a report's keys grouped by category (the added metrics join their
    /// categories), each with its position in the report's values.
    public static func byCategory(_ keys: [MetricKey]) -> [(index: Int, metric: Metric)] {
        let entries = keys.enumerated().map { (index: $0.offset, metric: Catalog[$0.element]) }
        return MetricCategory.allCases.flatMap { category in entries.filter { $0.metric.category == category } }
    }

    /// Replaces references to other metrics by what those metrics are made of. A metric may only
    /// refer to a `simple` or `derived` one (checked by the catalog tests on every entry).
    private static func resolve(_ entries: [Metric]) -> [Metric] {
        let byKey = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0) })
        func quantity(_ key: MetricKey) -> Quantity {
            guard let q = byKey[key]?.kind.quantity else {
                preconditionFailure("\(key.rawValue) is not a simple or derived metric; refer to its measures")
            }
            return q.resolved(quantity)
        }
        return entries.map { $0.resolved(quantity) }
    }

    // The vocabulary of the entries below.
    private static func measure(_ m: Measure) -> Quantity { Quantity(m) }
    private static func metric(_ key: MetricKey) -> Quantity { .metric(key) }
    private static func change(_ q: Quantity) -> Quantity { q - q.previous }
    private static let millisecondsPerDay: Int128 = 86_400_000
    private static let millisecondsPerHour: Int128 = 3_600_000
    /// Spend of both categories.
    private static let spend = measure(.marketingSpend) + measure(.salesSpend)
    /// What the accounts paying before the period still pay at its end, expansion aside.
    private static let mrrKept = measure(.mrr).previous - measure(.contractionMRR) - measure(.churnedMRR)

    static let revenue: [Metric] = [
        Metric(
            .totalRevenue, "Total revenue", .revenue, .money, .higherIsBetter,
            .simple(.wonAmount), drillDown: .won,
            definition: "Sum of the amounts of the deals won in the period.",
            formula: "R(P) = Σ amount of won(P)",
            example: "100 deals of $10,000 won in March → $1,000,000."),
        Metric(
            .dealsWon, "Deals won", .revenue, .count, .higherIsBetter,
            .simple(.dealsWon), drillDown: .won,
            definition: "Number of deals won in the period.", formula: "|won(P)|",
            example: "50 deals closed as won in March → 50."),
        Metric(
            .revenueGrowth, "Revenue growth", .revenue, .ratio, .higherIsBetter,
            .periodOverPeriod(metric(.totalRevenue), .growth),
            definition: "Change of won revenue against the previous period, as a fraction of the previous period.",
            formula: "(R(P) − R(P−1)) / R(P−1)",
            example: "$800,000 last month, $1,000,000 this month → 0.25 (25%)."),
        Metric(
            .avgDealSize, "Average deal size", .revenue, .money, .higherIsBetter,
            .ratio(metric(.totalRevenue), over: metric(.dealsWon)), drillDown: .won,
            definition: "Won revenue per won deal.", formula: "R(P) / |won(P)|",
            example: "$500,000 over 50 won deals → $10,000."),
    ]

    static let conversion: [Metric] = [
        Metric(
            .leadsCreated, "Leads created", .conversion, .count, .higherIsBetter,
            .simple(.leadsCreated), drillDown: .leadsCreated,
            definition: "Number of leads generated in the period.", formula: "|leads(P)|",
            example: "1,000 leads created in March → 1,000."),
        Metric(
            .leadConversionRate, "Lead conversion rate", .conversion, .ratio, .higherIsBetter,
            .cohort(reached: measure(.leadsConverted), of: measure(.leadsCreated)), drillDown: .leadsCreated,
            definition: "Share of the leads created in the period that converted (at any time).",
            formula: "|{l ∈ leads(P) : converted_at set}| / |leads(P)|",
            example: "200 of 1,000 leads converted → 0.2 (20%)."),
        Metric(
            .winRate, "Win rate", .conversion, .ratio, .higherIsBetter,
            .ratio(metric(.dealsWon), over: metric(.dealsWon) + measure(.dealsLost)), drillDown: .closed,
            definition: "Share of the deals closed in the period that were won.",
            formula: "|won(P)| / (|won(P)| + |lost(P)|)",
            example: "25 won and 75 lost → 0.25 (25%)."),
        Metric(
            .opportunityConversionRate, "Opportunity conversion rate", .conversion, .ratio, .higherIsBetter,
            .cohort(reached: measure(.createdThenWon), of: measure(.opportunitiesCreated)),
            drillDown: .opportunitiesCreated,
            definition: "Share of the opportunities created in the period whose status is won.",
            formula: "|{o : created_at ∈ P, status = won}| / |{o : created_at ∈ P}|",
            example: "25 of 100 opportunities opened in March are won → 0.25 (25%)."),
        Metric(
            .salesCycleLength, "Sales cycle length", .conversion, .days, .lowerIsBetter,
            .ratio(measure(.wonCycleMilliseconds), over: millisecondsPerDay * metric(.dealsWon)), drillDown: .won,
            definition: "Mean number of days from opening to closing, over the deals won in the period.",
            formula: "mean of days(created_at, closed_at) over won(P)",
            example: "10 won deals that took 200 days in all → 20 days."),
    ]

    static let pipeline: [Metric] = [
        Metric(
            .qualifiedLeads, "Qualified leads", .pipeline, .count, .higherIsBetter,
            .simple(.leadsQualified), drillDown: .leadsQualified,
            definition: "Leads created in the period that met the qualification criteria (at any time).",
            formula: "|{l ∈ leads(P) : qualified_at set}|",
            example: "150 of 500 new leads meet the criteria → 150."),
        Metric(
            .openPipelineCount, "Open pipeline (deals)", .pipeline, .count, .higherIsBetter,
            .simple(.openAtEnd), drillDown: .openAtEnd,
            definition: "Opportunities open at the end of the period, whatever their later status.",
            formula: "|open_at(P.end)|, open_at(t) = created_at < t and (closed_at empty or ≥ t)",
            example: "200 deals opened before April 1 and not closed by then → 200 for March."),
        Metric(
            .openPipelineValue, "Open pipeline value", .pipeline, .money, .higherIsBetter,
            .simple(.openAmountAtEnd), drillDown: .openAtEnd,
            definition: "Total amount of the opportunities open at the end of the period.",
            formula: "Σ amount of open_at(P.end)",
            example: "200 open deals of $10,000 → $2,000,000."),
        Metric(
            .pipelineVelocity, "Pipeline velocity", .pipeline, .moneyPerDay, .higherIsBetter,
            .custom(.pipelineVelocity),
            definition:
                "Revenue the open pipeline is expected to produce per day; 0 when nothing is open, null when a term is null or the cycle is 0.",
            formula: "open_pipeline_count × win_rate × avg_deal_size / sales_cycle_length",
            example: "200 × 0.25 × $10,000 / 25 days → $20,000 per day (the source article prints \"200\")."),
        Metric(
            .pipelineCoverage, "Pipeline coverage", .pipeline, .ratio, .higherIsBetter,
            .custom(.pipelineCoverage), ratioStyle: .multiple,
            definition:
                "Open pipeline at the start of the period that is expected to close in it, over the period's prorated quota of all reps.",
            formula: "Σ amount of open_at(P.start) with expected_close_on ∈ P / quota(P)",
            example: "$3,000,000 due this quarter against a $1,000,000 quota → 3.0."),
        Metric(
            .forecastAccuracy, "Forecast accuracy", .pipeline, .ratio, .higherIsBetter,
            .custom(.forecastAccuracy),
            definition:
                "How close the company-level forecast for exactly this period came to won revenue (latest submission); can be negative.",
            formula: "1 − |R(P) − F| / R(P)",
            example: "Forecast $900,000, actual $1,000,000 → 0.9 (90%)."),
        Metric(
            .dealSlippageRate, "Deal slippage rate", .pipeline, .ratio, .lowerIsBetter,
            .cohort(reached: measure(.slippedPastEnd), of: measure(.dueInPeriod)), drillDown: .expectedToClose,
            definition:
                "Among deals expected to close in the period (any status), the share not closed by its end.",
            formula: "|{o : expected_close_on ∈ P, closed_at empty or ≥ P.end}| / |{o : expected_close_on ∈ P}|",
            example: "40 deals due in March, 10 still open on April 1 → 0.25 (25%)."),
        Metric(
            .leadResponseTime, "Lead response time", .pipeline, .hours, .lowerIsBetter,
            .ratio(measure(.responseMilliseconds), over: millisecondsPerHour * measure(.leadsResponded)),
            drillDown: .leadsResponded,
            definition:
                "Mean hours from lead creation to the first reply by sales, over leads created in the period that got one.",
            formula: "mean of hours(created_at, first_response_at) over leads(P) with first_response_at",
            example: "Replies after 1 h and 3 h → 2 hours."),
    ]

    static let customers: [Metric] = [
        Metric(
            .newCustomers, "New customers", .customers, .count, .higherIsBetter,
            .simple(.newCustomers),
            definition:
                "Accounts acquired in the period: their first won deal (with an account) or first paid subscription day.",
            formula: "|{a : min(closed_at of won deals, started_on of subscriptions with mrr > 0) ∈ P}|",
            example: "50 accounts win their first deal in March → 50."),
        Metric(
            .cac, "Customer acquisition cost", .customers, .money, .lowerIsBetter,
            .ratio(measure(.marketingSpend) + measure(.salesSpend), over: metric(.newCustomers)),
            definition: "Marketing and sales spend of the period per new customer.",
            formula: "Σ spend amount with date ∈ P / new_customers",
            example: "$100,000 spent, 50 new customers → $2,000."),
        Metric(
            .activeCustomers, "Active customers", .customers, .count, .higherIsBetter,
            .simple(.activeAccounts),
            definition: "Accounts with MRR above 0 on the last day of the period.", formula: "|E(P)|",
            example: "480 accounts paying on March 31 → 480."),
        Metric(
            .mrr, "MRR", .customers, .money, .higherIsBetter,
            .simple(.mrr),
            definition: "Monthly recurring revenue on the last day of the period.",
            formula: "Σ MRR on P.last over all accounts",
            example: "Subscriptions of $100 and $250 active on March 31 → $350."),
        Metric(
            .arr, "ARR", .customers, .money, .higherIsBetter,
            .derived(12 * metric(.mrr)),
            definition: "Annual recurring revenue: twelve times MRR.", formula: "12 × mrr",
            example: "MRR $350 → ARR $4,200."),
        Metric(
            .arpa, "ARPA", .customers, .money, .higherIsBetter,
            .ratio(metric(.mrr), over: metric(.activeCustomers)),
            definition: "Average MRR per active account on the last day of the period.",
            formula: "mrr / active_customers",
            example: "MRR $350 over 2 accounts → $175."),
        Metric(
            .churnRate, "Customer churn rate", .customers, .ratio, .lowerIsBetter,
            .cohort(reached: measure(.churnedAccounts), of: measure(.activeAccounts).previous),
            definition:
                "Share of the accounts active just before the period that are no longer active at its end; new customers never offset it.",
            formula: "|S(P) \\ E(P)| / |S(P)|",
            example: "500 at the start, 30 lost, 20 new → 0.06 (6%; the source article prints 2%)."),
        Metric(
            .customerRetentionRate, "Customer retention rate", .customers, .ratio, .higherIsBetter,
            .cohort(
                reached: measure(.activeAccounts).previous - measure(.churnedAccounts),
                of: measure(.activeAccounts).previous),
            definition: "Share of the accounts active just before the period that are still active at its end.",
            formula: "|S(P) ∩ E(P)| / |S(P)| = 1 − churn_rate",
            example: "500 at the start, 30 lost → 0.94 (94%)."),
        Metric(
            .newMrr, "New MRR", .customers, .money, .higherIsBetter,
            .simple(.newMRR),
            definition: "MRR at the period's end of accounts that had none before it and never paid before.",
            formula: "Σ e over accounts with s = 0 < e and no MRR on any day before P.first",
            example: "A first subscription of $100 starting in March → $100."),
        Metric(
            .reactivationMrr, "Reactivation MRR", .customers, .money, .higherIsBetter,
            .simple(.reactivationMRR),
            definition: "MRR at the period's end of returning accounts: none just before the period, some earlier.",
            formula: "Σ e over accounts with s = 0 < e that had MRR > 0 on some day before P.first",
            example: "A customer lost in January who comes back at $80 in March → $80."),
        Metric(
            .expansionMrr, "Expansion MRR", .customers, .money, .higherIsBetter,
            .simple(.expansionMRR),
            definition: "MRR gained by accounts that paid more at the end of the period than just before it.",
            formula: "Σ (e − s) over accounts with 0 < s < e",
            example: "An upgrade from $100 to $150 → $50."),
        Metric(
            .contractionMrr, "Contraction MRR", .customers, .money, .lowerIsBetter,
            .simple(.contractionMRR),
            definition: "MRR lost by accounts that still pay, but less than just before the period.",
            formula: "Σ (s − e) over accounts with 0 < e < s",
            example: "A downgrade from $150 to $120 → $30."),
        Metric(
            .churnedMrr, "Churned MRR", .customers, .money, .lowerIsBetter,
            .simple(.churnedMRR),
            definition: "MRR of the accounts that paid just before the period and pay nothing at its end.",
            formula: "Σ s over accounts with s > 0 = e",
            example: "A $200 customer cancels in March → $200."),
        Metric(
            .netNewMrr, "Net new MRR", .customers, .money, .higherIsBetter,
            .periodOverPeriod(metric(.mrr), .change),
            definition: "Change of MRR over the period; equals the sum of its movements.",
            formula: "mrr(P) − mrr(P−1) = new + reactivation + expansion − contraction − churned",
            example: "$100 new + $80 reactivated + $50 expansion − $30 contraction − $200 churned → $0."),
        Metric(
            .netRevenueRetention, "Net revenue retention", .customers, .ratio, .higherIsBetter,
            .cohort(reached: mrrKept + measure(.expansionMRR), of: measure(.mrr).previous),
            definition: "MRR at the end of the period of the accounts active before it, over their MRR before it.",
            formula: "Σ e / Σ s over accounts in S(P)",
            example: "$10,000 before, $10,500 after expansions and churn → 1.05."),
        Metric(
            .grossRevenueRetention, "Gross revenue retention", .customers, .ratio, .higherIsBetter,
            .cohort(reached: mrrKept, of: measure(.mrr).previous),
            definition:
                "Like net revenue retention, but expansion does not count: each account keeps at most what it had.",
            formula: "Σ min(e, s) / Σ s over accounts in S(P)",
            example: "$10,000 before, $600 lost to churn and contraction → 0.94."),
        Metric(
            .cltv, "Customer lifetime value", .customers, .money, .higherIsBetter,
            .custom(.cltv),
            definition:
                "Expected MRR over a customer's life: ARPA over the mean monthly churn rate of the 12 calendar months ending with the period's last month.",
            formula: "arpa(P) / c, c = mean of monthly churn_rate over the 12 months ending with the month of P.last",
            example: "$5,000 a year for 3 years → $15,000; $1,000 a year for 10 years → $10,000."),
        Metric(
            .cltvCacRatio, "CLTV : CAC", .customers, .ratio, .higherIsBetter,
            .custom(.cltvCacRatio), ratioStyle: .multiple,
            definition: "Lifetime value per acquisition cost; 3 or more is considered healthy.",
            formula: "cltv / cac",
            example: "CLTV $6,000, CAC $2,000 → 3 (3:1, healthy)."),
    ]

    static let marketing: [Metric] = [
        Metric(
            .marketingSpend, "Marketing spend", .marketing, .money, .neutral,
            .simple(.marketingSpend),
            definition: "Marketing costs booked in the period.",
            formula: "Σ spend amount, category marketing, date ∈ P",
            example: "$20,000 of ads in March → $20,000."),
        Metric(
            .salesSpend, "Sales spend", .marketing, .money, .neutral,
            .simple(.salesSpend),
            definition: "Sales costs booked in the period.", formula: "Σ spend amount, category sales, date ∈ P",
            example: "$80,000 of salaries and tools in March → $80,000."),
        Metric(
            .romiIncremental, "Incremental ROMI", .marketing, .ratio, .higherIsBetter,
            .ratio(change(metric(.totalRevenue)), over: change(metric(.marketingSpend))), ratioStyle: .multiple,
            definition: "Extra won revenue per extra marketing dollar against the previous period.",
            formula: "(R(P) − R(P−1)) / (marketing_spend(P) − marketing_spend(P−1))",
            example: "Revenue +$50,000 on a budget +$10,000 → 5."),
        Metric(
            .sourceRoi, "Lead source ROI", .marketing, .ratio, .higherIsBetter,
            .ratio(metric(.totalRevenue) - spend, over: spend), breakdowns: .onlyIn(.source), ratioStyle: .multiple,
            definition:
                "Return on a source's spend (both categories of its channel); only in a breakdown by source.",
            formula: "(R(P) of the source − spend of the channel) / spend of the channel",
            example: "$30,000 won from webinars that cost $10,000 → 2."),
    ]

    static let team: [Metric] = [
        Metric(
            .activeReps, "Active reps", .team, .count, .neutral,
            .simple(.activeReps),
            definition: "Reps employed on at least one day of the period.",
            formula: "|{r : (hired_on empty or ≤ P.last) and (left_on empty or > P.first)}|",
            example: "20 reps on the payroll in March → 20."),
        Metric(
            .repProductivity, "Rep productivity", .team, .money, .higherIsBetter,
            .ratio(metric(.totalRevenue), over: metric(.activeReps)),
            definition: "Won revenue per active rep (all won revenue, also of departed or unknown owners).",
            formula: "R(P) / active_reps",
            example: "$1,000,000 over 20 reps → $50,000."),
        Metric(
            .quotaAttainmentRate, "Quota attainment", .team, .ratio, .higherIsBetter,
            .custom(.quotaAttainment),
            definition: "Share of the reps with a prorated quota in the period whose won revenue reached it.",
            formula: "|{r : quota_r(P) > 0, R_r(P) ≥ quota_r(P)}| / |{r : quota_r(P) > 0}|",
            example: "15 of 20 reps reach their quota → 0.75 (75%)."),
        Metric(
            .timeSelling, "Time spent selling", .team, .ratio, .higherIsBetter,
            .ratio(measure(.sellingHours), over: measure(.totalHours)),
            definition: "Share of working hours spent selling.", formula: "Σ selling_hours / Σ total_hours, date ∈ P",
            example: "30 of 40 hours → 0.75 (75%)."),
    ]

    static let surveys: [Metric] = [
        Metric(
            .nps, "Net Promoter Score", .surveys, .score, .higherIsBetter,
            .ratio(
                100 * (measure(.customerPromoters) - measure(.customerDetractors)), over: measure(.customerResponses)),
            definition: "Customer NPS of the responses answered in the period: promoters score 9–10, detractors 0–6.",
            formula: "100 × (promoters − detractors) / responses (kind customer)",
            example: "60 promoters, 25 passives, 15 detractors → 45."),
        Metric(
            .enps, "Employee NPS", .surveys, .score, .higherIsBetter,
            .ratio(
                100 * (measure(.employeePromoters) - measure(.employeeDetractors)), over: measure(.employeeResponses)),
            definition: "The same score over employee responses.",
            formula: "100 × (promoters − detractors) / responses (kind employee)",
            example: "5 promoters, 3 passives, 2 detractors → 30."),
    ]
}

extension Catalog {
    /// SPEC §3 "Added metrics": after the others in the report, each in its category elsewhere.
    static let added: [Metric] = [
        Metric(
            .dealsLost, "Deals lost", .revenue, .count, .lowerIsBetter,
            .simple(.dealsLost),
            definition: "Number of deals lost in the period.", formula: "|lost(P)|",
            example: "75 deals closed as lost in March → 75."),
        Metric(
            .pipelineCreatedCount, "Pipeline created (deals)", .pipeline, .count, .higherIsBetter,
            .simple(.opportunitiesCreated), drillDown: .opportunitiesCreated,
            definition: "Opportunities created in the period, whatever their status.",
            formula: "|{o : created_at ∈ P}|",
            example: "120 opportunities opened in March, 30 of them already won or lost → 120."),
        Metric(
            .pipelineCreatedValue, "Pipeline created (value)", .pipeline, .money, .higherIsBetter,
            .simple(.createdAmount), drillDown: .opportunitiesCreated,
            definition: "Total amount of the opportunities created in the period, whatever their status.",
            formula: "Σ amount of {o : created_at ∈ P}",
            example: "120 new opportunities of $5,000 → $600,000."),
        Metric(
            .winRateByValue, "Win rate by value", .conversion, .ratio, .higherIsBetter,
            .ratio(metric(.totalRevenue), over: metric(.totalRevenue) + measure(.lostAmount)), drillDown: .closed,
            definition: "Share of the amount of the deals closed in the period that was won.",
            formula: "R(P) / (R(P) + Σ amount of lost(P))",
            example: "$250,000 won and $750,000 lost → 0.25 (25%)."),
        Metric(
            .saasQuickRatio, "SaaS quick ratio", .customers, .ratio, .higherIsBetter,
            .ratio(
                measure(.newMRR) + measure(.reactivationMRR) + measure(.expansionMRR),
                over: measure(.contractionMRR) + measure(.churnedMRR)),
            ratioStyle: .multiple,
            definition: "MRR gained over MRR lost in the period; 4 or more is considered efficient growth.",
            formula: "(new_mrr + reactivation_mrr + expansion_mrr) / (contraction_mrr + churned_mrr)",
            example: "$3,000 new, $500 reactivated, $500 expansion; $400 contraction, $600 churned → 4."),
        Metric(
            .magicNumber, "Magic number", .customers, .ratio, .higherIsBetter,
            .ratio(change(metric(.arr)), over: spend.previous), ratioStyle: .multiple,
            definition:
                "ARR added in the period per dollar of sales and marketing spend in the period before; totals only.",
            formula: "(arr(P) − arr(P−1)) / (marketing_spend(P−1) + sales_spend(P−1))",
            example: "ARR up $120,000 after $150,000 of spend last quarter → 0.8."),
    ]
}

extension Catalog {
    /// The customer engagement score's metrics (issue 14; the score in docs/scoring.md).
    static let engagement: [Metric] = [
        Metric(
            .avgEngagementScore, "Average engagement score", .customers, .score, .higherIsBetter,
            .custom(.averageEngagement),
            definition:
                "Mean engagement score (0–100) of the accounts paying at the period's end. An account's score ranks four measures of its use in usage.csv over the 30 days to P.last (recency, frequency, breadth, trend) against its segment's history: the same measures of the segment's paying accounts on every month end usage.csv covers. 50 is the segment's typical account, so the average moves when use does. Null unless usage.csv spans the 60 days ending with P.last.",
            formula:
                "mean over a ∈ active(P.last) of e(a); e(a) = round(100 × mean over the measures m of (below_m(a) + ½ · equal_m(a)) / |ref(segment(a))|); measures: days since last use (30 at most), days with use, use(30 days) / use(60 days), distinct features; ref = the measures of the segment's paying accounts on each month end d that usage.csv covers from d − 59 to d",
            example: "Three paying accounts scoring 75, 58 and 17 → 50."),
        Metric(
            .atRiskAccounts, "Accounts at risk", .customers, .count, .lowerIsBetter,
            .custom(.atRiskAccounts),
            definition:
                "Accounts paying at the period's end whose engagement score is under 30, or 20 or more points below their score 30 days before. Null unless usage.csv spans the 60 days ending with P.last.",
            formula: "|{a ∈ active(P.last) : e(a, P.last) < 30 or e(a, P.last − 30) − e(a, P.last) ≥ 20}|",
            example: "Scores 75, 58 and 17, the first down from 80 → 1 (the account at 17)."),
    ]
}
