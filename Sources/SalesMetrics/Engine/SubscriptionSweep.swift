/// MRR, active accounts and MRR movements at a series of sample days, per group.
///
/// Each account's MRR is a step function of the day. It is built once from the
/// account's subscription rows and laid over the sorted sample days: a stretch
/// of constant MRR adds to the samples it covers through difference arrays,
/// and a change between two consecutive samples is one movement. So the cost
/// is O(rows · log samples), never rows × periods.
struct SubscriptionSweep {
    /// Sample days, ascending (the last day of each period).
    let samples: [Int32]
    let groups: Int
    /// Per `[sample * groups + group]`. MRR sums are `Int128` (see ``Aggregates``): an account's
    /// MRR adds up its overlapping rows, and a group's adds up its accounts.
    var mrr: [Int128]
    var active: [Int64]
    /// Movements between sample k-1 and k, per `[k * groups + group]` (k = 0 unused).
    var newMRR, reactivationMRR, expansionMRR, contractionMRR, churnedMRR: [Int128]
    var churnedCount: [Int64]

    init(_ subs: Subscriptions, accountGroup: [Int32], groups: Int, samples: [Int32]) {
        self.samples = samples
        self.groups = groups
        let cells = (samples.count + 1) * groups
        var mrrDiff = [Int128](repeating: 0, count: cells)
        var activeDiff = [Int64](repeating: 0, count: cells)
        newMRR = mrrDiff
        reactivationMRR = mrrDiff
        expansionMRR = mrrDiff
        contractionMRR = mrrDiff
        churnedMRR = mrrDiff
        churnedCount = activeDiff
        mrr = []
        active = []

        for rows in Self.rowsByAccount(subs, accountCount: accountGroup.count) {
            let g = Int(accountGroup[Int(subs.account[rows.first!])])
            guard g >= 0 else { continue }
            var events: [(day: Int32, delta: Int64)] = []
            events.reserveCapacity(rows.count * 2)
            for r in rows where subs.mrr[r] != 0 {
                events.append((subs.startedOn[r], subs.mrr[r]))
                if subs.endedOn[r] != CivilDate.never { events.append((subs.endedOn[r], -subs.mrr[r])) }
            }
            if events.isEmpty { continue }
            events.sort { $0.day < $1.day }

            var value: Int128 = 0  // MRR of the current stretch
            var stretchStart = Int32.min
            var sampledValue: Int128 = 0  // MRR at the last sample covered so far
            var firstPositiveDay = Int32.max
            var e = 0
            while true {
                let stretchEnd = e < events.count ? events[e].day : Int32.max
                if stretchEnd > stretchStart {
                    let lo = lowerBound(stretchStart)
                    let hi = stretchEnd == Int32.max ? samples.count : lowerBound(stretchEnd)
                    if lo < hi {
                        if value > 0 {
                            mrrDiff[lo * groups + g] += value
                            mrrDiff[hi * groups + g] -= value
                            activeDiff[lo * groups + g] += 1
                            activeDiff[hi * groups + g] -= 1
                        }
                        if lo > 0 && value != sampledValue {
                            record(
                                k: lo, g: g, from: sampledValue, to: value,
                                paidBefore: firstPositiveDay <= samples[lo - 1])
                        }
                        sampledValue = value
                    }
                    if value > 0 && firstPositiveDay == Int32.max { firstPositiveDay = stretchStart }
                }
                if e >= events.count { break }
                // Apply every change of this day, then start the next stretch.
                let day = events[e].day
                while e < events.count && events[e].day == day {
                    value += Int128(events[e].delta)
                    e += 1
                }
                stretchStart = day
            }
        }
        // Prefix sums turn the differences into values at each sample.
        mrr = [Int128](repeating: 0, count: samples.count * groups)
        active = [Int64](repeating: 0, count: samples.count * groups)
        for g in 0..<groups {
            var m: Int128 = 0
            var a: Int64 = 0
            for k in 0..<samples.count {
                m += mrrDiff[k * groups + g]
                a += activeDiff[k * groups + g]
                mrr[k * groups + g] = m
                active[k * groups + g] = a
            }
        }
    }

    private mutating func record(k: Int, g: Int, from s: Int128, to e: Int128, paidBefore: Bool) {
        let cell = k * groups + g
        if s == 0 {
            if paidBefore { reactivationMRR[cell] += e } else { newMRR[cell] += e }
        } else if e == 0 {
            churnedMRR[cell] += s
            churnedCount[cell] += 1
        } else if e > s {
            expansionMRR[cell] += e - s
        } else {
            contractionMRR[cell] += s - e
        }
    }

    /// Index of the first sample on or after `day`.
    private func lowerBound(_ day: Int32) -> Int {
        var lo = 0
        var hi = samples.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if samples[mid] < day { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Row indices grouped by account code (counting sort, file order kept).
    static func rowsByAccount(_ subs: Subscriptions, accountCount: Int) -> [ArraySlice<Int>] {
        var counts = [Int](repeating: 0, count: accountCount + 1)
        for a in subs.account { counts[Int(a) + 1] += 1 }
        for i in 1..<counts.count { counts[i] += counts[i - 1] }
        var order = [Int](repeating: 0, count: subs.account.count)
        var next = counts
        for (row, a) in subs.account.enumerated() {
            order[next[Int(a)]] = row
            next[Int(a)] += 1
        }
        return (0..<accountCount).compactMap { a in counts[a] < counts[a + 1] ? order[counts[a]..<counts[a + 1]] : nil }
    }

    // Derived figures at sample k, against sample k-1.
    func cell(_ k: Int, _ g: Int) -> Int { k * groups + g }
}
