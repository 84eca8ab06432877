import ArgumentParser
import Foundation
import SalesMetrics
import SalesMetricsIO

/// What `check` and `review` read: the data (a folder, or the database with its targets), the
/// targets, and the calendar a period label is read in.
struct PeriodSourceOptions: ParsableArguments {
    @Option(help: "Folder holding the dataset's CSV files. Without it, the database (--db) and its targets are read.")
    var data: String?

    @Option(help: "With --data: a YAML targets file instead of the defaults (docs/review.md).")
    var targets: String?

    @Option(help: "IANA time zone that periods and local timestamps are in.")
    var timezone: String = "UTC"

    @Option(help: "Month (1–12) in which the fiscal year starts; quarters and years follow it.")
    var fiscalYearStartMonth: Int = 1

    @Option(help: "The dataset currency: amounts in others are converted to it with fx_rates.csv.")
    var currency: String = "USD"

    @OptionGroup var store: StoreOptions

    /// What is wrong with these options, as a sentence; nil when nothing is.
    var problem: String? {
        if targets != nil && data == nil {
            return "--targets goes with --data; a database keeps its own (salesmetrics targets import)."
        }
        if !(1...12).contains(fiscalYearStartMonth) {
            return ReportError.badFiscalMonth(fiscalYearStartMonth).description
        }
        if ZoneRules(identifier: timezone) == nil { return ReportError.unknownTimeZone(timezone).description }
        return nil
    }

    /// The calendar of a grain in this fiscal year.
    func calendar(_ grain: Grain) -> PeriodCalendar {
        PeriodCalendar(grain: grain, fiscalYearStartMonth: fiscalYearStartMonth)
    }

    /// The first day of the period a label names in this calendar, or a sentence naming --period.
    func start(ofLabel label: String) -> Result<(grain: Grain, start: Int32), OptionError> {
        guard let grain = PeriodCalendar.grain(ofLabel: label) else {
            return .failure(
                OptionError(
                    message:
                        "--period \"\(label)\" is not a period label; write one such as 2025-03, 2025-Q3, 2025-W05 or 2025."
                ))
        }
        guard let start = calendar(grain).start(ofLabel: label) else {
            return .failure(
                OptionError(
                    message: "--period \(label) is not a \(grain.rawValue) of this calendar"
                        + (fiscalYearStartMonth == 1
                            ? "." : " (fiscal years start in month \(fiscalYearStartMonth): write FY2026-Q1)."))
            )
        }
        return .success((grain, start))
    }

    /// Report options of one period.
    func options(_ grain: Grain, start: Int32) -> ReportOptions {
        ReportOptions(
            grain: grain, from: start, to: start + 1, timezone: timezone, fiscalYearStartMonth: fiscalYearStartMonth,
            currency: currency)
    }

    /// The dataset and the targets to hold it against; a sentence and exit 1 when they can't be read.
    func load() async throws -> (dataset: Dataset, targets: [Target]) {
        let list: [Target]
        if data != nil {
            if let targets {
                do { list = try TargetsFile.load(targets) } catch {
                    printError(error.description)
                    throw Exit.badData
                }
            } else {
                list = Target.defaults
            }
        } else {
            guard store.mayHoldData else {
                printError("Error: no data: \(store.path) does not exist. Import a dataset first or give --data DIR.")
                throw Exit.badData
            }
            list = try await store.open().targets()
        }
        return (try await loadDataset(folder: data, store: store, currency: currency), list)
    }
}
