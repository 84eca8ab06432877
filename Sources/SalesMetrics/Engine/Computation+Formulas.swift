import BigInt

/// Evaluates the catalog's metric kinds over the aggregates of one grouping.
extension Computation {
    /// The value of the plan's metric `i` in cell `(p, g)`, for a metric that has its data and
    /// applies to this grouping.
    func value(_ plan: EvaluationPlan, _ i: Int, period p: Int, group g: Int) -> MetricValue {
        switch plan.steps[i] {
        case .amount(let terms, let unit):
            return amount(plan, terms, p, g).map { whole($0, unit) } ?? .none
        case .quotient(let n, let d, let unit):
            guard let numerator = amount(plan, n, p, g), let denominator = amount(plan, d, p, g) else { return .none }
            return unit.isMoney ? .money(dividing: numerator, by: denominator) : .ratio(numerator, denominator)
        case .custom(let formula):
            return custom(formula, p, g)
        }
    }

    /// The sample of the plan's metric `i` in cell `(p, g)`: a count, nil without one.
    func sample(_ plan: EvaluationPlan, _ i: Int, period p: Int, group g: Int) -> Int64? {
        guard let terms = plan.samples[i], let n = amount(plan, terms, p, g) else { return nil }
        return Int64(exactly: n)
    }

    /// A measure of cell `(p, g)`; nil when its source is not there (no subscriptions for this grouping).
    @inline(__always)
    private func amount(_ m: Measure, _ p: Int, _ g: Int) -> Int128? {
        let c = p * agg.groups + g
        let a = agg
        switch m {
        case .dealsWon: return Int128(a.won[c])
        case .dealsLost: return Int128(a.lost[c])
        case .wonAmount: return a.revenue[c]
        case .lostAmount: return a.lostAmount[c]
        case .wonCycleMilliseconds: return a.cycleMs[c]
        case .opportunitiesCreated: return Int128(a.created[c])
        case .createdAmount: return a.createdAmount[c]
        case .createdThenWon: return Int128(a.createdWon[c])
        case .openAtEnd: return Int128(a.openCount[c])
        case .openAmountAtEnd: return a.openValue[c]
        case .dueInPeriod: return Int128(a.dueCount[c])
        case .slippedPastEnd: return Int128(a.slipped[c])
        case .coverageAmount: return a.coverageValue[c]
        case .leadsCreated: return Int128(a.leads[c])
        case .leadsConverted: return Int128(a.converted[c])
        case .leadsQualified: return Int128(a.qualified[c])
        case .leadsResponded: return Int128(a.responded[c])
        case .responseMilliseconds: return a.responseMs[c]
        case .marketingSpend: return a.marketingSpend[c]
        case .salesSpend: return a.salesSpend[c]
        case .activeReps: return Int128(a.activeReps[c])
        case .sellingHours: return a.sellingHours[c]
        case .totalHours: return a.totalHours[c]
        case .customerResponses: return Int128(a.responses[c])
        case .customerPromoters: return Int128(a.promoters[c])
        case .customerDetractors: return Int128(a.detractors[c])
        case .employeeResponses: return Int128(a.employeeResponses[c])
        case .employeePromoters: return Int128(a.employeePromoters[c])
        case .employeeDetractors: return Int128(a.employeeDetractors[c])
        case .newCustomers: return Int128(a.newCustomers[c])
        case .activeAccounts: return sweep.map { Int128($0.active[c]) }
        case .mrr: return sweep?.mrr[c]
        case .newMRR: return sweep?.newMRR[c]
        case .reactivationMRR: return sweep?.reactivationMRR[c]
        case .expansionMRR: return sweep?.expansionMRR[c]
        case .contractionMRR: return sweep?.contractionMRR[c]
        case .churnedMRR: return sweep?.churnedMRR[c]
        case .churnedAccounts: return sweep.map { Int128($0.churnedCount[c]) }
        }
    }

    /// Σ coefficient × measure over a range of the plan's terms. The terms are few and each
    /// measure is far below 2^100 (see ``Aggregates``), so the sum cannot overflow.
    private func amount(_ plan: EvaluationPlan, _ terms: Range<Int>, _ p: Int, _ g: Int) -> Int128? {
        var total: Int128 = 0
        for k in terms {
            let term = plan.terms[k]
            guard let x = amount(term.measure, term.previous ? p - 1 : p, g) else { return nil }
            total += term.coefficient * x
        }
        return total
    }

    /// A count or money amount as the metric's unit reports it.
    private func whole(_ x: Int128, _ unit: MetricUnit) -> MetricValue {
        if unit.isMoney { return .money(x) }
        return Int64(exactly: x).map { .count($0) } ?? .none
    }

    private func custom(_ formula: CustomFormula, _ p: Int, _ g: Int) -> MetricValue {
        let c = p * agg.groups + g
        let a = agg
        switch formula {
        case .pipelineVelocity: return velocity(c)
        case .pipelineCoverage:
            guard let quota = quota(p, g), !quota.isZero else { return .none }
            return .number(quota.ratio(of: a.coverageValue[c]))
        case .forecastAccuracy:
            guard let forecast = companyForecast[p], a.revenue[c] != 0 else { return .none }
            return .number(1 - (a.revenue[c] - Int128(forecast)).magnitude.doubleValue / a.revenue[c].doubleValue)
        case .cltv: return .money(cltv(p, g))
        case .cltvCacRatio:
            guard let cltv = cltv(p, g), let cac = cac(c) else { return .none }
            return .number((cltv / cac)?.doubleValue)
        case .quotaAttainment: return quotaAttainment(p, g)
        case .averageEngagement:
            guard let e = engagement.isEmpty ? nil : engagement[c] else { return .none }
            return .ratio(e.total, e.accounts)
        case .atRiskAccounts:
            guard let e = engagement.isEmpty ? nil : engagement[c] else { return .none }
            return .count(e.atRisk)
        }
    }

    private func exact(_ numerator: Int128, _ denominator: Int64) -> Rational? {
        Rational(BigInt(numerator)) / Rational(denominator)
    }

    /// open count × win rate × average deal / cycle, kept exact:
    /// count · R · won · 86 400 000 / ((won + lost) · Σ cycle ms).
    private func velocity(_ c: Int) -> MetricValue {
        let a = agg
        let won = a.won[c]
        // Only a zero cycle has no value: a negative one (a local closed_at that falls before an
        // offset created_at in the report zone, which the reader cannot know) keeps its sign, as
        // sales_cycle_length does.
        guard won > 0, a.cycleMs[c] != 0 else { return .none }
        let (denominator, overflow0) = Int128(won + a.lost[c]).multipliedReportingOverflow(by: a.cycleMs[c])
        let (partial, overflow1) = (Int128(a.openCount[c]) * Int128(won)).multipliedReportingOverflow(by: 86_400_000)
        let (numerator, overflow2) = partial.multipliedReportingOverflow(by: a.revenue[c])
        if !overflow0 && !overflow1 && !overflow2 && numerator.magnitude >> 124 == 0
            && denominator.magnitude >> 124 == 0
        {
            // Rounded half away from zero, all in 128-bit integers (the usual case).
            let q = (2 * numerator.magnitude + denominator.magnitude) / (2 * denominator.magnitude)
            return .money((numerator < 0) != (denominator < 0) ? -Int128(q) : Int128(q))
        }
        let exact = BigInt(a.openCount[c]) * BigInt(a.revenue[c]) * BigInt(won) * BigInt(86_400_000)
        return .money(Rational(exact, BigInt(won + a.lost[c]) * BigInt(a.cycleMs[c])))
    }

    private func cac(_ c: Int) -> Rational? {
        exact(agg.marketingSpend[c] + agg.salesSpend[c], agg.newCustomers[c])
    }

    private func arpa(_ c: Int) -> Rational? {
        guard let s = sweep else { return nil }
        return exact(s.mrr[c], s.active[c])
    }

    /// ARPA over the mean monthly churn of the 12 calendar months ending with P.last's month (SPEC §8.17).
    private func cltv(_ p: Int, _ g: Int) -> Rational? {
        guard let arpa = arpa(p * agg.groups + g), let monthly = monthlySweep else { return nil }
        let last = monthIndexOfPeriod[p]
        guard last >= 12 else { return nil }
        var sum = Rational.zero
        var months = 0
        for k in (last - 11)...last {
            let start = monthly.active[(k - 1) * monthly.groups + g]
            if start == 0 { continue }
            sum = sum + Rational(BigInt(monthly.churnedCount[k * monthly.groups + g]), BigInt(start))
            months += 1
        }
        guard months > 0, !sum.isZero else { return nil }
        return arpa / (sum / Rational(months))!
    }

    /// Sum of the prorated quotas of the reps in the group.
    private func quota(_ p: Int, _ g: Int) -> ProratedAmount? {
        mapping.repCodes == nil ? nil : quotaTotals[p * agg.groups + g]
    }

    private func quotaAttainment(_ p: Int, _ g: Int) -> MetricValue {
        guard mapping.repCodes != nil else { return .none }
        let c = p * agg.groups + g
        return .ratio(quotaAttained[c], repsWithQuota[c])
    }
}
