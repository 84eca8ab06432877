/// A breakdown dimension (SPEC §4).
public enum Breakdown: String, Sendable, CaseIterable, Codable {
    case owner, team, source, segment, product, region

    /// The tables whose rows carry this dimension (the non-`—` cells of SPEC §4).
    public var tables: Set<Table> {
        switch self {
        case .owner, .team: [.leads, .opportunities, .quotas, .activities, .reps]
        case .source: [.leads, .opportunities, .spend]
        case .segment: [.leads, .opportunities, .subscriptions, .surveys, .usage]
        case .product: [.opportunities]
        case .region: [.opportunities, .subscriptions, .surveys, .usage]
        }
    }

    /// The label of the group of rows without a value.
    public static let noneKey = "(none)"
}
