/// The length of a report period (SPEC §2).
public enum Grain: String, Sendable, CaseIterable, Codable {
    case week, month, quarter, year

    /// `weekly`, `monthly`, … for sentences.
    public var adjective: String {
        switch self {
        case .week: "weekly"
        case .month: "monthly"
        case .quarter: "quarterly"
        case .year: "yearly"
        }
    }
}

/// One period of a report: the days `[firstDay, endDay)` and the instants `[start, end)`.
public struct Period: Sendable, Equatable {
    public var label: String
    public var firstDay: Int32
    /// The first day of the next period (exclusive end).
    public var endDay: Int32
    /// Midnight of `firstDay` in the report time zone, ms since the epoch.
    public var start: Int64
    /// Midnight of `endDay` in the report time zone.
    public var end: Int64

    public var lastDay: Int32 { endDay - 1 }
    public var dayBefore: Int32 { firstDay - 1 }
}
