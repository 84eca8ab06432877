/// Per source, the spend a marketer reads beside the source's ROI, from a group's values.
extension MetricValues {
    /// Marketing and sales spend together: what lead source ROI divides by. None without
    /// spend.csv (or when either spend was not computed).
    public var sourceSpend: MetricValue {
        guard case .money(let marketing) = self[.marketingSpend] ?? .none,
            case .money(let sales) = self[.salesSpend] ?? .none
        else { return .none }
        return .money(marketing + sales)
    }

    /// That spend per deal won from the source. CAC is company-wide in SPEC §3; per source, this
    /// is what a marketer reads. None without spend or without won deals.
    public var spendPerWonDeal: MetricValue {
        guard case .money(let spend) = sourceSpend, case .count(let won) = self[.dealsWon] ?? .none else {
            return .none
        }
        return .money(dividing: spend, by: Int128(won))
    }
}
