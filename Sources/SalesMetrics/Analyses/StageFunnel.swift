/// The sales funnel from stage history: how many opportunities entered each stage in a
/// range, the step conversion from one stage to the next, how many were lost at each step,
/// and how long deals stay in a stage.
public struct StageFunnel: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        public var stage: String
        /// Distinct opportunities that entered the stage in the range.
        public var entered: Int
        /// Of those that entered, the deals that went on to a later step (at any time, skipped
        /// steps included).
        public var advanced: Int
        /// advanced / entered: the step's conversion, at most 1 even when deals skip a stage;
        /// nil for the last step or when none entered.
        public var conversionToNext: Double?
        /// Of those that entered, the lost deals whose last stage before losing was this one
        /// (the step's drop-off).
        public var lost: Int
        /// Median days from entering the stage to the opportunity's next stage (or its close);
        /// nil when no deal has left the stage yet.
        public var medianDaysInStage: Double?
    }

    public var steps: [Step]
    /// Stages where lost deals end; they are not steps, their deals are each step's `lost`.
    public var lostStages: [String]

    /// Stages in the order given; stages not listed follow in the order deals go through
    /// them (`Self.order`). `group` keeps only opportunities of one breakdown group.
    public init(
        _ d: Dataset, from: Int64, to: Int64, zone: ZoneRules, stageOrder: [String] = [],
        group: (dimension: Breakdown, key: String)? = nil
    ) {
        guard let history = d.stageHistory else {
            steps = []
            lostStages = []
            return
        }
        let entered = history.enteredAt.resolved(in: zone)
        let closed = d.opportunities?.closedAt.resolved(in: zone) ?? []
        let opportunityRow = Self.rowOfOpportunity(d)
        let inGroup = DrillDown.groupFilter(d, table: .opportunities, group: group)
        let byOpportunity = history.opportunity.indices.sorted {
            (history.opportunity[$0], entered[$0]) < (history.opportunity[$1], entered[$1])
        }
        let structure = Self.order(d, history: history, sorted: byOpportunity, rowOf: opportunityRow)

        // Stage codes in display order: the given ones, then the structural order without
        // the stages given.
        var order: [Int32] = stageOrder.compactMap { d.stages.existingCode(for: $0) }
        let given = Set(order)
        order += structure.steps.filter { !given.contains($0) }
        let lostCodes = Set(structure.lost).subtracting(given)
        var position = [Int](repeating: -1, count: d.stages.count)
        for (i, code) in order.enumerated() { position[Int(code)] = i }

        var enteredSets = [Set<Int32>](repeating: [], count: order.count)
        var lostSets = [Set<Int32>](repeating: [], count: order.count)
        var advancedSets = [Set<Int32>](repeating: [], count: order.count)
        var durations = [[Double]](repeating: [], count: order.count)
        for (k, i) in byOpportunity.enumerated() {
            let code = history.stage[i]
            let t = entered[i]
            guard code >= 0, t != Timestamp.none, from <= t, t < to else { continue }
            let p = position[Int(code)]
            guard p >= 0 else { continue }
            let opportunity = history.opportunity[i]
            let row = opportunity >= 0 ? opportunityRow[Int(opportunity)] : -1
            if group != nil && (row < 0 || !inGroup(row)) { continue }
            enteredSets[p].insert(opportunity)
            var left = Timestamp.none
            var next = k + 1
            if next < byOpportunity.count, history.opportunity[byOpportunity[next]] == opportunity {
                left = entered[byOpportunity[next]]
            } else if row >= 0 {
                left = closed[row]
            }
            if left != Timestamp.none && left >= t { durations[p].append(Double(left - t) / 86_400_000) }
            var later = next
            while later < byOpportunity.count, history.opportunity[byOpportunity[later]] == opportunity {
                let code = history.stage[byOpportunity[later]]
                if code >= 0 && position[Int(code)] > p {
                    advancedSets[p].insert(opportunity)
                    break
                }
                later += 1
            }
            // Lost here: a lost deal with no later entry other than a lost stage.
            if row >= 0, d.opportunities?.status[row] == .lost {
                while next < byOpportunity.count, history.opportunity[byOpportunity[next]] == opportunity,
                    lostCodes.contains(history.stage[byOpportunity[next]])
                {
                    next += 1
                }
                if next >= byOpportunity.count || history.opportunity[byOpportunity[next]] != opportunity {
                    lostSets[p].insert(opportunity)
                }
            }
        }
        steps = order.indices.map { p in
            let count = enteredSets[p].count
            let advanced = advancedSets[p].count
            return Step(
                stage: d.stages[order[p]] ?? "", entered: count, advanced: advanced,
                conversionToNext: p + 1 < order.count && count > 0 ? Double(advanced) / Double(count) : nil,
                lost: lostSets[p].count, medianDaysInStage: Self.median(durations[p]))
        }
        lostStages = structure.lost.filter(lostCodes.contains).map { d.stages[$0] ?? "" }
    }

    /// The order deals go through the stages, from all of stage_history (not only the range,
    /// so every period shows the same order):
    /// - a stage is *terminal* when at least 90% of its entries are the last entry of a closed
    ///   deal; it is a *won* stage when most of those deals were won, else a *lost* stage;
    /// - the other stages are ordered by the median of their position in the deals' histories
    ///   (0 for a deal's first entry, 1 for its second, …), ties by first appearance;
    /// - won stages come last; lost stages are not steps.
    static func order(_ d: Dataset, history: StageHistory, sorted: [Int], rowOf: [Int])
        -> (steps: [Int32], lost: [Int32])
    {
        let n = d.stages.count
        var positions = [[Int]](repeating: [], count: n)
        var finalWon = [Int](repeating: 0, count: n)
        var finalLost = [Int](repeating: 0, count: n)
        var firstSeen = [Int](repeating: Int.max, count: n)
        var k = 0
        while k < sorted.count {
            let opportunity = history.opportunity[sorted[k]]
            var end = k
            while end < sorted.count && history.opportunity[sorted[end]] == opportunity { end += 1 }
            for j in k..<end {
                let code = history.stage[sorted[j]]
                guard code >= 0 else { continue }
                positions[Int(code)].append(j - k)
                firstSeen[Int(code)] = min(firstSeen[Int(code)], sorted[j])
            }
            let last = history.stage[sorted[end - 1]]
            let row = opportunity >= 0 ? rowOf[Int(opportunity)] : -1
            if last >= 0, row >= 0, let status = d.opportunities?.status[row] {
                if status == .won { finalWon[Int(last)] += 1 }
                if status == .lost { finalLost[Int(last)] += 1 }
            }
            k = end
        }
        var middle: [(code: Int32, median: Double, first: Int)] = []
        var won: [(code: Int32, median: Double, first: Int)] = []
        var lost: [(code: Int32, median: Double, first: Int)] = []
        for code in 0..<n where !positions[code].isEmpty {
            let entry = (Int32(code), median(positions[code].map(Double.init)) ?? 0, firstSeen[code])
            let final = finalWon[code] + finalLost[code]
            if final * 10 >= positions[code].count * 9 {
                if finalWon[code] > finalLost[code] { won.append(entry) } else { lost.append(entry) }
            } else {
                middle.append(entry)
            }
        }
        func sortedCodes(_ list: [(code: Int32, median: Double, first: Int)]) -> [Int32] {
            list.sorted { ($0.median, $0.first) < ($1.median, $1.first) }.map(\.code)
        }
        return (sortedCodes(middle) + sortedCodes(won), sortedCodes(lost))
    }

    /// Row of each opportunity code in opportunities.csv (-1 when the file lacks it).
    private static func rowOfOpportunity(_ d: Dataset) -> [Int] {
        var out = [Int](repeating: -1, count: d.opportunityIds.count)
        if let ids = d.opportunities?.id {
            for (row, code) in ids.enumerated() where code >= 0 { out[Int(code)] = row }
        }
        return out
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
