/// A whole-number combination of measures, Σ coefficient × measure, each taken in the period or
/// in the one before it: `12 × mrr`, `won + lost`, `mrr(P−1) + expansion − contraction − churned`.
/// A term may name another metric instead of a measure (`.metric(.totalRevenue)`); the catalog
/// replaces it by that metric's own combination, so the engine only ever sees measures.
public struct Quantity: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        case measure(Measure)
        /// A metric of kind `simple` or `derived`, by name (resolved by the catalog).
        case metric(MetricKey)
    }

    public struct Term: Sendable, Equatable {
        public var coefficient: Int128
        public var source: Source
        /// Taken in P−1 rather than P.
        public var previous: Bool
    }

    public var terms: [Term]

    public init(_ measure: Measure) {
        terms = [Term(coefficient: 1, source: .measure(measure), previous: false)]
    }

    public static func metric(_ key: MetricKey) -> Quantity {
        Quantity(terms: [Term(coefficient: 1, source: .metric(key), previous: false)])
    }

    init(terms: [Term]) { self.terms = terms }

    /// The same quantity in the period before.
    public var previous: Quantity {
        Quantity(terms: terms.map { Term(coefficient: $0.coefficient, source: $0.source, previous: !$0.previous) })
    }

    public static func + (a: Quantity, b: Quantity) -> Quantity { Quantity(terms: a.terms + b.terms) }
    public static func - (a: Quantity, b: Quantity) -> Quantity { a + (-1) * b }
    public static func * (k: Int128, q: Quantity) -> Quantity {
        Quantity(terms: q.terms.map { Term(coefficient: k * $0.coefficient, source: $0.source, previous: $0.previous) })
    }

    /// The measures the quantity reads once references are resolved.
    public var measures: [Measure] {
        terms.compactMap { if case .measure(let m) = $0.source { m } else { nil } }
    }

    /// Metric references replaced by the referenced metric's quantity.
    func resolved(_ quantityOf: (MetricKey) -> Quantity) -> Quantity {
        var out: [Term] = []
        for term in terms {
            switch term.source {
            case .measure: out.append(term)
            case .metric(let key):
                let inner = quantityOf(key)
                out += (term.previous ? inner.previous : inner).terms.map {
                    Term(coefficient: term.coefficient * $0.coefficient, source: $0.source, previous: $0.previous)
                }
            }
        }
        return Quantity(terms: out)
    }
}

/// How a metric's value comes from measures, evaluated by the engine for every period and group.
public enum MetricKind: Sendable, Equatable {
    /// One measure as it is: a count or a sum (money) of rows placed in the period, or a state at
    /// its end (a snapshot: ``Measure/Placement/atEnd``).
    case simple(Measure)
    /// A combination of measures and of other simple or derived metrics (`12 × mrr`).
    case derived(Quantity)
    /// One quantity over another. A money metric is rounded to the cent (half away from zero);
    /// any other is the unrounded quotient. Null when the denominator is 0.
    case ratio(Quantity, over: Quantity)
    /// The share of a cohort (the rows placed in the period) that reached an outcome at any time.
    case cohort(reached: Quantity, of: Quantity)
    /// The period against the one before: `.growth` is (x − x′) / x′, `.change` is x − x′.
    case periodOverPeriod(Quantity, PeriodChange)
    /// A formula the kinds above cannot say, evaluated by name (``CustomFormula``).
    case custom(CustomFormula)

    public enum PeriodChange: Sendable, Equatable { case growth, change }

    /// The measures the metric reads, references resolved.
    public var measures: [Measure] {
        switch self {
        case .simple(let m): [m]
        case .derived(let q), .periodOverPeriod(let q, _): q.measures
        case .ratio(let n, let d), .cohort(let n, let d): n.measures + d.measures
        case .custom: []
        }
    }

    /// The kind with metric references replaced (see ``Quantity``).
    func resolved(_ quantityOf: (MetricKey) -> Quantity) -> MetricKind {
        switch self {
        case .simple, .custom: self
        case .derived(let q): .derived(q.resolved(quantityOf))
        case .ratio(let n, let d): .ratio(n.resolved(quantityOf), over: d.resolved(quantityOf))
        case .cohort(let n, let d): .cohort(reached: n.resolved(quantityOf), of: d.resolved(quantityOf))
        case .periodOverPeriod(let q, let change): .periodOverPeriod(q.resolved(quantityOf), change)
        }
    }

    /// The metric as a quantity, for metrics that refer to it; nil for kinds that are not one.
    var quantity: Quantity? {
        switch self {
        case .simple(let m): Quantity(m)
        case .derived(let q): q
        default: nil
        }
    }
}

/// The formulas that are more than a combination of measures, each with the tables it reads.
public enum CustomFormula: String, Sendable, CaseIterable {
    /// open × win rate × average deal / cycle, exact (SPEC §8.12).
    case pipelineVelocity
    /// Due pipeline open at P.start over the period's prorated quota (SPEC §8.13).
    case pipelineCoverage
    /// 1 − |R − F| / R against the latest company forecast of exactly P (SPEC §8.14).
    case forecastAccuracy
    /// ARPA over the mean monthly churn of 12 calendar months (SPEC §8.17).
    case cltv
    /// CLTV over CAC.
    case cltvCacRatio
    /// Reps at or above their prorated quota over reps with one (SPEC §8.18).
    case quotaAttainment
    /// The mean engagement score of the accounts paying at P.last (docs/scoring.md).
    case averageEngagement
    /// The accounts paying at P.last whose engagement score is under 30 or fell 20 in 30 days.
    case atRiskAccounts

    public var needs: (requires: [Table], anyOf: [Table]) {
        switch self {
        case .pipelineVelocity: ([.opportunities], [])
        case .pipelineCoverage: ([.opportunities, .quotas], [])
        case .forecastAccuracy: ([.opportunities, .forecasts], [])
        case .cltv: ([.subscriptions], [])
        case .cltvCacRatio: ([.subscriptions, .spend], [.opportunities, .subscriptions])
        case .quotaAttainment: ([.opportunities, .quotas], [])
        case .averageEngagement, .atRiskAccounts: ([.subscriptions, .usage], [])
        }
    }
}
