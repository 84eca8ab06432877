import ArgumentParser
import Foundation
import SalesMetrics
import SalesMetricsIO
import TestSupport
import Testing

@testable import SalesMetricsCLI

/// Golden outputs on a fixed small dataset. Run with `UPDATE_GOLDEN=1` to rewrite them after an intended change.
@Suite struct GoldenTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let tiny = root.appendingPathComponent("Fixtures/tiny").path

    func expectGolden(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let problem = try GoldenFile.check(actual, at: Self.root.appendingPathComponent("Golden/\(name)"))
        #expect(problem == nil, "\(problem ?? "")", sourceLocation: sourceLocation)
    }

    func render(_ arguments: [String]) throws -> String {
        let parsed = try ReportArguments.parse(arguments)
        let dataset = try loadDataset(Self.tiny)
        return parsed.render(try Engine.report(dataset, try parsed.options(for: dataset)), names: DisplayNames(dataset))
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

    /// One metric by owner: a line per rep (by name, largest last-period value first) and the
    /// total, rather than a block per rep; --no-pivot keeps the blocks, --pivot turns several.
    @Test(arguments: ["table", "markdown"])
    func reportPivot(format: String) throws {
        try expectGolden(
            "report-pivot.\(format)",
            try render(
                Self.range + ["--by", "owner", "--metrics", "total_revenue", "--format", format, "--width", "120"]))
        let blocks = try render(Self.range + ["--by", "owner", "--metrics", "total_revenue", "--no-pivot"])
        #expect(blocks.contains("owner = Ann Lee (r1)"))
        let several = try render(Self.range + ["--by", "owner", "--metrics", "total_revenue,win_rate", "--pivot"])
        #expect(several.contains("Total revenue by owner") && several.contains("Win rate by owner"))
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
            BenchCommand.self, CheckCommand.self, TargetsCommand.self, TargetsCommand.SetTarget.self,
            ReviewCommand.self, LeadScoreCommand.self,
        ]
        for command in commands {
            let name =
                command == TargetsCommand.SetTarget.self
                ? "targets-set" : command == LeadScoreCommand.self ? "score-leads" : command.configuration.commandName!
            try expectGolden("help-\(name).txt", SalesMetricsCommand.helpMessage(for: command, columns: 100))
        }
        try expectGolden("help.txt", SalesMetricsCommand.helpMessage(columns: 100))
    }

    /// `score leads` on 120 leads with attributes (Fixtures/scoring): the model, its evaluation
    /// against the baseline, the calibration and the open leads with their reasons.
    @Test(arguments: ["table", "json", "csv"])
    func leadScores(format: String) throws {
        let dataset = try loadDataset(Self.root.appendingPathComponent("Fixtures/scoring").path)
        let scores = try LeadScores(
            dataset, options: LeadScoreOptions(asOf: CivilDate.parse("2024-08-01")!, horizonDays: 60))
        let text =
            switch format {
            case "table": LeadScoresText.table(scores, limit: 10)
            case "json": LeadScoresText.json(scores)
            default: LeadScoresText.csv(scores)
            }
        try expectGolden("score-leads.\(format)", text)
    }

    @Test func catalogTexts() throws {
        try expectGolden("metrics.txt", CatalogText.list())
        try expectGolden("metric-win_rate.txt", CatalogText.describe(Catalog.metric("win_rate")!))
    }

    /// docs/metrics.md is the generated reference, kept in step with the catalog.
    @Test func metricsReferenceIsUpToDate() throws {
        let docs = Self.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
            "docs/metrics.md")
        let problem = try GoldenFile.check(CatalogText.reference(), at: docs)
        #expect(problem == nil, "\(problem ?? ""): run `salesmetrics metrics --format markdown > docs/metrics.md`")
    }

    /// The file table of docs/data-format.md is generated from TableSchema, kept in step with it.
    @Test func dataFormatReferenceIsUpToDate() throws {
        let docs = Self.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
            "docs/data-format.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let begin = try #require(text.range(of: "<!-- BEGIN TableSchema.markdown"))
        let end = try #require(text.range(of: "<!-- END TableSchema.markdown -->"))
        let afterBegin = text[begin.upperBound...].firstIndex(of: "\n").map { text.index(after: $0) }!
        let expected = String(text[..<afterBegin]) + TableSchema.markdown + String(text[end.lowerBound...])
        let problem = try GoldenFile.check(expected, at: docs)
        #expect(problem == nil, "\(problem ?? "")")
    }

    /// In CI a set UPDATE_GOLDEN fails and leaves the file alone; elsewhere it rewrites the file.
    @Test func goldenFilesAreNeverRewrittenInCI() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("golden-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: url) }
        try "old\n".write(to: url, atomically: true, encoding: .utf8)
        let ci = try GoldenFile.check("new\n", at: url, environment: ["UPDATE_GOLDEN": "1", "CI": "true"])
        #expect(ci?.contains("never rewritten") == true)
        #expect(try String(contentsOf: url, encoding: .utf8) == "old\n")
        #expect(try GoldenFile.check("new\n", at: url, environment: [:])?.contains("differs") == true)
        #expect(try GoldenFile.check("new\n", at: url, environment: ["UPDATE_GOLDEN": "1"]) == nil)
        #expect(try String(contentsOf: url, encoding: .utf8) == "new\n")
        #expect(try GoldenFile.check("new\n", at: url, environment: [:]) == nil)
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
