import SalesMetrics

/// Targets, kept beside the data so every server and command shares them, and what the alerts
/// last said about each, so a change is posted once.
public protocol TargetStore: Sendable {
    /// Every target, by name. A new store starts with ``Target/defaults``.
    func targets() async throws -> [Target]
    /// Adds the targets, replacing those with the same names, all or nothing; each is checked
    /// first (``TargetStoreError``).
    func setTargets(_ targets: [Target]) async throws
    /// Removes the named target; false when there is none.
    func removeTarget(name: String) async throws -> Bool
    /// The state last announced for each target and period ("name|grain|period" → state).
    func announcedStates() async throws -> [String: String]
    /// Records announced states, replacing earlier ones for the same keys.
    func recordAnnounced(_ states: [String: String]) async throws
}

public enum TargetStoreError: Error, CustomStringConvertible, Equatable {
    case invalid(name: String, problems: [String])
    case tooMany(Int)

    /// A store holds at most this many targets: far more than a team sets, few enough that every
    /// page may evaluate them all.
    public static let maxTargets = 500

    public var description: String {
        switch self {
        case .invalid(let name, let problems):
            "Target '\(name.prefix(80))': " + problems.joined(separator: "; ") + "."
        case .tooMany(let n):
            "\(n) targets are more than the \(Self.maxTargets) a store keeps; remove some first."
        }
    }

    /// Checks targets before any is stored.
    public static func check(_ targets: [Target], existing: Int) throws(TargetStoreError) {
        for t in targets where !t.problems.isEmpty { throw .invalid(name: t.name, problems: t.problems) }
        if existing + targets.count > maxTargets { throw .tooMany(existing + targets.count) }
    }
}

/// A target as a row of text columns, the same in every store.
public enum TargetRow {
    public static let columns = [
        "name", "metric", "comparison", "value", "grains", "scope_dimension", "scope_key", "valid_from", "valid_until",
        "note",
    ]

    public static func values(_ t: Target) -> [String?] {
        [
            t.name, t.metric.rawValue, t.comparison.rawValue, String(t.value),
            t.grains.map(\.rawValue).joined(separator: ","),
            t.scope?.dimension.rawValue, t.scope?.key, t.validFrom.map(CivilDate.format),
            t.validUntil.map(CivilDate.format), t.note,
        ]
    }

    /// The target of a stored row; nil for a row no version of this program wrote.
    public static func target(_ v: [String?]) -> Target? {
        guard v.count == columns.count, let name = v[0], let metric = v[1].flatMap(MetricKey.init(rawValue:)),
            let comparison = v[2].flatMap(Target.Comparison.init(rawValue:)), let value = v[3].flatMap(Double.init)
        else { return nil }
        let grains = (v[4] ?? "").split(separator: ",").compactMap { Grain(rawValue: String($0)) }
        var scope: Target.Scope?
        if let d = v[5].flatMap(Breakdown.init(rawValue:)), let key = v[6] { scope = .init(dimension: d, key: key) }
        return Target(
            name: name, metric: metric, comparison: comparison, value: value, grains: grains, scope: scope,
            validFrom: v[7].flatMap(CivilDate.parse), validUntil: v[8].flatMap(CivilDate.parse), note: v[9] ?? "")
    }

    /// Key of an announced state.
    public static func announcementKey(target: String, grain: Grain, period: String) -> String {
        "\(target)|\(grain.rawValue)|\(period)"
    }
}

/// The tables of targets, the same SQL in every store (text columns, parameters `?` numbered
/// by the store when it needs `$1`).
public enum TargetSchema {
    public static let statements = [
        "CREATE TABLE targets ("
            + TargetRow.columns.map { $0 == "name" ? "name TEXT PRIMARY KEY" : "\($0) TEXT" }
            .joined(separator: ", ") + ")",
        "CREATE TABLE target_announcements (key TEXT PRIMARY KEY, state TEXT NOT NULL)",
        "CREATE TABLE targets_version (version BIGINT NOT NULL)",
        "INSERT INTO targets_version (version) VALUES (0)",
    ]

    /// Inserts or replaces one target by name.
    public static let insert =
        "INSERT INTO targets (" + TargetRow.columns.joined(separator: ", ") + ") VALUES ("
        + TargetRow.columns.map { _ in "?" }.joined(separator: ", ") + ") ON CONFLICT (name) DO UPDATE SET "
        + TargetRow.columns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")

    public static let select = "SELECT " + TargetRow.columns.joined(separator: ", ") + " FROM targets ORDER BY name"
}

/// Everything a store keeps: the data, tokens and sessions, targets, the scores last shown.
public typealias SalesStore = MetricsStore & AccessStore & TargetStore & ScoreStore
