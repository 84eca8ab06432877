import Foundation
import SalesMetrics
import SalesMetricsIO
import Testing

/// Builds datasets from CSV text and reads single values out of reports.
enum Fixture {
    static func dataset(_ files: [Table: String]) throws -> Dataset {
        try DatasetReader().read(files: files.mapValues { Array($0.utf8) }).dataset
    }

    static func report(
        _ files: [Table: String], grain: Grain = .month, from: String, to: String, timezone: String = "UTC",
        fiscal: Int = 1, by: Breakdown? = nil, metrics: [String]? = nil
    ) throws -> Report {
        try Engine.report(
            try dataset(files),
            ReportOptions(
                grain: grain, from: CivilDate.parse(from)!, to: CivilDate.parse(to)!, timezone: timezone,
                fiscalYearStartMonth: fiscal, breakdown: by,
                metrics: metrics.map { $0.map { MetricKey(rawValue: $0)! } }))
    }

    /// A metric of one period (by label), or of one group of it.
    static func value(_ report: Report, _ label: String, _ id: String, group: String? = nil) -> MetricValue {
        guard let period = report.periods.first(where: { $0.label == label }) else {
            Issue.record("no period \(label) in \(report.periods.map(\.label))")
            return .none
        }
        if let group {
            guard let g = period.groups.first(where: { $0.key == group }) else {
                Issue.record("no group \(group) in \(period.groups.map(\.key))")
                return .none
            }
            return g.metrics[id] ?? .none
        }
        return period.metrics[id] ?? .none
    }

    /// Money in dollars as cents.
    static func dollars(_ d: Int64) -> MetricValue { .money(Int128(d) * 100) }

    /// `count` CSV rows made by `row(i)`, after a header.
    static func csv(_ header: String, _ count: Int, _ row: (Int) -> String) -> String {
        header + "\n" + (0..<count).map(row).joined(separator: "\n") + "\n"
    }

    static let oppHeader =
        "opportunity_id,account_id,owner_id,created_at,status,closed_at,amount,expected_close_on,source,product"
}

/// Approximate comparison for values that are computed with floating point.
func expectNumber(
    _ value: MetricValue, _ expected: Double, tolerance: Double = 1e-12,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard case .number(let x) = value else {
        Issue.record("expected a number \(expected), got \(value)", sourceLocation: sourceLocation)
        return
    }
    #expect(abs(x - expected) <= tolerance, "\(x) ≠ \(expected)", sourceLocation: sourceLocation)
}
