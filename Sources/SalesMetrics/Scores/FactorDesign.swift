import Foundation

/// One input of a score, before its levels are chosen: a category (source, owner, an
/// attribute), a number (an attribute) or fixed buckets (first-response time).
public struct RawFactor: Sendable {
    public enum Values: Sendable {
        /// Per row a code into `names`; ``StringCodes/none`` when empty.
        case category(names: [String], codes: [Int32])
        /// Per row a number; NaN when empty.
        case number([Double])
        /// Per row a bucket of `labels`, which are all kept as levels, in this order; the last
        /// is the bucket of rows without a value.
        case buckets(labels: [String], codes: [Int32])
    }

    /// As a rep reads it: "source", "first response", "account industry", "TotalVisits".
    public var name: String
    public var values: Values

    public init(name: String, values: Values) {
        self.name = name
        self.values = values
    }
}

/// Factors turned into one-hot levels, each row a list of its levels' columns: which levels a
/// factor has is decided from the rows a model learns from (`fitRows`) and applied to every row.
///
/// - A category keeps the values with at least `minCount` of those rows, at most `maxLevels`
///   of them (the most frequent); the rest share the level "(other)", which also takes values
///   never seen; an empty value is the level "(none)", pooled by the same rule.
/// - A number is cut at its quintiles (the values at positions ⌊k·n/5⌋, k = 1…4, of the sorted
///   learning values, each cut once, none at the minimum): "under 3", "3 to under 5", "12 or more",
///   and "(none)" when empty.
/// - A factor whose learning rows all share one level says nothing and is left out.
public struct FactorDesign: Sendable {
    public struct Factor: Sendable, Equatable {
        public var name: String
        public var levels: [String]
        /// The first column of the factor's levels.
        public var offset: Int
    }

    public private(set) var factors: [Factor] = []
    /// Factors left out, with the reason in words.
    public private(set) var leftOut: [(name: String, reason: String)] = []
    /// Row-major: `factors.count` columns per row.
    private var cells: [Int32] = []
    public private(set) var rowCount: Int
    public var factorCount: Int { factors.count }
    public var columnCount: Int { factors.last.map { $0.offset + $0.levels.count } ?? 0 }

    public static let other = "(other)"
    public static let none = "(none)"

    public init(_ raw: [RawFactor], rowCount: Int, fitRows: [Int], minCount: Int, maxLevels: Int = 25) {
        self.rowCount = rowCount
        var levelOfRow: [[Int32]] = []
        for factor in raw {
            let (levels, perRow) = Self.levels(factor.values, rowCount: rowCount, fitRows: fitRows, minCount, maxLevels)
            var used = Set<Int32>()
            for row in fitRows where used.count < 2 { used.insert(perRow[row]) }
            guard used.count > 1 else {
                leftOut.append(
                    (factor.name, fitRows.isEmpty ? "no leads to learn from" : "one value in every lead learned from"))
                continue
            }
            factors.append(Factor(name: factor.name, levels: levels, offset: columnCount))
            levelOfRow.append(perRow)
        }
        let f = factors.count
        cells = [Int32](repeating: 0, count: rowCount * f)
        for (k, factor) in factors.enumerated() {
            let perRow = levelOfRow[k]
            for row in 0..<rowCount { cells[row * f + k] = Int32(factor.offset) + perRow[row] }
        }
    }

    /// The columns of a row's levels, one per factor.
    public func columns(of row: Int) -> ArraySlice<Int32> {
        cells[(row * factors.count)..<((row + 1) * factors.count)]
    }

    /// The factor and level of a column.
    public func describe(column: Int) -> (factor: Int, level: String) {
        let k = factors.lastIndex { $0.offset <= column }!
        return (k, factors[k].levels[column - factors[k].offset])
    }

    public func columnRange(factor: Int) -> Range<Int> {
        factors[factor].offset..<(factors[factor].offset + factors[factor].levels.count)
    }

    /// A factor's levels and every row's level index.
    private static func levels(
        _ values: RawFactor.Values, rowCount: Int, fitRows: [Int], _ minCount: Int, _ maxLevels: Int
    ) -> ([String], [Int32]) {
        switch values {
        case .buckets(let labels, let codes):
            return (labels, codes)
        case .category(let names, let codes):
            // Slot names.count is "(none)".
            var counts = [Int](repeating: 0, count: names.count + 1)
            for row in fitRows { counts[codes[row] < 0 ? names.count : Int(codes[row])] += 1 }
            let label = { (slot: Int) in slot == names.count ? Self.none : names[slot] }
            let kept = counts.indices.filter { counts[$0] >= max(minCount, 1) }
                .sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : label($0) < label($1) }
                .prefix(maxLevels)
            var level = [Int32](repeating: Int32(kept.count), count: names.count + 1)  // "(other)"
            for (i, slot) in kept.enumerated() { level[slot] = Int32(i) }
            let perRow = codes.map { level[$0 < 0 ? names.count : Int($0)] }
            return (kept.map(label) + [Self.other], perRow)
        case .number(let numbers):
            let known = fitRows.map { numbers[$0] }.filter { !$0.isNaN }.sorted()
            var cuts: [Double] = []
            if let lowest = known.first {
                for k in 1...4 {
                    let cut = known[k * known.count / 5]
                    if cut > lowest && cut != cuts.last { cuts.append(cut) }
                }
            }
            let text = ValueFormat.shortestNumber
            var labels: [String] = []
            for i in 0...cuts.count {
                if cuts.isEmpty {
                    labels.append("any value")
                } else if i == 0 {
                    labels.append("under \(text(cuts[0]))")
                } else if i == cuts.count {
                    labels.append("\(text(cuts[i - 1])) or more")
                } else {
                    labels.append("\(text(cuts[i - 1])) to under \(text(cuts[i]))")
                }
            }
            labels.append(Self.none)
            let perRow = numbers.map { x -> Int32 in
                if x.isNaN { return Int32(cuts.count + 1) }
                var bin = 0
                while bin < cuts.count && x >= cuts[bin] { bin += 1 }
                return Int32(bin)
            }
            return (labels, perRow)
        }
    }
}
