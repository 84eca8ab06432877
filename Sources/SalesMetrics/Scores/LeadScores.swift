import Foundation

/// What a lead score is asked for: the day it is scored on and how long a lead has to convert.
public struct LeadScoreOptions: Sendable, Equatable {
    /// Scores are as of the start of this day in `timezone`: nothing later is known.
    public var asOf: Int32
    /// A lead converts when `converted_at` is within this many days of `created_at`.
    public var horizonDays: Int
    public var timezone: String
    /// Rows a value needs among the leads learned from to be a level of its own; nil for
    /// max(10, 0.5 % of them).
    public var minLevelCount: Int?
    /// The L2 penalty (scikit-learn's 1 / C).
    public var lambda: Double
    /// Kinds declared for attributes, by the name the score gives them ("postal code", "account
    /// employees"), over the kind read from their values: a numeric code is a category.
    public var attributeKinds: [String: AttributeKind] = [:]

    public static let defaultHorizonDays = 90
    public static let horizonDays: ClosedRange<Int> = 1...3_650

    public init(
        asOf: Int32, horizonDays: Int = Self.defaultHorizonDays, timezone: String = "UTC", minLevelCount: Int? = nil,
        lambda: Double = 1
    ) {
        self.asOf = asOf
        self.horizonDays = horizonDays
        self.timezone = timezone
        self.minLevelCount = minLevelCount
        self.lambda = lambda
    }
}

public enum LeadScoreError: Error, Equatable, CustomStringConvertible {
    case noLeads
    case unknownTimeZone(String)
    case nothingKnown(asOf: Int32, horizonDays: Int, latestUsable: Int32?)
    case oneOutcome(converted: Bool, count: Int)
    case tooManyColumns(Int)
    case unknownAttribute(String, known: [String])

    public var description: String {
        switch self {
        case .noLeads: return "there are no leads to score: the data has no leads.csv (or it has no rows)."
        case .unknownTimeZone(let zone):
            return "unknown time zone \"\(zone)\"; give an IANA name such as Europe/Berlin."
        case .nothingKnown(let asOf, let horizon, let latest):
            let hint =
                latest.map {
                    " The oldest lead was created on \(CivilDate.format($0 - Int32(horizon))): give --as-of \(CivilDate.format($0)) or later, or a shorter --horizon."
                } ?? ""
            return
                "no lead's outcome is known as of \(CivilDate.format(asOf)): the score learns from leads created at least \(horizon) days before --as-of.\(hint)"
        case .oneOutcome(let converted, let count):
            return
                "all \(count) leads with a known outcome \(converted ? "converted" : "did not convert"): there is nothing to tell converting leads from the others by. Give another --as-of or --horizon."
        case .tooManyColumns(let n):
            return
                "the leads' factors have \(n) levels in all, more than the \(LogisticRegression.maxColumns) a score is fitted with; map fewer attribute columns."
        case .unknownAttribute(let name, let known):
            return "no attribute is named \"\(name)\"; "
                + (known.isEmpty
                    ? "the leads and their accounts have none."
                    : "the attributes are \(known.map { "\"\($0)\"" }.joined(separator: ", ")).")
        }
    }
}

/// One reason for a lead's score: a factor's level and how many points of the score it moves,
/// against a lead whose level is the average of the leads learned from.
public struct ScoreReason: Sendable, Equatable {
    public var factor: String
    public var level: String
    public var points: Int

    public init(factor: String, level: String, points: Int) {
        self.factor = factor
        self.level = level
        self.points = points
    }

    /// "source Referral +18", "first response no response −9".
    public var text: String { "\(factor) \(level) \(points > 0 ? "+" : "−")\(abs(points))" }
}

public struct ScoredLead: Sendable, Equatable {
    public var id: String
    public var owner: String
    public var source: String
    public var createdAt: Int64
    /// The probability of converting within the horizon, and as a score: 1–99, never 0 or 100.
    public var probability: Double
    public var score: Int
    /// Up to three factors for and three against, strongest first.
    public var reasonsFor: [ScoreReason]
    public var reasonsAgainst: [ScoreReason]
}

/// How the score (and its two comparisons) did on leads it had not learned from.
public struct LeadScoreEvaluation: Sendable, Equatable {
    public enum Method: Sendable, Equatable {
        /// Learned from the earliest four fifths by `created_at`, tested on the leads created
        /// from this instant on.
        case holdout(from: Int64)
        /// Dates cannot separate the leads: fold k holds the k-th, (k+5)-th, … lead with a known
        /// outcome in file order; each fold is scored by a model learned from the other four.
        case kFold(Int)
    }

    public var method: Method
    public var learnedFrom: Int
    public var tested: Int
    public var model: ScoreQuality
    /// The conversion rate of the lead's source among the leads learned from.
    public var baseline: ScoreQuality
    /// The same factors under naive Bayes, the model measured beside it (docs/scoring.md).
    public var naiveBayes: ScoreQuality

    /// Whether the score ranks leads better than their source alone does.
    public var beatsBaseline: Bool { (model.auc ?? 0) > (baseline.auc ?? 0) }
}

/// A weight of the fitted model, for the reference and the JSON output.
public struct ScoreCoefficient: Sendable, Equatable {
    public var factor: String
    public var level: String
    public var weight: Double
    /// Leads learned from with this level.
    public var count: Int
}

/// The lead score (docs/scoring.md): an L2-regularised logistic regression learned from the
/// leads whose outcome is known as of a day, each open lead scored with its reasons, and the
/// evidence of how well the same method did on leads it had not seen.
public struct LeadScores: Sendable, Equatable {
    public var options: LeadScoreOptions
    /// Leads learned from (created at least the horizon before as-of), and how many converted.
    public var learnedFrom: Int
    public var converted: Int
    public var factors: [String]
    public var leftOut: [String]
    public var coefficients: [ScoreCoefficient]
    public var intercept: Double
    /// Newton steps the fit took.
    public var newtonSteps: Int
    /// A digest of the levels and weights: equal versions score equally.
    public var version: String
    /// nil when there are too few leads, or one outcome, to test on; `evaluationNote` says why.
    public var evaluation: LeadScoreEvaluation?
    public var evaluationNote: String?
    /// Open leads still within their horizon, highest score first.
    public var leads: [ScoredLead]
    /// Open leads created before the horizon: their outcome is known (they did not convert in
    /// time), so they are not scored.
    public var pastHorizon: Int

    public static let modelName = "logistic regression with an L2 penalty"

    public init(_ d: Dataset, options: LeadScoreOptions) throws(LeadScoreError) {
        guard let leads = d.leads, leads.createdAt.count > 0 else { throw .noLeads }
        guard let zone = ZoneRules(identifier: options.timezone) else { throw .unknownTimeZone(options.timezone) }
        self.options = options
        let n = leads.createdAt.count
        let created = leads.createdAt.resolved(in: zone)
        let convertedAt = leads.convertedAt.resolved(in: zone)
        let asOf = zone.startOfDay(options.asOf)
        let horizon = Int64(options.horizonDays) * 86_400_000

        // Known outcomes: leads created at least the horizon before as-of. A lead converted
        // more recently is left out too: counting only the recent leads that have converted
        // would make recent leads look likelier to convert than they are.
        var labels = [Bool](repeating: false, count: n)
        var known: [Int] = []
        var open: [Int] = []
        var past = 0
        for i in 0..<n where created[i] < asOf {
            let c = convertedAt[i]
            let convertedByNow = c != Timestamp.none && c < asOf
            if created[i] + horizon <= asOf {
                labels[i] = c != Timestamp.none && c <= created[i] + horizon
                known.append(i)
                if !convertedByNow { past += 1 }
            } else if !convertedByNow {
                open.append(i)
            }
        }
        guard !known.isEmpty else {
            let earliest = created.filter { $0 != Timestamp.none }.min()
            throw .nothingKnown(
                asOf: options.asOf, horizonDays: options.horizonDays,
                latestUsable: earliest.map { -Int32((-($0 + horizon)).dividedRoundingDown(by: Timestamp.msPerDay)) })
        }
        let positives = known.reduce(0) { $0 + (labels[$1] ? 1 : 0) }
        if positives == 0 || positives == known.count {
            throw .oneOutcome(converted: positives > 0, count: known.count)
        }
        learnedFrom = known.count
        converted = positives
        pastHorizon = past

        let names = DisplayNames(d)
        let attributes =
            leads.attributes.columns.map(\.name) + (d.accounts?.attributes.columns.map { "account \($0.name)" } ?? [])
        if let unknown = options.attributeKinds.keys.sorted().first(where: { !attributes.contains($0) }) {
            throw .unknownAttribute(unknown, known: attributes)
        }
        var raw = Self.rawFactors(
            d, leads, names: names, created: created, asOf: asOf, zone: zone, kinds: options.attributeKinds)
        let leaks = Self.givesOutcomeAway(raw, known: known, labels: labels)
        raw.removeAll { factor in leaks.contains { $0.name == factor.name } }
        let minCount = options.minLevelCount ?? max(10, known.count / 200)
        let design = FactorDesign(raw, rowCount: n, fitRows: known, minCount: minCount)
        guard design.columnCount < LogisticRegression.maxColumns else { throw .tooManyColumns(design.columnCount) }
        factors = design.factors.map(\.name)
        leftOut = leaks.map { "\($0.name): \($0.reason)" } + design.leftOut.map { "\($0.name): \($0.reason)" }
        let model = LogisticRegression(design: design, rows: known, labels: labels, lambda: options.lambda)
        intercept = model.intercept
        newtonSteps = model.iterations

        // Each factor's average weight over the leads learned from: a reason is a level's
        // weight against that average, so the reasons of an average lead are all near 0.
        var counts = [Int](repeating: 0, count: design.columnCount)
        for row in known { for c in design.columns(of: row) { counts[Int(c)] += 1 } }
        var average = [Double](repeating: 0, count: design.factorCount)
        for k in 0..<design.factorCount {
            for c in design.columnRange(factor: k) { average[k] += model.weights[c] * Double(counts[c]) }
            average[k] /= Double(known.count)
        }
        coefficients = (0..<design.columnCount).map { c in
            let (k, level) = design.describe(column: c)
            return ScoreCoefficient(
                factor: design.factors[k].name, level: level, weight: model.weights[c], count: counts[c])
        }
        version = Self.digest(design, model)

        var scored: [ScoredLead] = []
        scored.reserveCapacity(open.count)
        for row in open {
            let z = model.logit(design, row: row)
            let p = LogisticRegression.sigmoid(z)
            var reasons: [ScoreReason] = []
            for (k, c) in design.columns(of: row).enumerated() {
                let contribution = model.weights[Int(c)] - average[k]
                let change = 100 * (p - LogisticRegression.sigmoid(z - contribution))
                let points = change.isFinite ? Int(change.rounded()) : 0
                if points != 0 {
                    reasons.append(
                        ScoreReason(
                            factor: design.factors[k].name, level: design.describe(column: Int(c)).level,
                            points: points))
                }
            }
            reasons.sort { abs($0.points) != abs($1.points) ? abs($0.points) > abs($1.points) : $0.factor < $1.factor }
            scored.append(
                ScoredLead(
                    id: leads.id.isEmpty ? "row \(row + 1)" : leads.id[row],
                    owner: names.rep(leads.owner[row], ids: d.repIds), source: d.sources[leads.source[row]] ?? "",
                    createdAt: created[row], probability: p, score: Self.score(p),
                    reasonsFor: Array(reasons.filter { $0.points > 0 }.prefix(3)),
                    reasonsAgainst: Array(reasons.filter { $0.points < 0 }.prefix(3))))
        }
        scored.sort {
            $0.probability != $1.probability ? $0.probability > $1.probability : $0.createdAt > $1.createdAt
        }
        self.leads = scored

        (evaluation, evaluationNote) = Self.evaluate(
            raw, rowCount: n, known: known, labels: labels, created: created, minCount: minCount, options: options)
    }

    /// The day after the latest time in leads.csv, in the zone: scores as of the end of the data.
    public static func defaultAsOf(_ d: Dataset, timezone: String) -> Int32? {
        guard let leads = d.leads, let zone = ZoneRules(identifier: timezone) else { return nil }
        var latest = Int64.min
        for column in [leads.createdAt, leads.qualifiedAt, leads.firstResponseAt, leads.convertedAt] {
            for t in column.resolved(in: zone) where t != Timestamp.none { latest = max(latest, t) }
        }
        guard latest != Int64.min else { return nil }
        let local = latest + zone.offset(atInstant: latest)
        return Int32(local.dividedRoundingDown(by: Timestamp.msPerDay)) + 1
    }

    /// A probability as a score a rep reads: 1–99, never 0 or 100 (no lead is certain).
    public static func score(_ p: Double) -> Int {
        // A probability that is not a number (a fit that could not be solved) converts to nothing:
        // the middle, rather than a trap.
        guard p.isFinite else { return 50 }
        return min(99, max(1, Int((100 * p).rounded())))
    }

    // MARK: - Factors

    /// Every input the data has: source, segment, owner, first response, the linked account's
    /// segment, region and industry, and the attributes of leads and accounts.
    static func rawFactors(
        _ d: Dataset, _ leads: Leads, names: DisplayNames, created: [Int64], asOf: Int64, zone: ZoneRules,
        kinds: [String: AttributeKind] = [:]
    ) -> [RawFactor] {
        let n = created.count
        var raw: [RawFactor] = []
        func category(_ name: String, _ names: [String], _ codes: [Int32]) {
            if codes.contains(where: { $0 >= 0 }) {
                raw.append(RawFactor(name: name, values: .category(names: names, codes: codes)))
            }
        }
        func attribute(_ name: String, _ column: AttributeColumn, row: (Int) -> Int?) {
            let codes = (0..<n).map { i in row(i).map { column.codes[$0] } ?? StringCodes.none }
            guard codes.contains(where: { $0 >= 0 }) else { return }
            // A value that is not a number, in a column declared one, is missing.
            switch kinds[name] ?? column.kind {
            case .category:
                raw.append(RawFactor(name: name, values: .category(names: column.values.values, codes: codes)))
            case .number:
                let numbers = column.values.values.map { AttributeKind.number(in: $0) ?? .nan }
                raw.append(RawFactor(name: name, values: .number(codes.map { $0 < 0 ? .nan : numbers[Int($0)] })))
            }
        }
        category("source", d.sources.values, leads.source)
        category("segment", d.segments.values, leads.segment)

        category("owner", (0..<d.repIds.count).map { names.rep(Int32($0), ids: d.repIds) }, leads.owner)

        // First response as known on the day scored: a reply after it has not happened yet.
        let responded = leads.firstResponseAt.resolved(in: zone)
        if responded.contains(where: { $0 != Timestamp.none }) {
            let hour: Int64 = 3_600_000
            let codes = (0..<n).map { i -> Int32 in
                let r = responded[i]
                guard r != Timestamp.none, r < asOf else { return 4 }
                let wait = r - created[i]
                return wait < hour ? 0 : wait < 24 * hour ? 1 : wait < 72 * hour ? 2 : 3
            }
            raw.append(
                RawFactor(
                    name: "first response",
                    values: .buckets(
                        labels: ["within an hour", "within a day", "within 3 days", "after 3 days", "none yet"],
                        codes: codes)))
        }
        for column in leads.attributes.columns { attribute(column.name, column) { $0 } }

        // The linked account's dimensions and attributes.
        if let accounts = d.accounts, leads.account.contains(where: { $0 >= 0 }) {
            var rowOfAccount = [Int](repeating: -1, count: d.accountIds.count)
            for (row, code) in accounts.id.enumerated() { rowOfAccount[Int(code)] = row }
            let accountRow = leads.account.map { $0 >= 0 && Int($0) < rowOfAccount.count ? rowOfAccount[Int($0)] : -1 }
            let via = { (values: [Int32]) in accountRow.map { $0 >= 0 ? values[$0] : StringCodes.none } }
            category("account segment", d.segments.values, via(accounts.segment))
            category("account region", d.regions.values, via(accounts.region))
            var industries = StringCodes()
            let industry = accounts.industry.map { $0.isEmpty ? StringCodes.none : industries.code(for: $0) }
            category("account industry", industries.values, via(industry))
            for column in accounts.attributes.columns {
                attribute("account \(column.name)", column) { accountRow[$0] >= 0 ? accountRow[$0] : nil }
            }
        }
        return raw
    }

    /// The factors filled in almost only for leads that converted: over 90 % of the converted
    /// leads have a value and under 5 % of the others. A CRM sets such a value because the lead
    /// converted (the account it was converted into, the rep who took the deal); learning from
    /// it would score every open lead by whether it has already converted.
    static func givesOutcomeAway(_ raw: [RawFactor], known: [Int], labels: [Bool]) -> [(name: String, reason: String)] {
        let converted = known.filter { labels[$0] }
        let others = known.filter { !labels[$0] }
        guard !converted.isEmpty, !others.isEmpty else { return [] }
        return raw.compactMap { factor in
            let filled: (Int) -> Bool =
                switch factor.values {
                case .category(_, let codes): { codes[$0] >= 0 }
                case .number(let numbers): { !numbers[$0].isNaN }
                case .buckets(let labels, let codes): { Int(codes[$0]) != labels.count - 1 }
                }
            let share = { (rows: [Int]) in Double(rows.filter(filled).count) / Double(rows.count) }
            let (yes, no) = (share(converted), share(others))
            guard yes > 0.9 && no < 0.05 else { return nil }
            return (
                factor.name,
                "filled in for \(Int((100 * yes).rounded()))% of the leads that converted and \(Int((100 * no).rounded()))% of the others: it is set when a lead converts and would give the outcome away"
            )
        }
    }

    // MARK: - Evaluation

    /// The same method on leads it had not learned from: the latest fifth by `created_at`
    /// when dates can separate it, else five folds.
    static func evaluate(
        _ raw: [RawFactor], rowCount: Int, known: [Int], labels: [Bool], created: [Int64], minCount: Int,
        options: LeadScoreOptions
    ) -> (LeadScoreEvaluation?, String?) {
        guard known.count >= 20 else {
            return (nil, "\(known.count) leads with a known outcome are too few to test a score on (20 at least).")
        }
        let both = { (rows: [Int]) in
            let p = rows.reduce(0) { $0 + (labels[$1] ? 1 : 0) }
            return p > 0 && p < rows.count
        }
        let byTime = known.sorted { created[$0] != created[$1] ? created[$0] < created[$1] : $0 < $1 }
        let cut = created[byTime[known.count * 4 / 5]]
        let test = known.filter { created[$0] >= cut }
        let learn = known.filter { created[$0] < cut }
        let share = Double(test.count) / Double(known.count)
        var folds: [(learn: [Int], test: [Int])]
        let method: LeadScoreEvaluation.Method
        if share >= 0.1 && share <= 0.3 && both(test) && both(learn) {
            folds = [(learn, test)]
            method = .holdout(from: cut)
        } else {
            folds = (0..<5).map { k in
                (
                    known.enumerated().filter { $0.offset % 5 != k }.map(\.element),
                    known.enumerated().filter { $0.offset % 5 == k }.map(\.element)
                )
            }
            folds.removeAll { !both($0.learn) }
            method = .kFold(5)
        }
        var tested: [Int] = []
        var model: [Double] = []
        var bayes: [Double] = []
        var baseline: [Double] = []
        for fold in folds {
            let design = FactorDesign(raw, rowCount: rowCount, fitRows: fold.learn, minCount: minCount)
            let fit = LogisticRegression(design: design, rows: fold.learn, labels: labels, lambda: options.lambda)
            let nb = NaiveBayes(design: design, rows: fold.learn, labels: labels)
            // The baseline: the rate of the lead's source among the leads learned from (the
            // same pooling of rare sources), the overall rate when the source is unknown to it.
            let sources = FactorDesign(
                raw.filter { $0.name == "source" }, rowCount: rowCount, fitRows: fold.learn, minCount: minCount)
            var rate = [(Double, Double)](repeating: (0, 0), count: sources.columnCount)
            for row in fold.learn {
                for c in sources.columns(of: row) { rate[Int(c)].0 += labels[row] ? 1 : 0; rate[Int(c)].1 += 1 }
            }
            let overall = Double(fold.learn.reduce(0) { $0 + (labels[$1] ? 1 : 0) }) / Double(fold.learn.count)
            for row in fold.test {
                tested.append(row)
                model.append(fit.probability(design, row: row))
                bayes.append(nb.probability(design, row: row))
                let level = sources.columns(of: row).first.map { rate[Int($0)] }
                baseline.append(level.map { $0.1 > 0 ? $0.0 / $0.1 : overall } ?? overall)
            }
        }
        let outcomes = tested.map { labels[$0] }
        guard let m = ScoreQuality(predictions: model, outcomes: outcomes),
            let b = ScoreQuality(predictions: baseline, outcomes: outcomes),
            let nb = ScoreQuality(predictions: bayes, outcomes: outcomes)
        else { return (nil, "no fold had both outcomes to learn from.") }
        let learned = folds.count == 1 ? folds[0].learn.count : known.count * 4 / 5
        return (
            LeadScoreEvaluation(
                method: method, learnedFrom: learned, tested: tested.count, model: m, baseline: b, naiveBayes: nb),
            nil
        )
    }

    /// FNV-1a over the levels and weights, as 8 hex digits.
    static func digest(_ design: FactorDesign, _ model: LogisticRegression) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bytes: some Sequence<UInt8>) {
            for b in bytes {
                hash ^= UInt64(b)
                hash &*= 0x100_0000_01b3
            }
        }
        for factor in design.factors {
            mix(factor.name.utf8)
            for level in factor.levels { mix(level.utf8) }
        }
        for w in model.weights + [model.intercept] { mix(withUnsafeBytes(of: w.bitPattern.littleEndian) { Array($0) }) }
        return String(String(hash, radix: 16).suffix(8))
    }
}
