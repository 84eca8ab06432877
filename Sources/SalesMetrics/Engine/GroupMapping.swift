/// Which group every row of every table falls in, for one breakdown (or for
/// the totals, where everything is group 0).
///
/// A table that does not map to the dimension (`—` in SPEC §4) has `nil`
/// here; the metrics that read it are `null` in that breakdown.
struct GroupMapping {
    var keys: [String]
    var leads: [Int32]?
    var opportunities: [Int32]?
    var spend: [Int32]?
    var reps: [Int32]?
    var quotas: [Int32]?
    var activities: [Int32]?
    var surveys: [Int32]?
    /// Group of each account code (subscriptions and new customers are per account).
    var accounts: [Int32]?
    /// Group of each rep code (quota attainment is per rep).
    var repCodes: [Int32]?

    var count: Int { keys.count }

    /// Everything in one group.
    static func totals(_ d: Dataset) -> GroupMapping {
        func zeros(_ n: Int) -> [Int32] { [Int32](repeating: 0, count: n) }
        return GroupMapping(
            keys: [""], leads: zeros(d.rowCount(.leads)), opportunities: zeros(d.rowCount(.opportunities)),
            spend: zeros(d.rowCount(.spend)), reps: zeros(d.rowCount(.reps)), quotas: zeros(d.rowCount(.quotas)),
            activities: zeros(d.rowCount(.activities)), surveys: zeros(d.rowCount(.surveys)),
            accounts: zeros(d.accountIds.count), repCodes: zeros(d.repIds.count))
    }

    /// Groups are the dimension values found in any mapped row of the whole
    /// dataset, sorted by code point, `(none)` last (SPEC §8.23–8.24).
    static func breakdown(_ d: Dataset, by dimension: Breakdown) -> GroupMapping {
        // Raw dimension codes per row, in the dimension's own dictionary.
        var raw = RawCodes()
        let names: StringCodes
        switch dimension {
        case .owner, .team:
            let team = dimension == .team ? d.teamOfRep() : nil
            func map(_ codes: [Int32]) -> [Int32] {
                guard let team else { return codes }
                return codes.map { $0 < 0 ? StringCodes.none : team[Int($0)] }
            }
            names = dimension == .team ? d.teams : d.repIds
            raw.leads = d.leads.map { map($0.owner) }
            raw.opportunities = d.opportunities.map { map($0.owner) }
            raw.quotas = d.quotas.map { map($0.rep) }
            raw.activities = d.activities.map { map($0.rep) }
            raw.reps = d.reps.map { map($0.id) }
            raw.repCodes = map((0..<Int32(d.repIds.count)).map { $0 })
        case .source:
            names = d.sources
            raw.leads = d.leads?.source
            raw.opportunities = d.opportunities?.source
            raw.spend = d.spend?.channel
        case .segment, .region:
            let attributes = d.accountDimensions()
            let ofAccount = dimension == .segment ? attributes.segment : attributes.region
            func map(_ accounts: [Int32]) -> [Int32] { accounts.map { $0 < 0 ? StringCodes.none : ofAccount[Int($0)] } }
            names = dimension == .segment ? d.segments : d.regions
            if dimension == .segment { raw.leads = d.leads?.segment }
            raw.opportunities = d.opportunities.map { map($0.account) }
            raw.surveys = d.surveys.map { map($0.account) }
            raw.accounts = ofAccount
            raw.accountsUsed = d.subscriptions.map { map($0.account) }
        case .product:
            names = d.products
            raw.opportunities = d.opportunities?.product
        }
        return raw.grouped(names: names)
    }
}

/// Breakdown codes per row before they are turned into sorted group indices.
private struct RawCodes {
    var leads, opportunities, spend, reps, quotas, activities, surveys: [Int32]?
    var accounts, repCodes: [Int32]?
    /// Codes of the subscription rows: they decide which groups exist, while
    /// `accounts` maps every account (new customers come from deals too).
    var accountsUsed: [Int32]?

    func grouped(names: StringCodes) -> GroupMapping {
        // Which codes occur, and whether any row has none.
        var used = [Bool](repeating: false, count: names.count)
        var hasNone = false
        for column in [leads, opportunities, spend, reps, quotas, activities, surveys, accountsUsed] {
            for code in column ?? [] {
                if code < 0 { hasNone = true } else { used[Int(code)] = true }
            }
        }
        let sortedCodes = used.indices.filter { used[$0] }.sorted {
            names.values[$0].utf8.lexicographicallyPrecedes(names.values[$1].utf8)
        }
        var groupOfCode = [Int32](repeating: -1, count: names.count)
        for (group, code) in sortedCodes.enumerated() { groupOfCode[code] = Int32(group) }
        let keys = sortedCodes.map { names.values[$0] }
        let noneGroup = Int32(keys.count)
        let allKeys = hasNone ? keys + [Breakdown.noneKey] : keys
        let noneGroupOrSkip = hasNone ? noneGroup : -1
        func map(_ column: [Int32]?) -> [Int32]? {
            column?.map { code in code >= 0 && groupOfCode[Int(code)] >= 0 ? groupOfCode[Int(code)] : noneGroupOrSkip }
        }
        // Per-code lookups (accounts, reps) cover codes no metric row uses; those map to -1 (skipped).
        return GroupMapping(
            keys: allKeys, leads: map(leads), opportunities: map(opportunities), spend: map(spend), reps: map(reps),
            quotas: map(quotas), activities: map(activities), surveys: map(surveys), accounts: map(accounts),
            repCodes: map(repCodes))
    }
}
