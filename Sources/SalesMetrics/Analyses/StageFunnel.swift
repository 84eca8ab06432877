/// The sales funnel from stage history: how many opportunities entered each stage in a
/// range, the step conversion from one stage to the next, and how long deals stay in a stage.
public struct StageFunnel: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        public var stage: String
        /// Distinct opportunities that entered the stage in the range.
        public var entered: Int
        /// entered(next stage) / entered(this stage); nil for the last stage or when none entered.
        public var conversionToNext: Double?
        /// Median days from entering the stage to the opportunity's next stage (or its close);
        /// nil when no deal has left the stage yet.
        public var medianDaysInStage: Double?
    }

    public var steps: [Step]

    /// Stages in the order given; stages not listed follow in the order of first appearance
    /// in stage_history.csv. `group` keeps only opportunities of one breakdown group.
    public init(
        _ d: Dataset, from: Int64, to: Int64, zone: ZoneRules, stageOrder: [String] = [],
        group: (dimension: Breakdown, key: String)? = nil
    ) {
        guard let history = d.stageHistory else {
            steps = []
            return
        }
        let entered = history.enteredAt.resolved(in: zone)
        let closed = d.opportunities?.closedAt.resolved(in: zone) ?? []
        let opportunityRow = Self.rowOfOpportunity(d)
        let inGroup = DrillDown.groupFilter(d, table: .opportunities, group: group)

        // Stage codes in display order.
        var order: [Int32] = stageOrder.compactMap { d.stages.existingCode(for: $0) }
        var seen = Set(order)
        for code in history.stage where code >= 0 && !seen.contains(code) {
            seen.insert(code)
            order.append(code)
        }
        var position = [Int](repeating: -1, count: d.stages.count)
        for (i, code) in order.enumerated() { position[Int(code)] = i }

        // Each opportunity's entries by time, to find when it left a stage.
        let byOpportunity = history.opportunity.indices.sorted {
            (history.opportunity[$0], entered[$0]) < (history.opportunity[$1], entered[$1])
        }
        var enteredSets = [Set<Int32>](repeating: [], count: order.count)
        var durations = [[Double]](repeating: [], count: order.count)
        for (k, i) in byOpportunity.enumerated() {
            let code = history.stage[i]
            let t = entered[i]
            guard code >= 0, t != Timestamp.none, from <= t, t < to else { continue }
            let opportunity = history.opportunity[i]
            let row = opportunity >= 0 ? opportunityRow[Int(opportunity)] : -1
            if group != nil && (row < 0 || !inGroup(row)) { continue }
            let p = position[Int(code)]
            enteredSets[p].insert(opportunity)
            var left = Timestamp.none
            if k + 1 < byOpportunity.count, history.opportunity[byOpportunity[k + 1]] == opportunity {
                left = entered[byOpportunity[k + 1]]
            } else if row >= 0 {
                left = closed[row]
            }
            if left != Timestamp.none && left >= t { durations[p].append(Double(left - t) / 86_400_000) }
        }
        steps = order.indices.map { p in
            let count = enteredSets[p].count
            let next = p + 1 < order.count ? enteredSets[p + 1].count : nil
            return Step(
                stage: d.stages[order[p]] ?? "", entered: count,
                conversionToNext: next.flatMap { count > 0 ? Double($0) / Double(count) : nil },
                medianDaysInStage: Self.median(durations[p]))
        }
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
