/// The eleven files of a dataset (SPEC §1).
public enum Table: String, Sendable, CaseIterable, Codable, Hashable {
    case reps, accounts, leads, opportunities
    case stageHistory = "stage_history"
    case subscriptions, spend, quotas, forecasts, activities, surveys

    public var fileName: String { rawValue + ".csv" }
}
