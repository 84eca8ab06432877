/// Instants as `Int64` milliseconds since 1970-01-01T00:00:00Z.
///
/// A timestamp written without an offset (a date alone, or a date-time without
/// `Z`/offset) is wall-clock time in the report time zone (SPEC §1, §8.5), which
/// is only known when a report runs. Such values are kept as "local"
/// milliseconds (the wall clock read as if it were UTC) and flagged, and are
/// resolved to instants by ``ZoneRules`` once per report.
public enum Timestamp {
    /// Marks an empty timestamp cell; sorts before every real instant.
    public static let none: Int64 = .min
    public static let msPerDay: Int64 = 86_400_000
}

/// A timestamp column: values plus, when any value is local, a flag per row.
public struct TimestampColumn: Sendable, Equatable {
    public var values: [Int64]
    /// Empty when no value is local; otherwise one flag per row.
    public var isLocal: [Bool]

    public init(values: [Int64] = [], isLocal: [Bool] = []) {
        self.values = values
        self.isLocal = isLocal
    }

    public var count: Int { values.count }

    public mutating func reserveCapacity(_ n: Int) { values.reserveCapacity(n) }

    @inlinable
    public mutating func append(_ value: Int64, local: Bool) {
        values.append(value)
        if !isLocal.isEmpty {
            isLocal.append(local)
        } else if local {
            // The first local value: flags for the rows before it (none local), then its own.
            // (Sizing the flags before appending lost the flag of a local value on row 0.)
            isLocal = [Bool](repeating: false, count: values.count)
            isLocal[values.count - 1] = true
        }
    }

    /// The column as instants in the given zone (no copy when nothing is local or the zone is UTC).
    public func resolved(in zone: ZoneRules) -> [Int64] {
        if isLocal.isEmpty || zone.isUTC { return values }
        var out = values
        for i in out.indices where isLocal[i] && out[i] != Timestamp.none {
            out[i] = zone.instant(fromLocal: out[i])
        }
        return out
    }
}
