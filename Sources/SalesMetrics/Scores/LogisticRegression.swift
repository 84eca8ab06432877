import Foundation

/// L2-regularised logistic regression over one-hot factors, fitted exactly by Newton's method.
///
/// Every input is a factor whose value on a row is one level, so a row is the list of its
/// active columns (one per factor) and the model is an intercept plus one weight per level.
/// The objective is scikit-learn's `LogisticRegression(C: 1/λ)`:
/// `λ/2 · Σ w² + Σ logloss`, the intercept not penalised; it is strictly convex, so Newton's
/// method with a backtracking line search finds its one minimum, whatever the start, and two
/// implementations agree on it to rounding (docs/scoring.md, "Checked against scikit-learn").
public struct LogisticRegression: Sendable, Equatable {
    public var intercept: Double
    /// One weight per column (level).
    public var weights: [Double]
    /// Newton steps taken.
    public var iterations: Int

    /// Columns a design may have: the Hessian is columns² doubles and its solve columns³ / 3
    /// operations, 2,049 columns being 32 MiB and about 3·10⁹ operations.
    public static let maxColumns = 2_048

    /// Fits the model to `rows` of `design`, whose labels are `labels[row]`.
    public init(design: FactorDesign, rows: [Int], labels: [Bool], lambda: Double = 1) {
        let p = design.columnCount + 1  // the intercept is the last column
        var beta = [Double](repeating: 0, count: p)
        // A start at the base rate saves a step or two; the answer does not depend on it.
        let positives = rows.reduce(0) { $0 + (labels[$1] ? 1 : 0) }
        let rate = min(max(Double(positives) / Double(max(rows.count, 1)), 1e-6), 1 - 1e-6)
        beta[p - 1] = log(rate / (1 - rate))
        var objective = Self.objective(beta, design, rows, labels, lambda)
        var steps = 0
        for _ in 0..<100 {
            steps += 1
            var gradient = [Double](repeating: 0, count: p)
            var hessian = [Double](repeating: 0, count: p * p)
            for row in rows {
                let active = design.columns(of: row)
                var z = beta[p - 1]
                for c in active { z += beta[Int(c)] }
                let prob = Self.sigmoid(z)
                let residual = prob - (labels[row] ? 1 : 0)
                let w = prob * (1 - prob)
                gradient[p - 1] += residual
                hessian[(p - 1) * p + p - 1] += w
                for c in active {
                    let a = Int(c)
                    gradient[a] += residual
                    hessian[a * p + p - 1] += w
                    for d in active { hessian[a * p + Int(d)] += w }
                }
            }
            for a in 0..<(p - 1) {
                hessian[(p - 1) * p + a] = hessian[a * p + p - 1]
                gradient[a] += lambda * beta[a]
                hessian[a * p + a] += lambda
            }
            guard let step = Self.solve(hessian, gradient, p) else { break }
            // Backtracking: the full Newton step, halved until the objective does not rise.
            var scale = 1.0
            var next = beta
            var nextObjective = objective
            while scale > 1e-8 {
                for k in 0..<p { next[k] = beta[k] - scale * step[k] }
                nextObjective = Self.objective(next, design, rows, labels, lambda)
                if nextObjective <= objective { break }
                scale /= 2
            }
            let change = zip(next, beta).map { abs($0 - $1) }.max() ?? 0
            beta = next
            objective = nextObjective
            if change < 1e-10 { break }
        }
        intercept = beta[p - 1]
        weights = Array(beta[0..<(p - 1)])
        iterations = steps
    }

    /// The fitted probability of a row.
    public func probability(_ design: FactorDesign, row: Int) -> Double {
        Self.sigmoid(logit(design, row: row))
    }

    public func logit(_ design: FactorDesign, row: Int) -> Double {
        var z = intercept
        for c in design.columns(of: row) { z += weights[Int(c)] }
        return z
    }

    public static func sigmoid(_ z: Double) -> Double {
        z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
    }

    /// log(1 + e^z) without overflow.
    static func softplus(_ z: Double) -> Double {
        z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))
    }

    static func objective(_ beta: [Double], _ design: FactorDesign, _ rows: [Int], _ labels: [Bool], _ lambda: Double)
        -> Double
    {
        let p = beta.count
        var total = 0.0
        for row in rows {
            var z = beta[p - 1]
            for c in design.columns(of: row) { z += beta[Int(c)] }
            total += softplus(z) - (labels[row] ? z : 0)
        }
        var penalty = 0.0
        for k in 0..<(p - 1) { penalty += beta[k] * beta[k] }
        return total + lambda / 2 * penalty
    }

    /// Solves `A x = b` for a symmetric positive definite `A` (row-major, n × n) by Cholesky.
    static func solve(_ a: [Double], _ b: [Double], _ n: Int) -> [Double]? {
        var l = a
        for j in 0..<n {
            var d = l[j * n + j]
            for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
            guard d > 0, d.isFinite else { return nil }
            let root = d.squareRoot()
            l[j * n + j] = root
            for i in (j + 1)..<n {
                var s = l[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = s / root
            }
        }
        var y = b
        for i in 0..<n {
            var s = y[i]
            for k in 0..<i { s -= l[i * n + k] * y[k] }
            y[i] = s / l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = y[i]
            for k in (i + 1)..<n { s -= l[k * n + i] * y[k] }
            y[i] = s / l[i * n + i]
        }
        return y
    }
}

/// Naive Bayes over the same factors, with add-one (Laplace) smoothing: the model measured
/// beside the logistic regression (docs/scoring.md, "Which model").
public struct NaiveBayes: Sendable, Equatable {
    /// log P(converted) − log P(not converted).
    public var priorLogOdds: Double
    /// Per column: log P(level | converted) − log P(level | not converted).
    public var columnLogOdds: [Double]

    public init(design: FactorDesign, rows: [Int], labels: [Bool]) {
        var counts = [[Double]](repeating: [0, 0], count: design.columnCount)
        var classTotals = [0.0, 0.0]
        for row in rows {
            let y = labels[row] ? 1 : 0
            classTotals[y] += 1
            for c in design.columns(of: row) { counts[Int(c)][y] += 1 }
        }
        priorLogOdds = log((classTotals[1] + 1) / (classTotals[0] + 1))
        columnLogOdds = [Double](repeating: 0, count: design.columnCount)
        for factor in 0..<design.factorCount {
            let range = design.columnRange(factor: factor)
            let levels = Double(range.count)
            for c in range {
                let positive = (counts[c][1] + 1) / (classTotals[1] + levels)
                let negative = (counts[c][0] + 1) / (classTotals[0] + levels)
                columnLogOdds[c] = log(positive / negative)
            }
        }
    }

    public func probability(_ design: FactorDesign, row: Int) -> Double {
        var z = priorLogOdds
        for c in design.columns(of: row) { z += columnLogOdds[Int(c)] }
        return LogisticRegression.sigmoid(z)
    }
}
