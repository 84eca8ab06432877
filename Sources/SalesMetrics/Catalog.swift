/// Every metric of SPEC §3, defined once. The CLI, the docs and the engine's
/// applicability rules all read this list; its order is the report order.
public enum Catalog {
    public static let metrics: [Metric] = revenue + conversion + pipeline + customers + marketing + team + surveys

    public static let ids: [String] = metrics.map(\.id)

    private static let byId: [String: Metric] = Dictionary(uniqueKeysWithValues: metrics.map { ($0.id, $0) })

    public static func metric(_ id: String) -> Metric? { byId[id] }

    private static func m(
        _ id: String, _ label: String, _ category: MetricCategory, _ unit: MetricUnit, _ direction: MetricDirection,
        _ kind: MetricKind, requires: [Table], anyOf: [Table] = [],
        definition: String, formula: String, example: String
    ) -> Metric {
        Metric(
            id: id, key: MetricKey(rawValue: id)!, label: label, category: category, unit: unit, direction: direction,
            kind: kind,
            definition: definition, formula: formula, requires: requires, requiresAnyOf: anyOf, example: example)
    }

    static let revenue: [Metric] = [
        m(
            "total_revenue", "Total revenue", .revenue, .money, .higherIsBetter,
            .simple(measure: "sum(amount) where status = won", time: "closed_at"), requires: [.opportunities],
            definition: "Sum of the amounts of the deals won in the period.",
            formula: "R(P) = Σ amount of won(P)",
            example: "100 deals of $10,000 won in March → $1,000,000."),
        m(
            "deals_won", "Deals won", .revenue, .count, .higherIsBetter,
            .simple(measure: "count where status = won", time: "closed_at"), requires: [.opportunities],
            definition: "Number of deals won in the period.", formula: "|won(P)|",
            example: "50 deals closed as won in March → 50."),
        m(
            "revenue_growth", "Revenue growth", .revenue, .ratio, .higherIsBetter,
            .periodOverPeriod(of: "total_revenue"), requires: [.opportunities],
            definition: "Change of won revenue against the previous period, as a fraction of the previous period.",
            formula: "(R(P) − R(P−1)) / R(P−1)",
            example: "$800,000 last month, $1,000,000 this month → 0.25 (25%)."),
        m(
            "avg_deal_size", "Average deal size", .revenue, .money, .higherIsBetter,
            .ratio(numerator: "total_revenue", denominator: "deals_won"), requires: [.opportunities],
            definition: "Won revenue per won deal.", formula: "R(P) / |won(P)|",
            example: "$500,000 over 50 won deals → $10,000."),
    ]

    static let conversion: [Metric] = [
        m(
            "leads_created", "Leads created", .conversion, .count, .higherIsBetter,
            .simple(measure: "count", time: "created_at"), requires: [.leads],
            definition: "Number of leads generated in the period.", formula: "|leads(P)|",
            example: "1,000 leads created in March → 1,000."),
        m(
            "lead_conversion_rate", "Lead conversion rate", .conversion, .ratio, .higherIsBetter,
            .cohort(cohort: "leads(P)", outcome: "converted_at set"), requires: [.leads],
            definition: "Share of the leads created in the period that converted (at any time).",
            formula: "|{l ∈ leads(P) : converted_at set}| / |leads(P)|",
            example: "200 of 1,000 leads converted → 0.2 (20%)."),
        m(
            "win_rate", "Win rate", .conversion, .ratio, .higherIsBetter,
            .ratio(numerator: "deals_won", denominator: "deals closed"), requires: [.opportunities],
            definition: "Share of the deals closed in the period that were won.",
            formula: "|won(P)| / (|won(P)| + |lost(P)|)",
            example: "25 won and 75 lost → 0.25 (25%)."),
        m(
            "opportunity_conversion_rate", "Opportunity conversion rate", .conversion, .ratio, .higherIsBetter,
            .cohort(cohort: "opportunities created in P", outcome: "status = won"), requires: [.opportunities],
            definition: "Share of the opportunities created in the period whose status is won.",
            formula: "|{o : created_at ∈ P, status = won}| / |{o : created_at ∈ P}|",
            example: "25 of 100 opportunities opened in March are won → 0.25 (25%)."),
        m(
            "sales_cycle_length", "Sales cycle length", .conversion, .days, .lowerIsBetter,
            .simple(measure: "mean(days(created_at, closed_at)) where status = won", time: "closed_at"),
            requires: [.opportunities],
            definition: "Mean number of days from opening to closing, over the deals won in the period.",
            formula: "mean of days(created_at, closed_at) over won(P)",
            example: "10 won deals that took 200 days in all → 20 days."),
    ]

    static let pipeline: [Metric] = [
        m(
            "qualified_leads", "Qualified leads", .pipeline, .count, .higherIsBetter,
            .simple(measure: "count where qualified_at set", time: "created_at"), requires: [.leads],
            definition: "Leads created in the period that met the qualification criteria (at any time).",
            formula: "|{l ∈ leads(P) : qualified_at set}|",
            example: "150 of 500 new leads meet the criteria → 150."),
        m(
            "open_pipeline_count", "Open pipeline (deals)", .pipeline, .count, .higherIsBetter,
            .snapshot(at: "P.end"), requires: [.opportunities],
            definition: "Opportunities open at the end of the period, whatever their later status.",
            formula: "|open_at(P.end)|, open_at(t) = created_at < t and (closed_at empty or ≥ t)",
            example: "200 deals opened before April 1 and not closed by then → 200 for March."),
        m(
            "open_pipeline_value", "Open pipeline value", .pipeline, .money, .higherIsBetter,
            .snapshot(at: "P.end"), requires: [.opportunities],
            definition: "Total amount of the opportunities open at the end of the period.",
            formula: "Σ amount of open_at(P.end)",
            example: "200 open deals of $10,000 → $2,000,000."),
        m(
            "pipeline_velocity", "Pipeline velocity", .pipeline, .moneyPerDay, .higherIsBetter,
            .derived(from: ["open_pipeline_count", "win_rate", "avg_deal_size", "sales_cycle_length"]),
            requires: [.opportunities],
            definition:
                "Revenue the open pipeline is expected to produce per day; 0 when nothing is open, null when a term is null or the cycle is 0.",
            formula: "open_pipeline_count × win_rate × avg_deal_size / sales_cycle_length",
            example: "200 × 0.25 × $10,000 / 25 days → $20,000 per day (the source article prints \"200\")."),
        m(
            "pipeline_coverage", "Pipeline coverage", .pipeline, .ratio, .higherIsBetter,
            .ratio(numerator: "pipeline due in P, open at P.start", denominator: "quota(P)"),
            requires: [.opportunities, .quotas],
            definition:
                "Open pipeline at the start of the period that is expected to close in it, over the period's prorated quota of all reps.",
            formula: "Σ amount of open_at(P.start) with expected_close_on ∈ P / quota(P)",
            example: "$3,000,000 due this quarter against a $1,000,000 quota → 3.0."),
        m(
            "forecast_accuracy", "Forecast accuracy", .pipeline, .ratio, .higherIsBetter,
            .derived(from: ["total_revenue", "company forecast for exactly P"]),
            requires: [.opportunities, .forecasts],
            definition:
                "How close the company-level forecast for exactly this period came to won revenue (latest submission); can be negative.",
            formula: "1 − |R(P) − F| / R(P)",
            example: "Forecast $900,000, actual $1,000,000 → 0.9 (90%)."),
        m(
            "deal_slippage_rate", "Deal slippage rate", .pipeline, .ratio, .lowerIsBetter,
            .cohort(cohort: "deals expected to close in P", outcome: "not closed by P.end"),
            requires: [.opportunities],
            definition:
                "Among deals expected to close in the period (any status), the share not closed by its end.",
            formula: "|{o : expected_close_on ∈ P, closed_at empty or ≥ P.end}| / |{o : expected_close_on ∈ P}|",
            example: "40 deals due in March, 10 still open on April 1 → 0.25 (25%)."),
        m(
            "lead_response_time", "Lead response time", .pipeline, .hours, .lowerIsBetter,
            .simple(measure: "mean(hours(created_at, first_response_at))", time: "created_at"), requires: [.leads],
            definition:
                "Mean hours from lead creation to the first reply by sales, over leads created in the period that got one.",
            formula: "mean of hours(created_at, first_response_at) over leads(P) with first_response_at",
            example: "Replies after 1 h and 3 h → 2 hours."),
    ]

    static let customers: [Metric] = [
        m(
            "new_customers", "New customers", .customers, .count, .higherIsBetter,
            .simple(measure: "count of accounts", time: "acquisition instant"), requires: [],
            anyOf: [.opportunities, .subscriptions],
            definition:
                "Accounts acquired in the period: their first won deal (with an account) or first paid subscription day.",
            formula: "|{a : min(closed_at of won deals, started_on of subscriptions with mrr > 0) ∈ P}|",
            example: "50 accounts win their first deal in March → 50."),
        m(
            "cac", "Customer acquisition cost", .customers, .money, .lowerIsBetter,
            .ratio(numerator: "spend (both categories)", denominator: "new_customers"), requires: [.spend],
            anyOf: [.opportunities, .subscriptions],
            definition: "Marketing and sales spend of the period per new customer.",
            formula: "Σ spend amount with date ∈ P / new_customers",
            example: "$100,000 spent, 50 new customers → $2,000."),
        m(
            "active_customers", "Active customers", .customers, .count, .higherIsBetter,
            .snapshot(at: "P.last"), requires: [.subscriptions],
            definition: "Accounts with MRR above 0 on the last day of the period.", formula: "|E(P)|",
            example: "480 accounts paying on March 31 → 480."),
        m(
            "mrr", "MRR", .customers, .money, .higherIsBetter, .snapshot(at: "P.last"), requires: [.subscriptions],
            definition: "Monthly recurring revenue on the last day of the period.",
            formula: "Σ MRR on P.last over all accounts",
            example: "Subscriptions of $100 and $250 active on March 31 → $350."),
        m(
            "arr", "ARR", .customers, .money, .higherIsBetter, .derived(from: ["mrr"]), requires: [.subscriptions],
            definition: "Annual recurring revenue: twelve times MRR.", formula: "12 × mrr",
            example: "MRR $350 → ARR $4,200."),
        m(
            "arpa", "ARPA", .customers, .money, .higherIsBetter,
            .ratio(numerator: "mrr", denominator: "active_customers"), requires: [.subscriptions],
            definition: "Average MRR per active account on the last day of the period.",
            formula: "mrr / active_customers",
            example: "MRR $350 over 2 accounts → $175."),
        m(
            "churn_rate", "Customer churn rate", .customers, .ratio, .lowerIsBetter,
            .cohort(cohort: "S(P): active on P.before", outcome: "not active on P.last"),
            requires: [.subscriptions],
            definition:
                "Share of the accounts active just before the period that are no longer active at its end; new customers never offset it.",
            formula: "|S(P) \\ E(P)| / |S(P)|",
            example: "500 at the start, 30 lost, 20 new → 0.06 (6%; the source article prints 2%)."),
        m(
            "customer_retention_rate", "Customer retention rate", .customers, .ratio, .higherIsBetter,
            .cohort(cohort: "S(P): active on P.before", outcome: "still active on P.last"),
            requires: [.subscriptions],
            definition: "Share of the accounts active just before the period that are still active at its end.",
            formula: "|S(P) ∩ E(P)| / |S(P)| = 1 − churn_rate",
            example: "500 at the start, 30 lost → 0.94 (94%)."),
        m(
            "new_mrr", "New MRR", .customers, .money, .higherIsBetter,
            .snapshot(at: "P.before → P.last"), requires: [.subscriptions],
            definition: "MRR at the period's end of accounts that had none before it and never paid before.",
            formula: "Σ e over accounts with s = 0 < e and no MRR on any day before P.first",
            example: "A first subscription of $100 starting in March → $100."),
        m(
            "reactivation_mrr", "Reactivation MRR", .customers, .money, .higherIsBetter,
            .snapshot(at: "P.before → P.last"), requires: [.subscriptions],
            definition: "MRR at the period's end of returning accounts: none just before the period, some earlier.",
            formula: "Σ e over accounts with s = 0 < e that had MRR > 0 on some day before P.first",
            example: "A customer lost in January who comes back at $80 in March → $80."),
        m(
            "expansion_mrr", "Expansion MRR", .customers, .money, .higherIsBetter,
            .snapshot(at: "P.before → P.last"), requires: [.subscriptions],
            definition: "MRR gained by accounts that paid more at the end of the period than just before it.",
            formula: "Σ (e − s) over accounts with 0 < s < e",
            example: "An upgrade from $100 to $150 → $50."),
        m(
            "contraction_mrr", "Contraction MRR", .customers, .money, .lowerIsBetter,
            .snapshot(at: "P.before → P.last"), requires: [.subscriptions],
            definition: "MRR lost by accounts that still pay, but less than just before the period.",
            formula: "Σ (s − e) over accounts with 0 < e < s",
            example: "A downgrade from $150 to $120 → $30."),
        m(
            "churned_mrr", "Churned MRR", .customers, .money, .lowerIsBetter,
            .snapshot(at: "P.before → P.last"), requires: [.subscriptions],
            definition: "MRR of the accounts that paid just before the period and pay nothing at its end.",
            formula: "Σ s over accounts with s > 0 = e",
            example: "A $200 customer cancels in March → $200."),
        m(
            "net_new_mrr", "Net new MRR", .customers, .money, .higherIsBetter, .periodOverPeriod(of: "mrr"),
            requires: [.subscriptions],
            definition: "Change of MRR over the period; equals the sum of its movements.",
            formula: "mrr(P) − mrr(P−1) = new + reactivation + expansion − contraction − churned",
            example: "$100 new + $80 reactivated + $50 expansion − $30 contraction − $200 churned → $0."),
        m(
            "net_revenue_retention", "Net revenue retention", .customers, .ratio, .higherIsBetter,
            .cohort(cohort: "S(P)", outcome: "MRR at P.last"), requires: [.subscriptions],
            definition: "MRR at the end of the period of the accounts active before it, over their MRR before it.",
            formula: "Σ e / Σ s over accounts in S(P)",
            example: "$10,000 before, $10,500 after expansions and churn → 1.05."),
        m(
            "gross_revenue_retention", "Gross revenue retention", .customers, .ratio, .higherIsBetter,
            .cohort(cohort: "S(P)", outcome: "MRR kept at P.last"), requires: [.subscriptions],
            definition:
                "Like net revenue retention, but expansion does not count: each account keeps at most what it had.",
            formula: "Σ min(e, s) / Σ s over accounts in S(P)",
            example: "$10,000 before, $600 lost to churn and contraction → 0.94."),
        m(
            "cltv", "Customer lifetime value", .customers, .money, .higherIsBetter,
            .derived(from: ["arpa", "mean monthly churn_rate of the last 12 months"]), requires: [.subscriptions],
            definition:
                "Expected MRR over a customer's life: ARPA over the mean monthly churn rate of the 12 calendar months ending with the period's last month.",
            formula: "arpa(P) / c, c = mean of monthly churn_rate over the 12 months ending with the month of P.last",
            example: "$5,000 a year for 3 years → $15,000; $1,000 a year for 10 years → $10,000."),
        m(
            "cltv_cac_ratio", "CLTV : CAC", .customers, .ratio, .higherIsBetter,
            .derived(from: ["cltv", "cac"]), requires: [.subscriptions, .spend],
            anyOf: [.opportunities, .subscriptions],
            definition: "Lifetime value per acquisition cost; 3 or more is considered healthy.",
            formula: "cltv / cac",
            example: "CLTV $6,000, CAC $2,000 → 3 (3:1, healthy)."),
    ]

    static let marketing: [Metric] = [
        m(
            "marketing_spend", "Marketing spend", .marketing, .money, .neutral,
            .simple(measure: "sum(amount) where category = marketing", time: "date"), requires: [.spend],
            definition: "Marketing costs booked in the period.",
            formula: "Σ spend amount, category marketing, date ∈ P",
            example: "$20,000 of ads in March → $20,000."),
        m(
            "sales_spend", "Sales spend", .marketing, .money, .neutral,
            .simple(measure: "sum(amount) where category = sales", time: "date"), requires: [.spend],
            definition: "Sales costs booked in the period.", formula: "Σ spend amount, category sales, date ∈ P",
            example: "$80,000 of salaries and tools in March → $80,000."),
        m(
            "romi_incremental", "Incremental ROMI", .marketing, .ratio, .higherIsBetter,
            .derived(from: ["total_revenue", "marketing_spend"]), requires: [.opportunities, .spend],
            definition: "Extra won revenue per extra marketing dollar against the previous period.",
            formula: "(R(P) − R(P−1)) / (marketing_spend(P) − marketing_spend(P−1))",
            example: "Revenue +$50,000 on a budget +$10,000 → 5."),
        m(
            "source_roi", "Lead source ROI", .marketing, .ratio, .higherIsBetter,
            .derived(from: ["total_revenue", "spend of the channel"]), requires: [.opportunities, .spend],
            definition:
                "Return on a source's spend (both categories of its channel); only in a breakdown by source.",
            formula: "(R(P) of the source − spend of the channel) / spend of the channel",
            example: "$30,000 won from webinars that cost $10,000 → 2."),
    ]

    static let team: [Metric] = [
        m(
            "active_reps", "Active reps", .team, .count, .neutral, .snapshot(at: "any day of P"), requires: [.reps],
            definition: "Reps employed on at least one day of the period.",
            formula: "|{r : (hired_on empty or ≤ P.last) and (left_on empty or > P.first)}|",
            example: "20 reps on the payroll in March → 20."),
        m(
            "rep_productivity", "Rep productivity", .team, .money, .higherIsBetter,
            .ratio(numerator: "total_revenue", denominator: "active_reps"), requires: [.opportunities, .reps],
            definition: "Won revenue per active rep (all won revenue, also of departed or unknown owners).",
            formula: "R(P) / active_reps",
            example: "$1,000,000 over 20 reps → $50,000."),
        m(
            "quota_attainment_rate", "Quota attainment", .team, .ratio, .higherIsBetter,
            .cohort(cohort: "reps with quota(P) > 0", outcome: "R(P) as owner ≥ quota(P)"),
            requires: [.quotas, .opportunities],
            definition: "Share of the reps with a prorated quota in the period whose won revenue reached it.",
            formula: "|{r : quota_r(P) > 0, R_r(P) ≥ quota_r(P)}| / |{r : quota_r(P) > 0}|",
            example: "15 of 20 reps reach their quota → 0.75 (75%)."),
        m(
            "time_selling", "Time spent selling", .team, .ratio, .higherIsBetter,
            .ratio(numerator: "selling_hours", denominator: "total_hours"), requires: [.activities],
            definition: "Share of working hours spent selling.", formula: "Σ selling_hours / Σ total_hours, date ∈ P",
            example: "30 of 40 hours → 0.75 (75%)."),
    ]

    static let surveys: [Metric] = [
        m(
            "nps", "Net Promoter Score", .surveys, .score, .higherIsBetter,
            .simple(measure: "100 × (promoters − detractors) / responses", time: "answered_at"),
            requires: [.surveys],
            definition: "Customer NPS of the responses answered in the period: promoters score 9–10, detractors 0–6.",
            formula: "100 × (promoters − detractors) / responses (kind customer)",
            example: "60 promoters, 25 passives, 15 detractors → 45."),
        m(
            "enps", "Employee NPS", .surveys, .score, .higherIsBetter,
            .simple(measure: "100 × (promoters − detractors) / responses", time: "answered_at"),
            requires: [.surveys],
            definition: "The same score over employee responses.",
            formula: "100 × (promoters − detractors) / responses (kind employee)",
            example: "5 promoters, 3 passives, 2 detractors → 30."),
    ]
}
