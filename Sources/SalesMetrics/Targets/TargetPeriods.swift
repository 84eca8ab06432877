extension TargetEvaluation {
    /// The first day of the latest period of the calendar that the data covers to its last day,
    /// with the data as of `asOf`: the period containing `asOf` when `asOf` is its last day,
    /// else the one before it.
    public static func latestCompletePeriod(_ calendar: PeriodCalendar, asOf: Int32) -> Int32 {
        let current = calendar.periodStart(containing: asOf)
        return calendar.nextStart(after: current) == asOf + 1 ? current : calendar.previousStart(before: current)
    }
}
