/// A goal for one metric: "win rate at least 25% per quarter for the Enterprise segment".
/// Per-rep quotas stay in quotas.csv; targets are for every other metric.
public struct Target: Sendable, Equatable {
    public enum Comparison: String, Sendable, CaseIterable, Codable {
        case atLeast = "at_least"
        case atMost = "at_most"

        public var words: String { self == .atLeast ? "at least" : "at most" }
    }

    /// One breakdown group the target is about (`segment` = `Enterprise`, `owner` = `r0006`).
    public struct Scope: Sendable, Equatable, Hashable {
        public var dimension: Breakdown
        public var key: String

        public init(dimension: Breakdown, key: String) {
            self.dimension = dimension
            self.key = key
        }
    }

    /// Unique; a short identifier (letters, digits, `-`, `_`, `.`) used to change or remove it.
    public var name: String
    public var metric: MetricKey
    public var comparison: Comparison
    /// In the metric's unit as reports print it: money in major units (250000 for $250,000),
    /// ratios as fractions (0.25 for 25%), multiples as numbers (3 for 3×), days, hours, counts.
    public var value: Double
    /// The grains whose periods it applies to; empty for every grain.
    public var grains: [Grain]
    /// Everything when nil.
    public var scope: Scope?
    /// The days it is valid for: periods starting in `[validFrom, validUntil)`; open when nil.
    public var validFrom: Int32?
    public var validUntil: Int32?
    /// Where the target comes from, for people ("SaaS rule of thumb: …").
    public var note: String

    public init(
        name: String, metric: MetricKey, comparison: Comparison, value: Double, grains: [Grain] = [],
        scope: Scope? = nil, validFrom: Int32? = nil, validUntil: Int32? = nil, note: String = ""
    ) {
        self.name = name
        self.metric = metric
        self.comparison = comparison
        self.value = value
        self.grains = grains
        self.scope = scope
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.note = note
    }

    /// Whether the target is about this period (its grain and its validity).
    public func applies(to grain: Grain, periodStart: Int32) -> Bool {
        (grains.isEmpty || grains.contains(grain)) && (validFrom.map { $0 <= periodStart } ?? true)
            && (validUntil.map { periodStart < $0 } ?? true)
    }

    /// Whether a value meets the target (reaching it exactly does).
    public func isMet(by x: Double) -> Bool { comparison == .atLeast ? x >= value : x <= value }

    /// "Win rate at least 25.0% (quarterly, segment = Enterprise)".
    public func describe(names: DisplayNames? = nil, currency: String = "USD") -> String {
        let m = Catalog[metric]
        var parts: [String] = []
        if !grains.isEmpty { parts.append(grains.map(\.adjective).joined(separator: ", ")) }
        if let scope {
            parts.append("\(scope.dimension.rawValue) = \(names?.group(scope.dimension, scope.key) ?? scope.key)")
        }
        if validFrom != nil || validUntil != nil {
            parts.append(
                "from \(validFrom.map(CivilDate.format) ?? "the start") until \(validUntil.map(CivilDate.format) ?? "further notice")"
            )
        }
        return "\(m.label) \(comparison.words) \(Self.format(value, of: m, currency: currency))"
            + (parts.isEmpty ? "" : " (\(parts.joined(separator: "; ")))")
    }

    /// A target value as the metric prints (money in major units).
    public static func format(_ value: Double, of m: Metric, currency: String) -> String {
        switch m.unit {
        case .money, .moneyPerDay:
            // Exact, unlike amounts in tables: a target of $12,000.01 is not $12,000.
            let cents = Int128((abs(value) * 100).rounded())
            let (whole, fraction) = cents.quotientAndRemainder(dividingBy: 100)
            return (value < 0 ? "-" : "") + ValueFormat.currencySymbol(currency) + ValueFormat.grouped(whole)
                + (fraction == 0 ? "" : "." + (fraction < 10 ? "0" : "") + String(fraction))
        case .count: return ValueFormat.human(.count(Int64(value.rounded())), of: m, currency: currency)
        default: return ValueFormat.human(.number(value), of: m, currency: currency)
        }
    }

    /// The largest target value taken, in any unit: far beyond any real goal, and small enough
    /// that cents of it fit a `Double` exactly.
    public static let maxValue = 1e13

    /// Problems with the target, as sentences (empty when it is valid).
    public var problems: [String] {
        var out: [String] = []
        let m = Catalog[metric]
        if !ShortName.isValid(name) { out.append("the name '\(name.prefix(80))' is not valid: \(ShortName.rule)") }
        if !value.isFinite || abs(value) > Self.maxValue {
            out.append("the value must be a number between −10^13 and 10^13")
        }
        if m.unit == .count && value.isFinite && value != value.rounded() {
            out.append("\(m.id) is a count; its target must be a whole number")
        }
        if Set(grains).count != grains.count { out.append("a grain is listed twice") }
        if let scope {
            if !m.applies(to: scope.dimension) {
                out.append(
                    "\(m.id) is not broken down by \(scope.dimension.rawValue); it can be by "
                        + m.dimensionList)
            }
            if scope.key.isEmpty || scope.key.utf8.count > 200 {
                out.append("the scope's value must be 1 to 200 bytes")
            }
        } else if !m.applies(to: nil) {
            out.append(
                "\(m.id) has values only by \(m.dimensions.map(\.rawValue).joined(separator: ", ")); give a scope")
        }
        if let from = validFrom, let until = validUntil, from >= until {
            out.append("valid_from must be before valid_until")
        }
        if note.utf8.count > 500 { out.append("the note must be at most 500 bytes") }
        return out
    }
}
