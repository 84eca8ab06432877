/// The count a ratio is over: its denominator when that is a count of rows (won + lost deals,
/// leads created, active customers), without the denominator's unit constants (days per
/// millisecond), so it reads as "12 deals".
public struct Sample: Sendable, Equatable {
    public let quantity: Quantity
    /// What the rows are, plural ("deals", "leads").
    public let noun: String

    /// Groups whose sample is smaller than this are marked as too small to compare: below 10,
    /// one row moves a share by 10 points or more.
    public static let smallBelow: Int64 = 10

    init?(of kind: MetricKind) {
        let denominator: Quantity
        switch kind {
        case .ratio(_, let d), .cohort(_, let d): denominator = d
        // The accounts scored are those paying at P.last: the active customers.
        case .custom(.averageEngagement): denominator = Quantity(.activeAccounts)
        default: return nil
        }
        var terms: [Quantity.Term] = []
        for term in denominator.terms {
            guard case .measure(let m) = term.source, m.aggregation == .count, term.coefficient != 0 else { return nil }
            terms.append(
                Quantity.Term(coefficient: term.coefficient > 0 ? 1 : -1, source: term.source, previous: term.previous))
        }
        guard case .measure(let first) = terms.first?.source else { return nil }
        quantity = Quantity(terms: terms)
        noun = Self.noun(first.table)
    }

    static func noun(_ table: Table) -> String {
        switch table {
        case .opportunities, .stageHistory: "deals"
        case .leads: "leads"
        case .accounts, .subscriptions: "customers"
        case .reps, .quotas, .activities: "reps"
        case .surveys: "responses"
        default: "rows"
        }
    }

    /// "12 deals", "1 deal".
    public func describe(_ n: Int64) -> String {
        "\(ValueFormat.grouped(UInt64(max(0, n)))) \(n == 1 ? String(noun.dropLast()) : noun)"
    }
}
