/// The eleven files of a dataset (SPEC §1).
public enum Table: String, Sendable, CaseIterable, Codable, Hashable {
    case reps, accounts, leads, opportunities
    case stageHistory = "stage_history"
    case subscriptions, spend, quotas, forecasts, activities, surveys
    /// Product use per account and day (docs/data-format.md): the engagement score reads it.
    case usage
    /// Exchange rates (SPEC §1 "Currencies"): read to convert amounts, not a table of the dataset.
    case fxRates = "fx_rates"

    public var fileName: String { rawValue + ".csv" }

    /// The files whose extra columns are kept as attributes (docs/data-format.md, "Attributes").
    public static let withAttributes: [Table] = [.leads, .accounts]
}
