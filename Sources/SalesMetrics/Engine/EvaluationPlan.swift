/// The metrics of one report compiled for the cell loop. A catalog kind holds its quantities as
/// arrays; evaluating it per cell would copy (retain and release) them, and a period-over-period
/// kind would build `q − q′` anew, millions of times in a large breakdown. Here every quantity is
/// a range of one flat list of terms, so a cell's evaluation reads plain values only.
struct EvaluationPlan {
    struct Term {
        let coefficient: Int128
        let measure: Measure
        let previous: Bool
    }

    enum Step {
        /// A whole amount: a count, or money.
        case amount(Range<Int>, MetricUnit)
        /// One amount over another: money rounded to the cent, any other unit unrounded.
        case quotient(Range<Int>, over: Range<Int>, MetricUnit)
        case custom(CustomFormula)
    }

    private(set) var steps: [Step] = []
    private(set) var terms: [Term] = []
    /// The terms of each metric's sample (``Metric/sample``), nil for a metric without one.
    private(set) var samples: [Range<Int>?] = []

    init(_ metrics: [Metric]) {
        for metric in metrics {
            samples.append(metric.sample.map { add($0.quantity) })
            let unit = metric.unit
            switch metric.kind {
            case .simple(let m): steps.append(.amount(add(Quantity(m)), unit))
            case .derived(let q): steps.append(.amount(add(q), unit))
            case .periodOverPeriod(let q, .change): steps.append(.amount(add(q - q.previous), unit))
            case .periodOverPeriod(let q, .growth):
                steps.append(.quotient(add(q - q.previous), over: add(q.previous), unit))
            case .ratio(let n, let d), .cohort(let n, let d): steps.append(.quotient(add(n), over: add(d), unit))
            case .custom(let formula): steps.append(.custom(formula))
            }
        }
    }

    /// Appends a resolved quantity's terms (the catalog leaves no metric references).
    private mutating func add(_ q: Quantity) -> Range<Int> {
        let start = terms.count
        for term in q.terms {
            guard case .measure(let m) = term.source else {
                preconditionFailure("an unresolved metric reference reached the engine")
            }
            terms.append(Term(coefficient: term.coefficient, measure: m, previous: term.previous))
        }
        return start..<terms.count
    }
}
