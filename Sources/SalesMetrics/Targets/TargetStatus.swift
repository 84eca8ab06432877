/// Where one target stands in one period: met or missed once the period is over; on track or
/// behind while it runs, by the pace of an additive metric (or its value so far otherwise).
public struct TargetStatus: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable, Codable {
        case met, missed
        case onTrack = "on_track"
        case behind
        /// No value to compare: a zero denominator, no data for the scope, or the period has
        /// not started in the data.
        case noValue = "no_value"

        /// Whether the target is (or is heading to be) missed.
        public var isBad: Bool { self == .missed || self == .behind }
        public var words: String {
            switch self {
            case .met: "met"
            case .missed: "missed"
            case .onTrack: "on track"
            case .behind: "behind"
            case .noValue: "no value"
            }
        }
    }

    public var target: Target
    public var period: String
    /// Whether the data covers the whole period (its last day is at or before the latest data).
    public var complete: Bool
    public var value: MetricValue
    public var state: State
    /// value − target, in the target's unit (major units for money); nil without a value.
    public var gap: Double?
    /// For an additive metric in a running period: the value at the period's end at this rate.
    public var pace: Double?
    /// For an additive metric in a running period: the period before, as far into it.
    public var previousAtSameDay: MetricValue?
    /// Days of the period covered by the data, and its length.
    public var daysCovered: Int
    public var daysInPeriod: Int
}

/// Evaluates targets against the dataset, one period at a time.
public enum TargetEvaluation {
    /// The status of every target that applies to the period starting on `periodStart` (in the
    /// grain, fiscal year, zone and currency of `options`), with the data as of `asOf`, the latest
    /// day with data: a period ending after it is running. Targets whose metric cannot be computed
    /// from the dataset (its file is missing) are left out. `known` is the period as a report
    /// with every metric already has it (by that breakdown, or the totals), which saves computing
    /// it again.
    public static func evaluate(
        _ targets: [Target], dataset: Dataset, options: ReportOptions, periodStart: Int32, asOf: Int32,
        known: (breakdown: Breakdown?, period: ReportPeriod)? = nil
    ) throws -> [TargetStatus] {
        let calendar = PeriodCalendar(grain: options.grain, fiscalYearStartMonth: options.fiscalYearStartMonth)
        let periodEnd = calendar.nextStart(after: periodStart)
        let label = calendar.label(forStart: periodStart)
        let applicable = targets.filter {
            $0.applies(to: options.grain, periodStart: periodStart) && Catalog[$0.metric].isComputable(with: dataset)
        }
        let covered = Int(max(0, min(periodEnd, asOf + 1) - periodStart))
        let length = Int(periodEnd - periodStart)
        let complete = covered == length
        // One report per breakdown the targets' scopes need (and one for the totals).
        var values: [Breakdown?: ReportPeriod] = [:]
        var before: [Breakdown?: ReportPeriod] = [:]
        let previousStart = calendar.previousStart(before: periodStart)
        for dimension in Set(applicable.map { $0.scope?.dimension }) {
            var o = options
            o.from = periodStart
            o.to = periodEnd
            o.breakdown = dimension
            let scoped = applicable.filter { $0.scope?.dimension == dimension }
            o.metrics = scoped.map(\.metric)
            if let known, known.breakdown == dimension, known.period.label == label,
                scoped.allSatisfy({ known.period.metrics[$0.metric] != nil })
            {
                values[dimension] = known.period
            } else {
                values[dimension] = try Engine.report(dataset, o).periods.first
            }
            let additive = scoped.map(\.metric).filter { Catalog[$0].isAdditive }
            if !complete && covered > 0 && !additive.isEmpty {
                o.metrics = additive
                before[dimension] = try Engine.partialPeriod(
                    dataset, o, from: previousStart, to: min(periodStart, previousStart + Int32(covered)))
            }
        }
        return applicable.map { target in
            let m = Catalog[target.metric]
            let dimension = target.scope?.dimension
            func pick(_ period: ReportPeriod?) -> MetricValue {
                guard let period else { return .none }
                guard let scope = target.scope else { return period.metrics[target.metric] ?? .none }
                return period.groups.first { $0.key == scope.key }?.metrics[target.metric] ?? .none
            }
            let value = covered > 0 ? pick(values[dimension]) : .none
            // In the target's unit: money in major units, as `doubleValue` gives it.
            let x = value.doubleValue
            var status = TargetStatus(
                target: target, period: label, complete: complete, value: value, state: .noValue,
                gap: x.map { $0 - target.value }, pace: nil, previousAtSameDay: nil, daysCovered: covered,
                daysInPeriod: length)
            guard let x else { return status }
            if complete {
                status.state = target.isMet(by: x) ? .met : .missed
            } else if m.isAdditive {
                let pace = x * Double(length) / Double(covered)
                status.pace = pace
                status.previousAtSameDay = pick(before[dimension])
                status.state = target.isMet(by: pace) ? .onTrack : .behind
            } else {
                status.state = target.isMet(by: x) ? .onTrack : .behind
            }
            return status
        }
    }
}
