import Foundation

/// Converts wall-clock time in one IANA time zone to instants.
///
/// Offsets are looked up once per local day and cached, so resolving millions
/// of timestamps costs an array read each; only the days that contain a DST
/// change take the exact slow path.
public final class ZoneRules: @unchecked Sendable {
    public let identifier: String
    public let isUTC: Bool
    private let zone: TimeZone
    private let lock = NSLock()
    /// Offset in ms per local day from `baseDay`; `Int64.min` = not computed, `Int64.max` = irregular day.
    private var dayOffsets: [Int64] = []
    private var baseDay: Int64 = 0

    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.identifier = identifier
        self.zone = zone
        self.isUTC = identifier == "UTC" || identifier == "Etc/UTC" || identifier == "GMT"
    }

    public static let utc = ZoneRules(identifier: "UTC")!

    /// Offset from UTC in ms at an instant.
    public func offset(atInstant ms: Int64) -> Int64 {
        if isUTC { return 0 }
        let seconds = Double(ms.dividedRoundingDown(by: 1000))
        return Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: seconds))) * 1000
    }

    /// The instant at which the wall clock reads `local` (ms).
    ///
    /// A repeated wall-clock time maps to its first occurrence; a skipped one
    /// is shifted forward by the gap, so a skipped midnight becomes the first
    /// instant of that day (SPEC §8.6).
    public func instant(fromLocal local: Int64) -> Int64 {
        if isUTC { return local }
        let day = local.dividedRoundingDown(by: Timestamp.msPerDay)
        let offset = cachedOffset(localDay: day)
        if offset != Int64.max { return local - offset }
        return exactInstant(fromLocal: local)
    }

    /// Midnight of a calendar day in this zone.
    public func startOfDay(_ day: Int32) -> Int64 {
        instant(fromLocal: Int64(day) * Timestamp.msPerDay)
    }

    private func exactInstant(fromLocal local: Int64) -> Int64 {
        let before = offset(atInstant: local - Timestamp.msPerDay)
        let after = offset(atInstant: local + Timestamp.msPerDay)
        if before == after { return local - before }
        let early = local - before
        let late = local - after
        let earlyValid = offset(atInstant: early) == before
        let lateValid = offset(atInstant: late) == after
        switch (earlyValid, lateValid) {
        case (true, true): return min(early, late)
        case (false, true): return late
        default: return early
        }
    }

    private func cachedOffset(localDay: Int64) -> Int64 {
        lock.lock()
        defer { lock.unlock() }
        if dayOffsets.isEmpty {
            baseDay = localDay - 366 * 40
            dayOffsets = [Int64](repeating: .min, count: 366 * 80)
        }
        let index = Int(localDay - baseDay)
        guard index >= 0, index < dayOffsets.count else { return computeDayOffset(localDay) }
        if dayOffsets[index] == .min { dayOffsets[index] = computeDayOffset(localDay) }
        return dayOffsets[index]
    }

    /// One offset valid for the whole local day, or `Int64.max` when the offset changes near it.
    private func computeDayOffset(_ localDay: Int64) -> Int64 {
        let start = localDay * Timestamp.msPerDay
        let a = offset(atInstant: start - Timestamp.msPerDay)
        let b = offset(atInstant: start + 2 * Timestamp.msPerDay)
        let c = offset(atInstant: start + Timestamp.msPerDay / 2)
        return a == b && b == c ? a : .max
    }
}

extension Int64 {
    /// Floor division (rounds toward negative infinity).
    @inlinable public func dividedRoundingDown(by divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}
