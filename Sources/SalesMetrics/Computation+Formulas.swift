import BigInt

/// The metric formulas of SPEC §3 over the aggregates of one grouping.
extension Computation {
    /// The value of a metric that has its data and applies to this grouping.
    func value(_ metric: Metric, period p: Int, group g: Int) -> MetricValue {
        let c = p * agg.groups + g
        let prev = (p - 1) * agg.groups + g
        let a = agg
        switch metric.key {
        // Revenue
        case .totalRevenue: return .money(a.revenue[c])
        case .dealsWon: return .count(a.won[c])
        case .revenueGrowth: return growth(a.revenue[c], a.revenue[prev])
        case .avgDealSize: return .money(dividing: a.revenue[c], by: a.won[c])
        // Conversion
        case .leadsCreated: return .count(a.leads[c])
        case .leadConversionRate: return .ratio(a.converted[c], a.leads[c])
        case .winRate: return .ratio(a.won[c], a.won[c] + a.lost[c])
        case .opportunityConversionRate: return .ratio(a.createdWon[c], a.created[c])
        case .salesCycleLength:
            return a.won[c] == 0 ? .none : .number(a.cycleMs[c].doubleValue / (Double(a.won[c]) * 86_400_000))
        // Pipeline
        case .qualifiedLeads: return .count(a.qualified[c])
        case .openPipelineCount: return .count(a.openCount[c])
        case .openPipelineValue: return .money(a.openValue[c])
        case .pipelineVelocity: return velocity(c)
        case .pipelineCoverage:
            guard let quota = quota(p, g), !quota.isZero else { return .none }
            return .number(quota.ratio(of: a.coverageValue[c]))
        case .forecastAccuracy:
            guard let forecast = companyForecast[p], a.revenue[c] != 0 else { return .none }
            return .number(1 - (a.revenue[c] - Int128(forecast)).magnitude.doubleValue / a.revenue[c].doubleValue)
        case .dealSlippageRate: return .ratio(a.slipped[c], a.dueCount[c])
        case .leadResponseTime:
            return a.responded[c] == 0
                ? .none : .number(a.responseMs[c].doubleValue / (Double(a.responded[c]) * 3_600_000))
        // Customers
        case .newCustomers: return .count(a.newCustomers[c])
        case .cac: return .money(dividing: a.marketingSpend[c] + a.salesSpend[c], by: a.newCustomers[c])
        case .activeCustomers: return sweep.map { .count($0.active[c]) } ?? .none
        case .mrr: return sweep.map { .money($0.mrr[c]) } ?? .none
        case .arr: return sweep.map { .money(12 * $0.mrr[c]) } ?? .none
        case .arpa: return sweep.map { .money(dividing: $0.mrr[c], by: $0.active[c]) } ?? .none
        case .churnRate:
            guard let s = sweep else { return .none }
            return .ratio(s.churnedCount[c], s.active[prev])
        case .customerRetentionRate:
            guard let s = sweep else { return .none }
            return .ratio(s.active[prev] - s.churnedCount[c], s.active[prev])
        case .newMrr: return sweep.map { .money($0.newMRR[c]) } ?? .none
        case .reactivationMrr: return sweep.map { .money($0.reactivationMRR[c]) } ?? .none
        case .expansionMrr: return sweep.map { .money($0.expansionMRR[c]) } ?? .none
        case .contractionMrr: return sweep.map { .money($0.contractionMRR[c]) } ?? .none
        case .churnedMrr: return sweep.map { .money($0.churnedMRR[c]) } ?? .none
        case .netNewMrr: return sweep.map { .money($0.mrr[c] - $0.mrr[prev]) } ?? .none
        case .netRevenueRetention:
            guard let s = sweep else { return .none }
            return .ratio(s.mrr[prev] + s.expansionMRR[c] - s.contractionMRR[c] - s.churnedMRR[c], s.mrr[prev])
        case .grossRevenueRetention:
            guard let s = sweep else { return .none }
            return .ratio(s.mrr[prev] - s.contractionMRR[c] - s.churnedMRR[c], s.mrr[prev])
        case .cltv: return .money(cltv(p, g))
        case .cltvCacRatio:
            guard let cltv = cltv(p, g), let cac = cac(c) else { return .none }
            return .number((cltv / cac)?.doubleValue)
        // Marketing
        case .marketingSpend: return .money(a.marketingSpend[c])
        case .salesSpend: return .money(a.salesSpend[c])
        case .romiIncremental:
            return .ratio(a.revenue[c] - a.revenue[prev], a.marketingSpend[c] - a.marketingSpend[prev])
        case .sourceRoi:
            let spend = a.marketingSpend[c] + a.salesSpend[c]
            return .ratio(a.revenue[c] - spend, spend)
        // Team
        case .activeReps: return .count(a.activeReps[c])
        case .repProductivity: return .money(dividing: a.revenue[c], by: a.activeReps[c])
        case .quotaAttainmentRate: return quotaAttainment(p, g)
        case .timeSelling: return .ratio(a.sellingHours[c], a.totalHours[c])
        // Surveys
        case .nps: return score(a.promoters[c], a.detractors[c], a.responses[c])
        case .enps: return score(a.employeePromoters[c], a.employeeDetractors[c], a.employeeResponses[c])
        }
    }

    private func exact(_ numerator: Int128, _ denominator: Int64) -> Rational? {
        Rational(BigInt(numerator)) / Rational(denominator)
    }

    private func growth(_ now: Int128, _ before: Int128) -> MetricValue {
        .ratio(now - before, before)
    }

    private func score(_ promoters: Int64, _ detractors: Int64, _ responses: Int64) -> MetricValue {
        .ratio(100 * (promoters - detractors), responses)
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
