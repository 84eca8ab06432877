/// Target statuses for people, the same words in the terminal, the webhook message, the review
/// documents and the dashboard.
public enum TargetText {
    /// "✓", "✗", "↗", "↘", "–" by state.
    public static func symbol(_ state: TargetStatus.State) -> String {
        switch state {
        case .met: "✓"
        case .missed: "✗"
        case .onTrack: "↗"
        case .behind: "↘"
        case .noValue: "–"
        }
    }

    /// The gap to the target in the metric's unit: "+4.2 pts", "−$2,000", "+0.40×".
    public static func gap(_ gap: Double, of metric: Metric, currency: String) -> String {
        let sign = gap > 0 ? "+" : gap < 0 ? "−" : "±"
        if metric.unit == .ratio && !metric.readsAsMultiple {
            return sign + ValueFormat.fixed(abs(gap) * 100, decimals: 1) + " pts"
        }
        return sign + Target.format(abs(gap), of: metric, currency: currency)
    }

    /// One line: "✗ missed  Total revenue at least $30,000 — 2025-02: $28,000 (−$2,000)"; for a
    /// running period the pace and the period before at the same day.
    public static func line(_ s: TargetStatus, names: DisplayNames? = nil, currency: String) -> String {
        let m = Catalog[s.target.metric]
        var out =
            "\(symbol(s.state)) \(s.state.words)  \(s.target.describe(names: names, currency: currency)) — \(s.period): "
            + ValueFormat.human(s.value, of: m, currency: currency)
        if let gap = s.gap, s.complete || s.pace == nil { out += " (\(self.gap(gap, of: m, currency: currency)))" }
        if !s.complete { out += " so far, day \(s.daysCovered) of \(s.daysInPeriod)" }
        if let pace = s.pace {
            out += "; on pace for \(Target.format(pace, of: m, currency: currency))"
            if let before = s.previousAtSameDay {
                out += " (last period at this day: \(ValueFormat.human(before, of: m, currency: currency)))"
            }
        }
        return out
    }

    /// A summary for a message's first line: "2025-02: 2 of 5 targets missed".
    public static func summary(_ statuses: [TargetStatus], period: String) -> String {
        let missed = statuses.filter(\.state.isBad).count
        let known = statuses.filter { $0.state != .noValue }.count
        if statuses.isEmpty { return "\(period): no target applies" }
        if missed == 0 { return "\(period): all \(known) target\(known == 1 ? "" : "s") with a value met" }
        return "\(period): \(missed) of \(statuses.count) target\(statuses.count == 1 ? "" : "s") "
            + (statuses.allSatisfy(\.complete) ? "missed" : "missed or behind")
    }
}
