import Foundation
import SalesMetrics

/// A target as people write it, in a YAML file or a JSON body, before it is checked:
///
///     name: enterprise-win-rate
///     metric: win_rate
///     at_least: 30%          # or at_most; a number, or a percentage for a percent ratio
///     grains: [quarter]      # optional; every grain when missing
///     scope: {segment: Enterprise}   # optional; one dimension
///     valid_from: 2025-01-01 # optional, inclusive
///     valid_until: 2026-01-01 # optional, exclusive
///     note: Board plan FY25  # optional
public struct TargetSpec: Sendable, Equatable {
    public static let fields = [
        "name", "metric", "at_least", "at_most", "grains", "scope", "valid_from", "valid_until", "note",
    ]

    public var name: String?
    public var metric: String?
    public var atLeast: String?
    public var atMost: String?
    public var grains: [String] = []
    public var scope: [(dimension: String, key: String)] = []
    public var validFrom: String?
    public var validUntil: String?
    public var note: String?

    public init() {}

    public static func == (a: TargetSpec, b: TargetSpec) -> Bool {
        a.name == b.name && a.metric == b.metric && a.atLeast == b.atLeast && a.atMost == b.atMost
            && a.grains == b.grains && a.scope.map(\.dimension) == b.scope.map(\.dimension)
            && a.scope.map(\.key) == b.scope.map(\.key) && a.validFrom == b.validFrom && a.validUntil == b.validUntil
            && a.note == b.note
    }

    /// A problem with one field, as a sentence with the fix.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var field: String
        public var message: String
        public var description: String { "'\(field)': \(message)" }
    }

    /// Every problem with a spec.
    public struct Problems: Error, Sendable, Equatable {
        public var list: [Problem]
    }

    /// The target, or every problem with it.
    public func target() throws(Problems) -> Target {
        var problems: [Problem] = []
        func problem(_ field: String, _ message: String) { problems.append(Problem(field: field, message: message)) }
        if name == nil {
            problem("name", "missing; give a short name (letters, digits, - _ .) to change or remove it by")
        }
        let metric = self.metric.flatMap(MetricKey.init(rawValue:))
        if self.metric == nil {
            problem("metric", "missing; give a metric id (salesmetrics metrics lists them)")
        } else if metric == nil {
            problem("metric", "unknown id '\(self.metric!.prefix(80))'; salesmetrics metrics lists the valid ids")
        }
        var comparison = Target.Comparison.atLeast
        var valueText: String?
        switch (atLeast, atMost) {
        case (let v?, nil): valueText = v
        case (nil, let v?):
            comparison = .atMost
            valueText = v
        case (.some, .some): problem("at_least", "give at_least or at_most, not both")
        case (nil, nil): problem("at_least", "missing; give at_least: VALUE or at_most: VALUE")
        }
        var value: Double?
        if let valueText, let metric {
            value = Self.value(valueText, of: Catalog[metric])
            if value == nil {
                problem(
                    comparison.rawValue,
                    "'\(valueText.prefix(40))' is not a value of \(metric.rawValue); "
                        + (Catalog[metric].unit == .ratio && !Catalog[metric].readsAsMultiple
                            ? "write a fraction (0.25) or a percentage (25%)"
                            : "write a number (money in major units: 250000)"))
            }
        }
        var grains: [Grain] = []
        for g in self.grains {
            if let grain = Grain(rawValue: g) {
                grains.append(grain)
            } else {
                problem("grains", "unknown grain '\(g.prefix(40))'; use week, month, quarter or year")
            }
        }
        var scope: Target.Scope?
        if self.scope.count > 1 { problem("scope", "give one dimension, not \(self.scope.count)") }
        if let first = self.scope.first {
            if let dimension = Breakdown(rawValue: first.dimension) {
                scope = Target.Scope(dimension: dimension, key: first.key)
            } else {
                problem(
                    "scope",
                    "unknown dimension '\(first.dimension.prefix(40))'; use "
                        + Breakdown.allCases.map(\.rawValue).joined(separator: ", "))
            }
        }
        func day(_ text: String?, _ field: String) -> Int32? {
            guard let text else { return nil }
            guard let day = CivilDate.parse(text) else {
                problem(field, "'\(text.prefix(40))' is not a date; write YYYY-MM-DD")
                return nil
            }
            return day
        }
        let from = day(validFrom, "valid_from")
        let until = day(validUntil, "valid_until")
        guard problems.isEmpty, let name, let metric, let value else { throw Problems(list: problems) }
        let target = Target(
            name: name, metric: metric, comparison: comparison, value: value, grains: grains, scope: scope,
            validFrom: from, validUntil: until, note: note ?? "")
        let rest = target.problems
        if !rest.isEmpty { throw Problems(list: rest.map { Problem(field: Self.field(of: $0), message: $0) }) }
        return target
    }

    /// A target value: a number, or for a ratio read as a percentage also `25%`.
    static func value(_ text: String, of metric: Metric) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%") {
            guard metric.unit == .ratio, !metric.readsAsMultiple, let x = Double(trimmed.dropLast()) else { return nil }
            return x / 100
        }
        guard let x = Double(trimmed), x.isFinite else { return nil }
        return x
    }

    /// The field a ``Target/problems`` sentence is about.
    private static func field(of problem: String) -> String {
        if problem.hasPrefix("the name") { return "name" }
        if problem.contains("valid_") { return "valid_from" }
        if problem.contains("grain") { return "grains" }
        if problem.contains("scope") || problem.contains("broken down") { return "scope" }
        if problem.hasPrefix("the note") { return "note" }
        return "value"
    }

    /// The spec of a stored target (for `targets list --format yaml` and the API's answers).
    public init(_ t: Target) {
        name = t.name
        metric = t.metric.rawValue
        let value = String(t.value)
        if t.comparison == .atLeast { atLeast = value } else { atMost = value }
        grains = t.grains.map(\.rawValue)
        scope = t.scope.map { [($0.dimension.rawValue, $0.key)] } ?? []
        validFrom = t.validFrom.map(CivilDate.format)
        validUntil = t.validUntil.map(CivilDate.format)
        note = t.note.isEmpty ? nil : t.note
    }
}
