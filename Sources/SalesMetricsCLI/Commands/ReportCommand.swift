import ArgumentParser
import Foundation
import SalesMetrics
import SalesMetricsIO

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, markdown
}

extension Grain: ExpressibleByArgument {}
extension Breakdown: ExpressibleByArgument {}

/// Options shared by every command that computes a report.
struct ReportArguments: ParsableArguments {
    @Option(help: "First day of the range, YYYY-MM-DD (inclusive). Default: one year before --to.")
    var from: String?

    @Option(help: "End of the range, YYYY-MM-DD (exclusive). Default: the start of the period after the latest data.")
    var to: String?

    @Option(help: "Period length: week (ISO, from Monday), month, quarter or year.")
    var grain: Grain = .month

    @Option(
        name: .customLong("by"), help: "Break every metric down by owner, team, source, segment, product or region.")
    var breakdown: Breakdown?

    @Option(help: "Comma-separated metric ids to show (see `salesmetrics metrics`). Default: all.")
    var metrics: String?

    @Option(help: "IANA time zone that periods and local timestamps are in.")
    var timezone: String = "UTC"

    @Option(help: "Month (1–12) in which the fiscal year starts; quarters and years follow it.")
    var fiscalYearStartMonth: Int = 1

    @Option(
        help:
            "The dataset currency: amounts in others (a currency column) are converted to it with fx_rates.csv (docs/data-format.md)."
    )
    var currency: String = "USD"

    @Option(help: "Output: table (for people), json (see docs/report-json.md), csv (one row per value) or markdown.")
    var format: OutputFormat = .table

    @Option(help: "Table width in columns. Default: the terminal's width, unlimited when not a terminal.")
    var width: Int?

    @Flag(
        inversion: .prefixedNo,
        help: """
            With --by (table and markdown): one table per metric, groups as rows and periods as \
            columns. Default: on when one metric is asked for.
            """)
    var pivot: Bool?

    /// Checks every option that does not depend on the data before any data is read: a typo in
    /// `--from` or `--metrics` is refused at once, not after loading a large folder or database.
    mutating func validate() throws {
        do { _ = try request() } catch {
            printError("Error: \(error)")
            throw Exit.badOptions
        }
    }

    /// The options as typed values; throws a sentence naming the option on a bad value.
    func request() throws(OptionError) -> ReportRequest {
        var request = ReportRequest()
        request.from = try from.map { text throws(OptionError) in try Self.day(text, option: "--from") }
        request.to = try to.map { text throws(OptionError) in try Self.day(text, option: "--to") }
        request.grain = grain
        request.breakdown = breakdown
        if let metrics {
            do { request.metrics = try ReportRequest.metricList(metrics) } catch {
                throw OptionError(message: error.description)
            }
        }
        request.timezone = timezone
        request.fiscalYearStartMonth = fiscalYearStartMonth
        request.currency = currency
        guard (1...12).contains(fiscalYearStartMonth) else {
            throw OptionError(message: ReportError.badFiscalMonth(fiscalYearStartMonth).description)
        }
        guard ZoneRules(identifier: timezone) != nil else {
            throw OptionError(message: ReportError.unknownTimeZone(timezone).description)
        }
        return request
    }

    /// The report options, with default dates taken from the data; throws a sentence on bad values.
    func options(for dataset: Dataset) throws(OptionError) -> ReportOptions {
        let request = try request()
        do { return try request.options(for: dataset) } catch { throw OptionError(message: error.description) }
    }

    /// A `YYYY-MM-DD` option value, or a sentence naming the option.
    static func day(_ text: String, option: String) throws(OptionError) -> Int32 {
        guard let day = CivilDate.parse(text) else {
            throw OptionError(message: "\(option) \"\(text)\" is not a date; write YYYY-MM-DD.")
        }
        return day
    }

    /// The rendered report in the chosen format; groups by name in the formats for people.
    func render(_ report: Report, names: DisplayNames? = nil) -> String {
        let pivot = self.pivot ?? (report.metricKeys.count == 1)
        switch format {
        case .json: return report.json()
        case .csv: return ReportCSV.render(report)
        case .markdown: return ReportMarkdown.render(report, names: names, pivot: pivot)
        case .table: return ReportTable.render(report, width: width ?? Terminal.width(), names: names, pivot: pivot)
        }
    }
}

struct OptionError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Compute every KPI per period from a dataset folder.",
        discussion: """
            Reads the database (--db, filled by `salesmetrics import`) or the CSV files of a folder \
            (--data; see docs/data-format.md). Any file may be missing; the metrics that need it are \
            then empty. Prints one column per period.

            Examples:
              salesmetrics report --data ./crm --from 2025-01-01 --to 2026-01-01 --grain quarter
              salesmetrics report --data ./crm --by owner --metrics total_revenue,win_rate --format json
            """)

    @Option(help: "Folder holding the dataset's CSV files. Without it, the report reads the database (--db).")
    var data: String?

    @OptionGroup var store: StoreOptions

    @OptionGroup var report: ReportArguments

    func run() async throws {
        let dataset = try await loadDataset(folder: data, store: store, currency: report.currency)
        let options: ReportOptions
        do { options = try report.options(for: dataset) } catch {
            printError("Error: \(error)")
            throw Exit.badOptions
        }
        do {
            print(report.render(try Engine.report(dataset, options), names: DisplayNames(dataset)), terminator: "")
        } catch {
            printError("Error: \(error)")
            throw Exit.badOptions
        }
    }
}

/// The dataset of a folder when one is given, else of the database; a sentence and exit 1 when
/// there is none.
/// `currency`: the dataset currency (SPEC §1 "Currencies"). A store's snapshot is in USD; another
/// currency reads its rows, converting their amounts to it.
func loadDataset(folder: String?, store: StoreOptions, currency: String = "USD") async throws -> Dataset {
    if let folder { return try loadDataset(folder, currency: currency) }
    guard store.mayHoldData else {
        printError(
            "Error: no data: \(store.path) does not exist. Import a dataset first (salesmetrics import DIR) or give --data DIR."
        )
        throw Exit.badData
    }
    let database = try await store.open()
    do {
        if currency.uppercased() == "USD" { return try await database.loadDataset() }
        return try DatasetReader(currency: currency).read(files: try await database.exportFiles()).dataset
    } catch let error as DatasetReadError {
        printError(error.description)
        throw Exit.badData
    } catch {
        printError("Error: could not read \(store.display): \(error)")
        throw Exit.badData
    }
}

/// Reads a dataset folder, printing warnings, or every problem and exit 1.
func loadDataset(_ path: String, currency: String = "USD") throws -> Dataset {
    do {
        let result = try DatasetReader(currency: currency).read(folder: URL(fileURLWithPath: path))
        for warning in result.warnings { printError("warning: \(warning)") }
        return result.dataset
    } catch {
        printError(error.description)
        throw Exit.badData
    }
}
