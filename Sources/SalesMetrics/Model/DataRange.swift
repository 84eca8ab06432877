/// Where a dataset's activity ends, for default report ranges.
public enum DataRange {
    /// The latest day on which something happened (deal created or closed, lead created,
    /// subscription started or ended, spend booked); nil for an empty dataset.
    public static func latestDay(_ d: Dataset) -> Int32? {
        var latest: Int64 = .min
        func consider(_ ms: Int64) { if ms != Timestamp.none { latest = max(latest, ms) } }
        func considerDay(_ day: Int32) {
            if day != CivilDate.none && day != CivilDate.never { latest = max(latest, Int64(day) * Timestamp.msPerDay) }
        }
        d.opportunities?.createdAt.values.forEach(consider)
        d.opportunities?.closedAt.values.forEach(consider)
        d.leads?.createdAt.values.forEach(consider)
        d.subscriptions?.startedOn.forEach(considerDay)
        d.subscriptions?.endedOn.forEach(considerDay)
        d.spend?.date.forEach(considerDay)
        return latest == .min ? nil : Int32(latest.dividedRoundingDown(by: Timestamp.msPerDay))
    }
}
