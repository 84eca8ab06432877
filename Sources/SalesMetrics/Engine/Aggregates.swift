import BigInt

/// Per-period, per-group sums of every table, each built in one pass over its rows.
///
/// Cells are `[period * groups + group]`; period 0 is the period before the
/// first reported one.
///
/// Counts are `Int64` (a cell counts rows, far fewer than 2^63). Sums of money, durations and
/// hours are `Int128`: one value is bounded (docs/data-format.md: money below 10^15 units, hours
/// below 10^9, timestamps within years 0–9999), but a file may hold any number of rows, and 100
/// deals at the largest legal amount already pass `Int64.max`. 128 bits hold more rows of
/// the largest values than any machine can store.
struct Aggregates {
    let grid: PeriodGrid
    let groups: Int
    var cells: Int { grid.count * groups }

    // Opportunities
    var won, lost: [Int64]
    var revenue, lostAmount, cycleMs: [Int128]
    var created, createdWon: [Int64]
    var createdAmount: [Int128]
    var openCount: [Int64]  // at each period's end
    var openValue: [Int128]
    var dueCount, slipped: [Int64]
    var coverageValue: [Int128]
    /// Won revenue per `[period * repCount + rep]` as owner (for quota attainment).
    var revenueByOwner: [Int128] = []

    // Leads
    var leads, converted, qualified, responded: [Int64]
    var responseMs: [Int128]

    // Spend
    var marketingSpend, salesSpend: [Int128]

    // Team
    var activeReps: [Int64]
    var sellingHours, totalHours: [Int128]
    /// Prorated quota per `[period * repCount + rep]`, only for reps with quota rows.
    var quotaByRep: [Int: ProratedAmount] = [:]

    // Surveys
    var promoters, detractors, responses: [Int64]  // customer
    var employeePromoters, employeeDetractors, employeeResponses: [Int64]

    // Customers
    var newCustomers: [Int64]

    init(grid: PeriodGrid, groups: Int) {
        self.grid = grid
        self.groups = groups
        let zero = [Int64](repeating: 0, count: grid.count * groups)
        let wide = [Int128](repeating: 0, count: grid.count * groups)
        (won, lost, revenue, lostAmount, cycleMs) = (zero, zero, wide, wide, wide)
        (created, createdWon, createdAmount) = (zero, zero, wide)
        (openCount, openValue, dueCount, slipped, coverageValue) = (zero, wide, zero, zero, wide)
        (leads, converted, qualified, responded, responseMs) = (zero, zero, zero, zero, wide)
        (marketingSpend, salesSpend, activeReps, sellingHours, totalHours) = (wide, wide, zero, wide, wide)
        (promoters, detractors, responses) = (zero, zero, zero)
        (employeePromoters, employeeDetractors, employeeResponses) = (zero, zero, zero)
        newCustomers = zero
    }

    mutating func addOpportunities(
        _ o: Opportunities, groupOf: [Int32], created createdAt: [Int64], closed closedAt: [Int64], repCount: Int?
    ) {
        let n = grid.count
        // Histograms of boundary ranks give "opened before t" and "closed before t" for every boundary.
        var openedByRank = [Int64](repeating: 0, count: (n + 2) * groups)
        var closedByRank = openedByRank
        var openedValueByRank = [Int128](repeating: 0, count: (n + 2) * groups)
        var closedValueByRank = openedValueByRank
        if let repCount { revenueByOwner = [Int128](repeating: 0, count: n * repCount) }
        for i in 0..<createdAt.count {
            let g = Int(groupOf[i])
            if g < 0 { continue }
            let amount = Int128(o.amount[i])
            let createdTime = createdAt[i]
            let closedTime = closedAt[i]
            let status = o.status[i]
            let createdRank = grid.boundaryRank(ofInstant: createdTime)
            openedByRank[createdRank * groups + g] += 1
            openedValueByRank[createdRank * groups + g] += amount
            if createdRank >= 1 && createdRank <= n {
                let c = (createdRank - 1) * groups + g
                created[c] += 1
                createdAmount[c] += amount
                if status == .won { createdWon[c] += 1 }
            }
            if closedTime != Timestamp.none {
                let closedRank = grid.boundaryRank(ofInstant: closedTime)
                closedByRank[closedRank * groups + g] += 1
                closedValueByRank[closedRank * groups + g] += amount
                if closedRank >= 1 && closedRank <= n {
                    let p = closedRank - 1
                    let c = p * groups + g
                    if status == .won {
                        won[c] += 1
                        revenue[c] += amount
                        cycleMs[c] += Int128(closedTime - createdTime)
                        if let repCount, o.owner[i] >= 0 { revenueByOwner[p * repCount + Int(o.owner[i])] += amount }
                    } else if status == .lost {
                        lost[c] += 1
                        lostAmount[c] += amount
                    }
                }
            }
            let due = o.expectedCloseOn[i]
            if due != CivilDate.none {
                let p = grid.index(ofDay: due)
                if p >= 0 {
                    let period = grid.periods[p]
                    let c = p * groups + g
                    dueCount[c] += 1
                    if closedTime == Timestamp.none || closedTime >= period.end { slipped[c] += 1 }
                    if createdTime < period.start && (closedTime == Timestamp.none || closedTime >= period.start) {
                        coverageValue[c] += amount
                    }
                }
            }
        }
        // open_at(periods[p].end): opened and closed strictly before the end boundary p+1.
        for g in 0..<groups {
            var opened: Int64 = 0
            var closed: Int64 = 0
            var openedValue: Int128 = 0
            var closedValue: Int128 = 0
            for rank in 0...(n + 1) {
                opened += openedByRank[rank * groups + g]
                closed += closedByRank[rank * groups + g]
                openedValue += openedValueByRank[rank * groups + g]
                closedValue += closedValueByRank[rank * groups + g]
                if rank >= 1 && rank <= n {
                    // rank r counts instants < bounds[r] = periods[r-1].end
                    openCount[(rank - 1) * groups + g] = opened - closed
                    openValue[(rank - 1) * groups + g] = openedValue - closedValue
                }
            }
        }
    }

    mutating func addLeads(groupOf: [Int32], times t: ResolvedTimes) {
        for i in 0..<t.leadCreated.count {
            let g = Int(groupOf[i])
            let p = grid.index(ofInstant: t.leadCreated[i])
            if g < 0 || p < 0 { continue }
            let c = p * groups + g
            leads[c] += 1
            if t.leadConverted[i] != Timestamp.none { converted[c] += 1 }
            if t.leadQualified[i] != Timestamp.none { qualified[c] += 1 }
            if t.leadResponse[i] != Timestamp.none {
                responded[c] += 1
                responseMs[c] += Int128(t.leadResponse[i] - t.leadCreated[i])
            }
        }
    }

    mutating func addSpend(_ s: Spend, groupOf: [Int32]) {
        for i in 0..<s.date.count {
            let g = Int(groupOf[i])
            let p = grid.index(ofDay: s.date[i])
            if g < 0 || p < 0 { continue }
            if s.category[i] == .marketing {
                marketingSpend[p * groups + g] += Int128(s.amount[i])
            } else {
                salesSpend[p * groups + g] += Int128(s.amount[i])
            }
        }
    }

    mutating func addReps(_ r: Reps, groupOf: [Int32]) {
        for i in 0..<r.id.count {
            let g = Int(groupOf[i])
            if g < 0 { continue }
            // Employed on a day of P: hired_on ≤ P.last and left_on > P.first.
            for (p, _) in periodsOverlapping(
                first: r.hiredOn[i] == CivilDate.none ? .min : r.hiredOn[i],
                last: r.leftOn[i] == CivilDate.never ? .max : r.leftOn[i] - 1)
            {
                activeReps[p * groups + g] += 1
            }
        }
    }

    mutating func addActivities(_ a: Activities, groupOf: [Int32]) {
        for i in 0..<a.date.count {
            let g = Int(groupOf[i])
            let p = grid.index(ofDay: a.date[i])
            if g < 0 || p < 0 { continue }
            sellingHours[p * groups + g] += Int128(a.sellingHours[i])
            totalHours[p * groups + g] += Int128(a.totalHours[i])
        }
    }

    /// Spreads each quota row over the periods it overlaps: amount × k / n (SPEC §2).
    mutating func addQuotas(_ q: Quotas, repCount: Int) {
        for i in 0..<q.rep.count {
            let days = Int64(q.periodEnd[i] - q.periodStart[i] + 1)
            for (p, period) in periodsOverlapping(first: q.periodStart[i], last: q.periodEnd[i]) {
                let overlap = Int64(min(q.periodEnd[i], period.lastDay) - max(q.periodStart[i], period.firstDay) + 1)
                quotaByRep[p * repCount + Int(q.rep[i]), default: ProratedAmount()]
                    .add(amount: q.amount[i], days: overlap, ofDays: days)
            }
        }
    }

    mutating func addSurveys(_ s: Surveys, groupOf: [Int32], answered: [Int64]) {
        for i in 0..<answered.count {
            let g = Int(groupOf[i])
            let p = grid.index(ofInstant: answered[i])
            if g < 0 || p < 0 { continue }
            let c = p * groups + g
            let score = s.score[i]
            if s.kind[i] == .customer {
                responses[c] += 1
                if score >= 9 { promoters[c] += 1 } else if score <= 6 { detractors[c] += 1 }
            } else {
                employeeResponses[c] += 1
                if score >= 9 { employeePromoters[c] += 1 } else if score <= 6 { employeeDetractors[c] += 1 }
            }
        }
    }

    /// Counts each account once, in the period of its acquisition instant (SPEC §3, §8.15).
    mutating func addNewCustomers(_ d: Dataset, accountGroup: [Int32], closed: [Int64], zone: ZoneRules) {
        var acquired = [Int64](repeating: .max, count: d.accountIds.count)
        if let o = d.opportunities {
            for i in 0..<o.account.count where o.status[i] == .won && o.account[i] >= 0 {
                let a = Int(o.account[i])
                acquired[a] = min(acquired[a], closed[i])
            }
        }
        if let s = d.subscriptions {
            for i in 0..<s.account.count where s.mrr[i] > 0 {
                let a = Int(s.account[i])
                acquired[a] = min(acquired[a], zone.startOfDay(s.startedOn[i]))
            }
        }
        for a in 0..<acquired.count where acquired[a] != .max {
            let g = Int(accountGroup[a])
            let p = grid.index(ofInstant: acquired[a])
            if g >= 0 && p >= 0 { newCustomers[p * groups + g] += 1 }
        }
    }

    /// The grid periods that share a day with `[first, last]`.
    private func periodsOverlapping(first: Int32, last: Int32) -> [(Int, Period)] {
        guard first <= last else { return [] }
        let b = grid.dayBounds
        let lo = first < b[0] ? 0 : grid.index(ofDay: first)
        let hi = last >= b[b.count - 1] - 1 ? grid.count - 1 : grid.index(ofDay: last)
        guard lo >= 0, hi >= 0, last >= b[0], first < b[b.count - 1], lo <= hi else { return [] }
        return (lo...hi).map { ($0, grid.periods[$0]) }
    }
}
