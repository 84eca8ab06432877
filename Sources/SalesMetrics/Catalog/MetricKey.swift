/// Every metric id of the catalog, in the catalog's (the report's) order: code names a metric by
/// its key, so a typo does not compile; people's ids become keys at the edges (``Catalog/metric(_:)``).
public enum MetricKey: String, Sendable, CaseIterable, Hashable, Codable {
    case totalRevenue = "total_revenue"
    case dealsWon = "deals_won"
    case revenueGrowth = "revenue_growth"
    case avgDealSize = "avg_deal_size"
    case leadsCreated = "leads_created"
    case leadConversionRate = "lead_conversion_rate"
    case winRate = "win_rate"
    case opportunityConversionRate = "opportunity_conversion_rate"
    case salesCycleLength = "sales_cycle_length"
    case qualifiedLeads = "qualified_leads"
    case openPipelineCount = "open_pipeline_count"
    case openPipelineValue = "open_pipeline_value"
    case pipelineVelocity = "pipeline_velocity"
    case pipelineCoverage = "pipeline_coverage"
    case forecastAccuracy = "forecast_accuracy"
    case dealSlippageRate = "deal_slippage_rate"
    case leadResponseTime = "lead_response_time"
    case newCustomers = "new_customers"
    case cac = "cac"
    case activeCustomers = "active_customers"
    case mrr = "mrr"
    case arr = "arr"
    case arpa = "arpa"
    case churnRate = "churn_rate"
    case customerRetentionRate = "customer_retention_rate"
    case newMrr = "new_mrr"
    case reactivationMrr = "reactivation_mrr"
    case expansionMrr = "expansion_mrr"
    case contractionMrr = "contraction_mrr"
    case churnedMrr = "churned_mrr"
    case netNewMrr = "net_new_mrr"
    case netRevenueRetention = "net_revenue_retention"
    case grossRevenueRetention = "gross_revenue_retention"
    case cltv = "cltv"
    case cltvCacRatio = "cltv_cac_ratio"
    case marketingSpend = "marketing_spend"
    case salesSpend = "sales_spend"
    case romiIncremental = "romi_incremental"
    case sourceRoi = "source_roi"
    case activeReps = "active_reps"
    case repProductivity = "rep_productivity"
    case quotaAttainmentRate = "quota_attainment_rate"
    case timeSelling = "time_selling"
    case nps = "nps"
    case enps = "enps"
    // SPEC §3 "Added metrics"
    case dealsLost = "deals_lost"
    case pipelineCreatedCount = "pipeline_created_count"
    case pipelineCreatedValue = "pipeline_created_value"
    case winRateByValue = "win_rate_by_value"
    case saasQuickRatio = "saas_quick_ratio"
    case magicNumber = "magic_number"
    // Issue 14: the engagement score (docs/scoring.md)
    case avgEngagementScore = "avg_engagement_score"
    case atRiskAccounts = "at_risk_accounts"

    /// Whether the metric needs the accounts' engagement scored (``EngagementSamples``).
    public var readsEngagement: Bool { self == .avgEngagementScore || self == .atRiskAccounts }

    private static let indices = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })

    /// The position in the catalog (and in every report's metrics).
    public var index: Int { Self.indices[self]! }
}
