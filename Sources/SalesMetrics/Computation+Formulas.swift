import BigInt

/// The metric formulas of SPEC §3 over the aggregates of one grouping.
extension Computation {
    /// The value of a metric that has its data and applies to this grouping.
    func value(_ metric: Metric, period p: Int, group g: Int) -> MetricValue {
        let c = p * agg.groups + g
        let prev = (p - 1) * agg.groups + g
        let a = agg
        switch metric.id {
        // Revenue
        case "total_revenue": return .money(a.revenue[c])
        case "deals_won": return .count(a.won[c])
        case "revenue_growth": return growth(a.revenue[c], a.revenue[prev])
        case "avg_deal_size": return .money(dividing: a.revenue[c], by: a.won[c])
        // Conversion
        case "leads_created": return .count(a.leads[c])
        case "lead_conversion_rate": return .ratio(a.converted[c], a.leads[c])
        case "win_rate": return .ratio(a.won[c], a.won[c] + a.lost[c])
        case "opportunity_conversion_rate": return .ratio(a.createdWon[c], a.created[c])
        case "sales_cycle_length":
            return a.won[c] == 0 ? .none : .number(Double(a.cycleMs[c]) / (Double(a.won[c]) * 86_400_000))
        // Pipeline
        case "qualified_leads": return .count(a.qualified[c])
        case "open_pipeline_count": return .count(a.openCount[c])
        case "open_pipeline_value": return .money(a.openValue[c])
        case "pipeline_velocity": return velocity(c)
        case "pipeline_coverage":
            guard let quota = quota(p, g), !quota.isZero else { return .none }
            return .number((Rational(a.coverageValue[c]) / quota.rational)?.doubleValue)
        case "forecast_accuracy":
            guard let forecast = companyForecast[p], a.revenue[c] != 0 else { return .none }
            return .number(1 - Double(abs(a.revenue[c] - forecast)) / Double(a.revenue[c]))
        case "deal_slippage_rate": return .ratio(a.slipped[c], a.dueCount[c])
        case "lead_response_time":
            return a.responded[c] == 0 ? .none : .number(Double(a.responseMs[c]) / (Double(a.responded[c]) * 3_600_000))
        // Customers
        case "new_customers": return .count(a.newCustomers[c])
        case "cac": return .money(dividing: a.marketingSpend[c] + a.salesSpend[c], by: a.newCustomers[c])
        case "active_customers": return sweep.map { .count($0.active[c]) } ?? .none
        case "mrr": return sweep.map { .money($0.mrr[c]) } ?? .none
        case "arr": return sweep.map { .money(12 * $0.mrr[c]) } ?? .none
        case "arpa": return sweep.map { .money(dividing: $0.mrr[c], by: $0.active[c]) } ?? .none
        case "churn_rate":
            guard let s = sweep else { return .none }
            return .ratio(s.churnedCount[c], s.active[prev])
        case "customer_retention_rate":
            guard let s = sweep else { return .none }
            return .ratio(s.active[prev] - s.churnedCount[c], s.active[prev])
        case "new_mrr": return sweep.map { .money($0.newMRR[c]) } ?? .none
        case "reactivation_mrr": return sweep.map { .money($0.reactivationMRR[c]) } ?? .none
        case "expansion_mrr": return sweep.map { .money($0.expansionMRR[c]) } ?? .none
        case "contraction_mrr": return sweep.map { .money($0.contractionMRR[c]) } ?? .none
        case "churned_mrr": return sweep.map { .money($0.churnedMRR[c]) } ?? .none
        case "net_new_mrr": return sweep.map { .money($0.mrr[c] - $0.mrr[prev]) } ?? .none
        case "net_revenue_retention":
            guard let s = sweep else { return .none }
            return .ratio(s.mrr[prev] + s.expansionMRR[c] - s.contractionMRR[c] - s.churnedMRR[c], s.mrr[prev])
        case "gross_revenue_retention":
            guard let s = sweep else { return .none }
            return .ratio(s.mrr[prev] - s.contractionMRR[c] - s.churnedMRR[c], s.mrr[prev])
        case "cltv": return .money(cltv(p, g))
        case "cltv_cac_ratio":
            guard let cltv = cltv(p, g), let cac = cac(c) else { return .none }
            return .number((cltv / cac)?.doubleValue)
        // Marketing
        case "marketing_spend": return .money(a.marketingSpend[c])
        case "sales_spend": return .money(a.salesSpend[c])
        case "romi_incremental":
            return .ratio(a.revenue[c] - a.revenue[prev], a.marketingSpend[c] - a.marketingSpend[prev])
        case "source_roi":
            let spend = a.marketingSpend[c] + a.salesSpend[c]
            return .ratio(a.revenue[c] - spend, spend)
        // Team
        case "active_reps": return .count(a.activeReps[c])
        case "rep_productivity": return .money(dividing: a.revenue[c], by: a.activeReps[c])
        case "quota_attainment_rate": return quotaAttainment(p, g)
        case "time_selling": return .ratio(a.sellingHours[c], a.totalHours[c])
        // Surveys
        case "nps": return score(a.promoters[c], a.detractors[c], a.responses[c])
        case "enps": return score(a.employeePromoters[c], a.employeeDetractors[c], a.employeeResponses[c])
        default: return .none
        }
    }

    private func exact(_ numerator: Int64, _ denominator: Int64) -> Rational? {
        Rational(numerator) / Rational(denominator)
    }

    private func growth(_ now: Int64, _ before: Int64) -> MetricValue {
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
        guard won > 0, a.cycleMs[c] > 0 else { return .none }
        let numerator = BigInt(a.openCount[c]) * BigInt(a.revenue[c]) * BigInt(won) * BigInt(86_400_000)
        let denominator = BigInt(won + a.lost[c]) * BigInt(a.cycleMs[c])
        return .money(Rational(numerator, denominator))
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
