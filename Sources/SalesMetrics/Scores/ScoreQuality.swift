/// How well predicted probabilities matched outcomes: the figures shown beside every score
/// (docs/scoring.md, "Reading the evaluation").
public struct ScoreQuality: Sendable, Equatable {
    /// Outcomes the figures are over, and how many of them were positive.
    public var count: Int
    public var positives: Int
    /// ROC AUC: the chance that a random positive outranks a random negative, ties counting
    /// half (the Mann–Whitney statistic); nil without both outcomes.
    public var auc: Double?
    /// Mean squared difference between probability and outcome (0 is perfect; always
    /// predicting the average rate r scores r·(1 − r)).
    public var brier: Double
    /// The positive rate among the tenth with the highest probabilities, and over all.
    public var topDecileRate: Double
    public var averageRate: Double
    /// Ten bands of equal size, highest probabilities first.
    public var calibration: [CalibrationBand]

    public struct CalibrationBand: Sendable, Equatable {
        public var count: Int
        public var meanPredicted: Double
        public var observedRate: Double
    }

    /// `predictions[i]` for outcome `outcomes[i]`; nil when there are none.
    public init?(predictions: [Double], outcomes: [Bool]) {
        let n = predictions.count
        guard n > 0, n == outcomes.count else { return nil }
        count = n
        positives = outcomes.reduce(0) { $0 + ($1 ? 1 : 0) }
        averageRate = Double(positives) / Double(n)
        auc = Self.auc(predictions, outcomes)
        brier =
            zip(predictions, outcomes).reduce(0.0) { $0 + ($1.0 - ($1.1 ? 1 : 0)) * ($1.0 - ($1.1 ? 1 : 0)) }
            / Double(n)
        // Highest first; equal probabilities keep their order, so the bands are deterministic.
        let order = predictions.indices.sorted {
            predictions[$0] != predictions[$1] ? predictions[$0] > predictions[$1] : $0 < $1
        }
        calibration = (0..<10).compactMap { band in
            let slice = order[(band * n / 10)..<((band + 1) * n / 10)]
            guard !slice.isEmpty else { return nil }
            let predicted = slice.reduce(0.0) { $0 + predictions[$1] } / Double(slice.count)
            let observed = Double(slice.reduce(0) { $0 + (outcomes[$1] ? 1 : 0) }) / Double(slice.count)
            return CalibrationBand(count: slice.count, meanPredicted: predicted, observedRate: observed)
        }
        let top = order[0..<max(1, n / 10)]
        topDecileRate = Double(top.reduce(0) { $0 + (outcomes[$1] ? 1 : 0) }) / Double(top.count)
    }

    /// The top tenth's rate over the average: 2 means the top tenth converts twice as often.
    public var lift: Double? { averageRate > 0 ? topDecileRate / averageRate : nil }

    static func auc(_ predictions: [Double], _ outcomes: [Bool]) -> Double? {
        let positives = outcomes.reduce(0) { $0 + ($1 ? 1 : 0) }
        let negatives = outcomes.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        // Rank sum of the positives, tied probabilities sharing their average rank.
        let order = predictions.indices.sorted { predictions[$0] < predictions[$1] }
        var rankSum = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && predictions[order[j + 1]] == predictions[order[i]] { j += 1 }
            let averageRank = Double(i + j + 2) / 2  // ranks are 1-based
            for k in i...j where outcomes[order[k]] { rankSum += averageRank }
            i = j + 1
        }
        let p = Double(positives)
        return (rankSum - p * (p + 1) / 2) / (p * Double(negatives))
    }
}
