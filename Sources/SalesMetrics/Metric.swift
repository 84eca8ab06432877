/// How a metric's value is expressed.
public enum MetricUnit: String, Sendable, Codable {
    case money, count, ratio, days, hours, score
    /// Money per day; printed as money (SPEC §8.12).
    case moneyPerDay = "money_per_day"

    /// Printed as money (2 fraction digits at most).
    public var isMoney: Bool { self == .money || self == .moneyPerDay }
}

/// Whether a rising value is good news (drives the colour of changes).
public enum MetricDirection: String, Sendable, Codable {
    case higherIsBetter = "higher_is_better"
    case lowerIsBetter = "lower_is_better"
    case neutral
}

public enum MetricCategory: String, Sendable, CaseIterable, Codable {
    case revenue, conversion, pipeline, customers, marketing, team, surveys

    public var title: String {
        switch self {
        case .revenue: "Revenue"
        case .conversion: "Conversion"
        case .pipeline: "Pipeline"
        case .customers: "Customers"
        case .marketing: "Marketing"
        case .team: "Team"
        case .surveys: "Surveys"
        }
    }
}

/// The shape of a metric, after the semantic layers (dbt MetricFlow, Cube):
/// measures over a time column, combined into ratios, derived values and snapshots.
public enum MetricKind: Sendable, Equatable {
    /// A count or sum of rows whose time column lies in the period.
    case simple(measure: String, time: String)
    /// One aggregate over another, both in the period.
    case ratio(numerator: String, denominator: String)
    /// A share of a cohort (rows created in the period) reaching an outcome at any time.
    case cohort(cohort: String, outcome: String)
    /// A value at a point in time (period end or last day).
    case snapshot(at: String)
    /// Computed from other metrics.
    case derived(from: [String])
    /// Compares the period with the one before it.
    case periodOverPeriod(of: String)
}

/// One KPI of the catalog: everything the CLI, docs and dashboard say about it.
public struct Metric: Sendable, Identifiable {
    public let id: String
    /// The id as an enum (stored, so formulas switch without comparing strings).
    public let key: MetricKey
    public let label: String
    public let category: MetricCategory
    public let unit: MetricUnit
    public let direction: MetricDirection
    public let kind: MetricKind
    public let definition: String
    public let formula: String
    /// Tables that must all be present for a value.
    public let requires: [Table]
    /// At least one of these must be present too (empty: no such condition).
    public let requiresAnyOf: [Table]
    /// A worked example in words.
    public let example: String

    /// Every table the metric may read.
    public var reads: Set<Table> { Set(requires).union(requiresAnyOf) }

    /// Whether the metric has a value in a breakdown by `dimension` (SPEC §8.22).
    public func applies(to dimension: Breakdown?) -> Bool {
        if id == "source_roi" { return dimension == .source }
        guard let dimension else { return true }
        return reads.isSubset(of: dimension.tables)
    }

    /// Whether the dataset has what the metric needs.
    public func isComputable(with dataset: Dataset) -> Bool {
        requires.allSatisfy(dataset.has) && (requiresAnyOf.isEmpty || requiresAnyOf.contains(where: dataset.has))
    }

    /// Ratios read as multiples (3.2×) rather than percentages: coverage, ROI, CLTV:CAC.
    public var readsAsMultiple: Bool {
        ["pipeline_coverage", "romi_incremental", "source_roi", "cltv_cac_ratio"].contains(id)
    }

    /// The dimensions this metric can be broken down by.
    public var dimensions: [Breakdown] { Breakdown.allCases.filter { applies(to: $0) } }
}
