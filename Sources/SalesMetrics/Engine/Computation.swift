import BigInt

/// All aggregates for one grouping (the totals, or one breakdown) and the
/// formulas that turn them into metric values.
struct Computation {
    let grid: PeriodGrid
    let mapping: GroupMapping
    var agg: Aggregates
    var sweep: SubscriptionSweep?
    /// Monthly churn for CLTV: samples are month ends, `monthIndexOfPeriod[p]` is the sample of P.last's month.
    var monthlySweep: SubscriptionSweep?
    var monthIndexOfPeriod: [Int] = []
    let repCount: Int
    let companyForecast: [Int: Int64]
    /// Per cell: total prorated quota, reps with a quota > 0, and those who reached it.
    var quotaTotals: [ProratedAmount] = []
    var repsWithQuota: [Int64] = []
    var quotaAttained: [Int64] = []
    /// Per cell: the engagement scores' sum, the accounts scored and those at risk; nil for a
    /// period that usage.csv does not cover, or when the report asks for neither metric.
    var engagement: [(total: Int64, accounts: Int64, atRisk: Int64)?] = []

    init(
        _ d: Dataset, grid: PeriodGrid, mapping: GroupMapping, times: ResolvedTimes, zone: ZoneRules,
        engagement samples: EngagementSamples? = nil
    ) {
        self.grid = grid
        self.mapping = mapping
        self.repCount = d.repIds.count
        let groups = mapping.count
        var agg = Aggregates(grid: grid, groups: groups)
        if let o = d.opportunities, let groupOf = mapping.opportunities {
            agg.addOpportunities(
                o, groupOf: groupOf, created: times.oppCreated, closed: times.oppClosed,
                repCount: d.quotas != nil ? d.repIds.count : nil)
        }
        if let groupOf = mapping.leads, d.leads != nil { agg.addLeads(groupOf: groupOf, times: times) }
        if let s = d.spend, let groupOf = mapping.spend { agg.addSpend(s, groupOf: groupOf) }
        if let r = d.reps, let groupOf = mapping.reps { agg.addReps(r, groupOf: groupOf) }
        if let a = d.activities, let groupOf = mapping.activities { agg.addActivities(a, groupOf: groupOf) }
        if let q = d.quotas, mapping.quotas != nil { agg.addQuotas(q, repCount: d.repIds.count) }
        if let s = d.surveys, let groupOf = mapping.surveys {
            agg.addSurveys(s, groupOf: groupOf, answered: times.surveyAnswered)
        }
        if let accountGroup = mapping.accounts, d.opportunities != nil || d.subscriptions != nil {
            agg.addNewCustomers(d, accountGroup: accountGroup, closed: times.oppClosed, zone: zone)
        }
        self.agg = agg
        if let s = d.subscriptions, let accountGroup = mapping.accounts {
            sweep = SubscriptionSweep(
                s, accountGroup: accountGroup, groups: groups, samples: grid.periods.map(\.lastDay))
            // Calendar months from 11 before the first reported P.last's month to the last one, plus one before.
            let monthCalendar = PeriodCalendar(grain: .month)
            var monthStarts = [monthCalendar.periodStart(containing: grid.periods[1].lastDay)]
            for _ in 0..<12 { monthStarts.insert(monthCalendar.previousStart(before: monthStarts[0]), at: 0) }
            while monthStarts.last! <= grid.periods[grid.count - 1].lastDay {
                monthStarts.append(monthCalendar.nextStart(after: monthStarts.last!))
            }
            // Sample k is the last day of month k (the day before the next start).
            let samples = monthStarts.dropFirst().map { $0 - 1 }
            monthlySweep = SubscriptionSweep(s, accountGroup: accountGroup, groups: groups, samples: Array(samples))
            monthIndexOfPeriod = grid.periods.map { period in
                let monthStart = monthCalendar.periodStart(containing: period.lastDay)
                return monthStarts.firstIndex(of: monthStart) ?? -1
            }
        }
        if let repGroup = mapping.repCodes, d.quotas != nil {
            quotaTotals = [ProratedAmount](repeating: ProratedAmount(), count: grid.count * groups)
            repsWithQuota = [Int64](repeating: 0, count: grid.count * groups)
            quotaAttained = repsWithQuota
            for (key, amount) in agg.quotaByRep {
                let (p, rep) = key.quotientAndRemainder(dividingBy: d.repIds.count)
                let g = Int(repGroup[rep])
                guard g >= 0 else { continue }
                let c = p * groups + g
                quotaTotals[c].add(amount)
                // Reaching the quota exactly counts as attained (SPEC §8.18).
                if amount.isPositive {
                    repsWithQuota[c] += 1
                    if !agg.revenueByOwner.isEmpty && amount.isReached(by: agg.revenueByOwner[key]) {
                        quotaAttained[c] += 1
                    }
                }
            }
        }
        companyForecast = Self.companyForecasts(d, grid: grid, submitted: times.forecastSubmitted)
        if let samples, let accountGroup = mapping.accounts {
            engagement = [(total: Int64, accounts: Int64, atRisk: Int64)?](repeating: nil, count: grid.count * groups)
            for (p, accounts) in samples.periods.enumerated() {
                guard let accounts else { continue }
                for g in 0..<groups { engagement[p * groups + g] = (0, 0, 0) }
                for a in accounts {
                    let g = Int(accountGroup[Int(a.account)])
                    guard g >= 0 else { continue }
                    engagement[p * groups + g]!.total += Int64(a.score)
                    engagement[p * groups + g]!.accounts += 1
                    if a.atRisk { engagement[p * groups + g]!.atRisk += 1 }
                }
            }
        }
    }

    /// Amount of the latest company-level forecast whose range equals each period (SPEC §8.14).
    private static func companyForecasts(_ d: Dataset, grid: PeriodGrid, submitted: [Int64]) -> [Int: Int64] {
        guard let f = d.forecasts else { return [:] }
        var periodOfRange: [Int64: Int] = [:]
        for (p, period) in grid.periods.enumerated() {
            periodOfRange[Int64(period.firstDay) << 32 | Int64(UInt32(bitPattern: period.lastDay))] = p
        }
        var best: [Int: (submitted: Int64, amount: Int64)] = [:]
        for i in 0..<f.amount.count where f.rep[i] == StringCodes.none {
            let key = Int64(f.periodStart[i]) << 32 | Int64(UInt32(bitPattern: f.periodEnd[i]))
            guard let p = periodOfRange[key] else { continue }
            // Empty submitted_at (Timestamp.none) ranks below every timestamp; ties go to the later row.
            if let current = best[p], current.submitted > submitted[i] { continue }
            best[p] = (submitted[i], f.amount[i])
        }
        return best.mapValues(\.amount)
    }
}
