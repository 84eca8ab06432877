import ArgumentParser
import Foundation
import SalesMetrics
import Testing

@testable import SalesMetricsCLI

/// Golden outputs on a fixed small dataset. Run with `UPDATE_GOLDEN=1` to rewrite them after an intended change.
@Suite struct GoldenTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let tiny = root.appendingPathComponent("Fixtures/tiny").path

    /// Whether to rewrite golden files instead of comparing: `UPDATE_GOLDEN=1` on a developer's
    /// machine. In CI (`CI=true`) a set `UPDATE_GOLDEN` is a failure, never a rewrite: a rewrite
    /// there would turn every difference green.
    static func updating(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let environment = ProcessInfo.processInfo.environment
        guard let update = environment["UPDATE_GOLDEN"] else { return false }
        if environment["CI"] == "true" {
            Issue.record(
                "UPDATE_GOLDEN is set in CI (CI=true): golden files are compared, never rewritten there",
                sourceLocation: sourceLocation)
            return false
        }
        return update == "1"
    }

    func expectGolden(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = Self.root.appendingPathComponent("Golden/\(name)")
        if Self.updating(sourceLocation: sourceLocation) {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "\(name) differs from its golden file", sourceLocation: sourceLocation)
    }

    func render(_ arguments: [String]) throws -> String {
        let parsed = try ReportArguments.parse(arguments)
        let dataset = try loadDataset(Self.tiny)
        return parsed.render(try Engine.report(dataset, try parsed.options(for: dataset)))
    }

    static let range = ["--from", "2024-01-01", "--to", "2024-04-01"]

    @Test(arguments: ["table", "json", "csv", "markdown"])
    func reportFormats(format: String) throws {
        try expectGolden("report.\(format)", try render(Self.range + ["--format", format, "--width", "120"]))
    }

    @Test(arguments: ["json", "table", "markdown"])
    func reportByOwner(format: String) throws {
        try expectGolden(
            "report-by-owner.\(format)",
            try render(
                Self.range + [
                    "--by", "owner", "--metrics", "total_revenue,win_rate,leads_created,quota_attainment_rate,cac",
                    "--format", format, "--width", "120",
                ]))
    }

    @Test func narrowTableKeepsTheLatestPeriods() throws {
        let text = try render([
            "--from", "2023-07-01", "--to", "2024-04-01", "--width", "80", "--metrics", "total_revenue,mrr,win_rate",
        ])
        try expectGolden("report-narrow.table", text)
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
        let columns = text.split(separator: "\n").first { $0.hasPrefix(" ") }!
        #expect(columns.hasSuffix("2024-03"))
        #expect(!columns.contains("2023-07"))
    }

    @Test func quartersInAFiscalYearAndAnotherZone() throws {
        try expectGolden(
            "report-fiscal.json",
            try render([
                "--from", "2023-10-01", "--to", "2024-04-01", "--grain", "quarter", "--fiscal-year-start-month", "10",
                "--timezone", "Europe/Berlin", "--currency", "EUR", "--metrics", "total_revenue,leads_created,mrr",
                "--format", "json",
            ]))
    }

    @Test func helpTexts() throws {
        let commands: [ParsableCommand.Type] = [
            ReportCommand.self, ImportCommand.self, ExportCommand.self, MetricsCommand.self, DemoCommand.self,
            BenchCommand.self,
        ]
        for command in commands {
            let name = command.configuration.commandName!
            try expectGolden("help-\(name).txt", SalesMetricsCommand.helpMessage(for: command, columns: 100))
        }
        try expectGolden("help.txt", SalesMetricsCommand.helpMessage(columns: 100))
    }

    @Test func catalogTexts() throws {
        try expectGolden("metrics.txt", CatalogText.list())
        try expectGolden("metric-win_rate.txt", CatalogText.describe(Catalog.metric("win_rate")!))
    }

    /// docs/metrics.md is the generated reference, kept in step with the catalog.
    @Test func metricsReferenceIsUpToDate() throws {
        let docs = Self.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
            "docs/metrics.md")
        let generated = CatalogText.reference()
        if Self.updating() {
            try generated.write(to: docs, atomically: true, encoding: .utf8)
        }
        #expect(
            try String(contentsOf: docs, encoding: .utf8) == generated,
            "run `salesmetrics metrics --format markdown > docs/metrics.md`")
    }

    @Test func everyMetricIsDocumented() {
        let reference = CatalogText.reference()
        for metric in Catalog.metrics {
            #expect(reference.contains("`\(metric.id)`"))
            #expect(!metric.definition.isEmpty && !metric.formula.isEmpty && !metric.example.isEmpty)
        }
    }
}

@Suite struct ProgressBarTests {
    @Test func lineShowsRowsRateAndTimeLeft() {
        #expect(
            ProgressBar.line(done: 300_000, total: 852_214, elapsed: 1)
                == "[#######.............]  35%  300,000 / 852,214 rows  300,000 rows/s  2 s left")
        #expect(ProgressBar.line(done: 0, total: 10, elapsed: 0).hasPrefix("[....................]   0%  0 / 10 rows"))
    }
}
