/// How a metric's value is expressed.
public enum MetricUnit: String, Sendable, CaseIterable, Codable {
    case money, count, ratio, days, hours, score
    /// Money per day; printed as money (SPEC §8.12).
    case moneyPerDay = "money_per_day"

    /// Printed as money (2 fraction digits at most).
    public var isMoney: Bool { self == .money || self == .moneyPerDay }
}

/// Whether a rising value is good news (drives the colour of changes).
public enum MetricDirection: String, Sendable, CaseIterable, Codable {
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

/// How a ratio reads: a percentage (25%, changes in points) or a multiple (3.2×, changes in %).
public enum RatioStyle: Sendable, Equatable { case percent, multiple }

/// Where a metric has values besides the totals (SPEC §4, §8.22).
public enum BreakdownRule: Sendable, Equatable {
    /// In the totals, and in every breakdown whose dimension all the tables it reads carry.
    case byTables
    /// Only in a breakdown by this dimension, never in the totals (lead source ROI).
    case onlyIn(Breakdown)
}

/// One KPI: its whole definition in one value. The engine evaluates `kind`; the tables it needs,
/// the breakdowns it has, the rows behind it and how it is shown all follow from the entry, so a
/// new metric is one entry in ``Catalog`` and nothing else.
public struct Metric: Sendable, Identifiable {
    public let key: MetricKey
    public var id: String { key.rawValue }
    public let label: String
    public let category: MetricCategory
    public let unit: MetricUnit
    public let direction: MetricDirection
    public let kind: MetricKind
    /// What the metric means, in a sentence for people.
    public let definition: String
    /// The formula in SPEC §3's notation.
    public let formula: String
    /// A worked example in words.
    public let example: String
    public let breakdowns: BreakdownRule
    /// The records a drill-down lists: as many as the count the value is built from; nil when
    /// the value is not a count of records (growth, MRR, …).
    public let drillDown: DrillDown.Selection?
    public let ratioStyle: RatioStyle
    /// Tables that must all be present for a value, in file order.
    public let requires: [Table]
    /// At least one of these must be present too (empty: no such condition).
    public let requiresAnyOf: [Table]
    /// The rows a ratio is over (closed deals for the win rate, leads created for lead
    /// conversion), shown beside it so a 100% from one deal reads as such; nil for metrics that
    /// are not a quotient over a count.
    public let sample: Sample?

    init(
        _ key: MetricKey, _ label: String, _ category: MetricCategory, _ unit: MetricUnit,
        _ direction: MetricDirection, _ kind: MetricKind, breakdowns: BreakdownRule = .byTables,
        drillDown: DrillDown.Selection? = nil, ratioStyle: RatioStyle = .percent,
        definition: String, formula: String, example: String
    ) {
        self.key = key
        self.label = label
        self.category = category
        self.unit = unit
        self.direction = direction
        self.kind = kind
        self.breakdowns = breakdowns
        self.drillDown = drillDown
        self.ratioStyle = ratioStyle
        self.definition = definition
        self.formula = formula
        self.example = example
        (requires, requiresAnyOf) = Self.needs(of: kind)
        sample = Sample(of: kind)
    }

    /// The tables of the measures (or of the custom formula), in file order.
    private static func needs(of kind: MetricKind) -> (requires: [Table], anyOf: [Table]) {
        var all = Set<Table>()
        var anyOf = Set<Table>()
        let parts: [(requires: [Table], anyOf: [Table])] =
            if case .custom(let formula) = kind { [formula.needs] } else { kind.measures.map(\.needs) }
        for part in parts {
            all.formUnion(part.requires)
            anyOf.formUnion(part.anyOf)
        }
        return (Table.allCases.filter(all.contains), Table.allCases.filter(anyOf.contains))
    }

    /// The same entry with its metric references resolved (see ``Quantity``).
    func resolved(_ quantityOf: (MetricKey) -> Quantity) -> Metric {
        Metric(
            key, label, category, unit, direction, kind.resolved(quantityOf), breakdowns: breakdowns,
            drillDown: drillDown, ratioStyle: ratioStyle, definition: definition, formula: formula, example: example)
    }

    /// Every table the metric may read.
    public var reads: Set<Table> { Set(requires).union(requiresAnyOf) }

    /// Whether the metric has a value in a breakdown by `dimension` (nil: the totals).
    public func applies(to dimension: Breakdown?) -> Bool {
        switch breakdowns {
        case .onlyIn(let only): return dimension == only
        case .byTables:
            guard let dimension else { return true }
            return reads.isSubset(of: dimension.tables)
        }
    }

    /// Whether the dataset has what the metric needs.
    public func isComputable(with dataset: Dataset) -> Bool {
        requires.allSatisfy(dataset.has) && (requiresAnyOf.isEmpty || requiresAnyOf.contains(where: dataset.has))
    }

    /// Ratios that read as multiples (3.2×) rather than percentages: coverage, ROI, CLTV:CAC.
    public var readsAsMultiple: Bool { unit == .ratio && ratioStyle == .multiple }

    /// Whether the metric adds up over a period's days, so a part of a period projects to the
    /// whole at the same rate (revenue, deals won, leads, spend, MRR movements); snapshots,
    /// ratios and period-over-period changes do not.
    public var isAdditive: Bool {
        let measures: [Quantity.Term]
        switch kind {
        case .simple(let m): return m.isAdditive
        case .derived(let q): measures = q.terms
        default: return false
        }
        return measures.allSatisfy { term in
            guard case .measure(let m) = term.source else { return false }
            return !term.previous && m.isAdditive
        }
    }

    /// The dimensions for a sentence: "owner, team, source", or "no dimension".
    public var dimensionList: String {
        dimensions.isEmpty ? "no dimension" : dimensions.map(\.rawValue).joined(separator: ", ")
    }

    /// The dimensions this metric can be broken down by.
    public var dimensions: [Breakdown] { Breakdown.allCases.filter { applies(to: $0) } }
}
