import SalesMetrics

/// A column of a file's schema.
public struct ColumnSpec: Sendable, Equatable {
    public let name: String
    public let required: Bool
}

/// The columns of every dataset file (SPEC §1), in the order the readers use them.
public enum TableSchema {
    public static func columns(_ table: Table) -> [ColumnSpec] {
        switch table {
        case .reps:
            [col("rep_id", true), col("name"), col("team"), col("hired_on"), col("left_on")]
        case .accounts:
            [col("account_id", true), col("name"), col("segment"), col("region"), col("industry")]
        case .leads:
            [
                col("lead_id", true), col("created_at", true), col("source"), col("owner_id"), col("segment"),
                col("qualified_at"), col("first_response_at"), col("converted_at"), col("account_id"),
                col("opportunity_id"),
            ]
        case .opportunities:
            [
                col("opportunity_id", true), col("account_id"), col("owner_id"), col("created_at", true),
                col("status", true), col("closed_at"), col("amount", true), col("stage"), col("expected_close_on"),
                col("source"), col("product"),
            ]
        case .stageHistory:
            [col("opportunity_id", true), col("stage", true), col("entered_at", true)]
        case .subscriptions:
            [
                col("subscription_id", true), col("account_id", true), col("mrr", true), col("started_on", true),
                col("ended_on"),
            ]
        case .spend:
            [col("date", true), col("category", true), col("channel"), col("amount", true)]
        case .quotas:
            [col("rep_id", true), col("period_start", true), col("period_end", true), col("amount", true)]
        case .forecasts:
            [
                col("period_start", true), col("period_end", true), col("amount", true), col("rep_id"),
                col("submitted_at"),
            ]
        case .activities:
            [col("rep_id", true), col("date", true), col("selling_hours", true), col("total_hours", true)]
        case .surveys:
            [
                col("response_id", true), col("answered_at", true), col("score", true), col("kind", true),
                col("account_id"),
            ]
        }
    }

    private static func col(_ name: String, _ required: Bool = false) -> ColumnSpec {
        ColumnSpec(name: name, required: required)
    }
}
