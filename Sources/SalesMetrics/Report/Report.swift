/// What a report is asked for (SPEC §2).
public struct ReportOptions: Sendable {
    public var grain: Grain
    /// First day (inclusive).
    public var from: Int32
    /// Last day (exclusive).
    public var to: Int32
    /// The IANA name of the report's time zone, and its rules (parsed once, here; nil for an
    /// unknown name, which ``Engine/report(_:_:)`` refuses).
    public var timezone: String { didSet { zone = ZoneRules(identifier: timezone) } }
    public private(set) var zone: ZoneRules?
    public var fiscalYearStartMonth: Int
    public var breakdown: Breakdown?
    /// The metrics to compute (in catalog order in the report, whatever the order here); every metric when nil.
    public var metrics: [MetricKey]?
    public var currency: String
    /// Whether each value carries its sample (``Metric/sample``); pages and reviews ask for it,
    /// the report's JSON has no place for it.
    public var samples: Bool

    public init(
        grain: Grain, from: Int32, to: Int32, timezone: String = "UTC", fiscalYearStartMonth: Int = 1,
        breakdown: Breakdown? = nil, metrics: [MetricKey]? = nil, currency: String = "USD", samples: Bool = false
    ) {
        self.grain = grain
        self.from = from
        self.to = to
        self.timezone = timezone
        self.zone = ZoneRules(identifier: timezone)
        self.fiscalYearStartMonth = fiscalYearStartMonth
        self.breakdown = breakdown
        self.metrics = metrics
        self.currency = currency
        self.samples = samples
    }
}

/// Metric values by key, in catalog order.
public struct MetricValues: Sendable, Equatable {
    public var keys: [MetricKey]
    public var values: [MetricValue]
    /// The sample of each value, when the report was asked for them (else empty); nil for a
    /// metric without one.
    public var samples: [Int64?]

    public init(keys: [MetricKey], values: [MetricValue], samples: [Int64?] = []) {
        self.keys = keys
        self.values = values
        self.samples = samples
    }

    /// The count a metric's value is over (``Metric/sample``), when the report has samples.
    public func sample(_ key: MetricKey) -> Int64? {
        guard !samples.isEmpty, let i = keys.firstIndex(of: key) else { return nil }
        return samples[i]
    }

    public subscript(key: MetricKey) -> MetricValue? {
        keys.firstIndex(of: key).map { values[$0] }
    }

    /// The value of the metric with this id (for ids that come from people or files).
    public subscript(id: String) -> MetricValue? {
        MetricKey(rawValue: id).flatMap { self[$0] }
    }
}

public struct ReportGroup: Sendable, Equatable {
    public var dimension: Breakdown
    public var key: String
    public var metrics: MetricValues
}

public struct ReportPeriod: Sendable, Equatable {
    public var label: String
    public var firstDay: Int32
    /// Exclusive end day.
    public var endDay: Int32
    public var metrics: MetricValues
    /// Empty without a breakdown.
    public var groups: [ReportGroup]
}

/// A computed report: periods × metrics (× groups).
public struct Report: Sendable, Equatable {
    public var currency: String
    public var grain: Grain
    public var timezone: String
    public var fiscalYearStartMonth: Int
    public var breakdown: Breakdown?
    /// The metrics of every period and group, in catalog order.
    public var metricKeys: [MetricKey]
    public var periods: [ReportPeriod]

    /// About how much memory the report holds, for caches bounded by bytes.
    public var estimatedBytes: Int {
        var bytes = 256 + metricKeys.count * 32
        for period in periods {
            bytes += 128 + period.metrics.values.count * MemoryLayout<MetricValue>.stride
            bytes += period.metrics.samples.count * MemoryLayout<Int64?>.stride
            for group in period.groups {
                bytes += 96 + group.key.utf8.count + group.metrics.values.count * MemoryLayout<MetricValue>.stride
                bytes += group.metrics.samples.count * MemoryLayout<Int64?>.stride
            }
        }
        return bytes
    }
}

/// Problems with report options, as sentences.
public enum ReportError: Error, Equatable, CustomStringConvertible {
    case emptyRange(from: String, to: String)
    case unknownTimeZone(String)
    case badFiscalMonth(Int)
    case unknownMetrics([String])
    case outsideYears(from: String, to: String)
    case tooManyPeriods(grain: Grain, atLeast: Int, from: String, to: String)
    case tooManyCells(periods: Int, groups: Int, cells: Int)
    case tooManyValues(periods: Int, groups: Int, metrics: Int, values: Int)
    case tooMuchScoring(days: Int, accounts: Int)

    public var description: String {
        switch self {
        case .emptyRange(let from, let to):
            "The range is empty: --from \(from) must be before --to \(to) (--to is exclusive)."
        case .unknownTimeZone(let name):
            "Unknown time zone '\(name)'; use an IANA name such as UTC, Europe/Berlin or America/New_York."
        case .badFiscalMonth(let month):
            "The fiscal year start month must be 1 to 12, not \(month)."
        case .unknownMetrics(let ids):
            "Unknown metric id\(ids.count > 1 ? "s" : "") \(ids.map { "'\($0)'" }.joined(separator: ", ")). Valid ids: "
                + Catalog.ids.joined(separator: ", ") + "."
        case .outsideYears(let from, let to):
            "The range \(from) to \(to) is outside the years reports cover: it must lie between "
                + "\(CivilDate.format(ReportLimits.firstDay)) and \(CivilDate.format(ReportLimits.endDay))."
        case .tooManyPeriods(let grain, _, let from, let to):
            "The range \(from) to \(to) holds more than \(ValueFormat.grouped(ReportLimits.maxPeriods)) "
                + "\(grain.adjective) periods, the most one report may have; choose a coarser grain or a shorter range."
        case .tooManyCells(let periods, let groups, let cells):
            "\(ValueFormat.grouped(periods)) periods broken down into \(ValueFormat.grouped(groups)) groups "
                + "are \(ValueFormat.grouped(cells)) cells to compute, more than the "
                + "\(ValueFormat.grouped(ReportLimits.maxCells)) one report may have; choose a coarser grain, "
                + "a shorter range or another breakdown."
        case .tooManyValues(let periods, let groups, let metrics, let values):
            "\(ValueFormat.grouped(metrics)) metrics over \(ValueFormat.grouped(periods)) periods"
                + (groups > 0 ? " and \(ValueFormat.grouped(groups)) groups" : "")
                + " are \(ValueFormat.grouped(values)) values, more than the "
                + "\(ValueFormat.grouped(ReportLimits.maxValues)) one report may return; ask for fewer metrics, "
                + "a coarser grain or a shorter range."
        case .tooMuchScoring(let days, let accounts):
            "avg_engagement_score and at_risk_accounts would score \(ValueFormat.grouped(accounts)) paying accounts "
                + "on \(ValueFormat.grouped(days)) days, \(ValueFormat.grouped(days * accounts)) scorings, more than the "
                + "\(ValueFormat.grouped(ReportLimits.maxEngagementScorings)) one report may do; choose a coarser grain "
                + "or a shorter range, or leave those two metrics out (--metrics)."
        }
    }
}
