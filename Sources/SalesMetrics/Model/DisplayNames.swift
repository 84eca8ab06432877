/// Names for people where the data has them: reps by their name in reps.csv, accounts by
/// theirs in accounts.csv. Reports, files and URLs keep ids (they are unique and stable); pages
/// and documents show these, with the id beside or behind them.
public struct DisplayNames: Sendable {
    /// Rep id → name, for breakdown keys.
    private var repNameById: [String: String] = [:]
    /// By rep code and account code; "" when the file has no name for it.
    private var repNames: [String]
    private var accountNames: [String]

    public init(_ d: Dataset) {
        repNames = Self.names(count: d.repIds.count, ids: d.reps?.id ?? [], names: d.reps?.name ?? [])
        for (code, name) in repNames.enumerated() where !name.isEmpty {
            if let id = d.repIds[Int32(code)] { repNameById[id] = name }
        }
        accountNames = Self.names(
            count: d.accountIds.count, ids: d.accounts?.id ?? [], names: d.accounts?.name ?? [])
    }

    private static func names(count: Int, ids: [Int32], names: [String]) -> [String] {
        var out = [String](repeating: "", count: count)
        for (code, name) in zip(ids, names) where code >= 0 && Int(code) < count { out[Int(code)] = name }
        return out
    }

    /// The rep's name, else its id ("" for no rep).
    public func rep(_ code: Int32, ids: StringCodes) -> String {
        guard code >= 0, Int(code) < repNames.count else { return "" }
        return repNames[Int(code)].isEmpty ? ids[code] ?? "" : repNames[Int(code)]
    }

    /// The account's name, else its id ("" for no account).
    public func account(_ code: Int32, ids: StringCodes) -> String {
        guard code >= 0, Int(code) < accountNames.count else { return "" }
        return accountNames[Int(code)].isEmpty ? ids[code] ?? "" : accountNames[Int(code)]
    }

    /// A breakdown group's key as people read it: an owner's name (the key is the rep's id);
    /// other dimensions' keys are names already.
    public func group(_ dimension: Breakdown, _ key: String) -> String {
        guard dimension == .owner else { return key }
        return repNameById[key] ?? key
    }

    /// The group's name with its key when they differ: "Ana Silva (r0006)".
    public func groupWithKey(_ dimension: Breakdown, _ key: String) -> String {
        let name = group(dimension, key)
        return name == key ? key : "\(name) (\(key))"
    }
}
