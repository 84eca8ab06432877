import ArgumentParser
import Foundation
import SalesMetrics
import SalesMetricsIO

/// `salesmetrics score leads`: which open leads to call first, and why, with the evidence of
/// how well the score has worked on the data's own history (docs/scoring.md).
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score open leads, with how well the score has worked on your own history.",
        subcommands: [LeadScoreCommand.self])
}

enum ScoreFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

struct LeadScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leads",
        abstract: "Score every open lead 0–100 by how likely it is to convert, with its reasons.",
        discussion: """
            Learns from the leads whose outcome is known on --as-of (created at least --horizon days \
            before it: converted within the horizon or not), with an L2-regularised logistic \
            regression over source, segment, owner, first-response time, the linked account's \
            segment, region and industry, and the attributes of leads and accounts (their extra \
            columns). Prints how well the same method did on leads it had not learned from (the \
            latest fifth by created_at, or 5 folds when dates cannot separate them) beside a \
            baseline (the conversion rate of the lead's source), then the open leads created \
            within the horizon, highest score first, each with the factors for and against it \
            (docs/scoring.md).

            Examples:
              salesmetrics score leads --data demo-data
              salesmetrics score leads --as-of 2025-10-01 --horizon 60 --format json
            """)

    @Option(help: "Folder holding the dataset's CSV files. Without it, the database (--db) is read.")
    var data: String?

    @OptionGroup var store: StoreOptions

    @Option(
        help:
            "The day scores are as of, YYYY-MM-DD: nothing later is known. Default: the day after the latest lead data."
    )
    var asOf: String?

    @Option(help: "Days within which a lead must convert after it was created (1–3650).")
    var horizon: Int = LeadScoreOptions.defaultHorizonDays

    @Option(help: "IANA time zone that days and local timestamps are in.")
    var timezone: String = "UTC"

    @Option(help: "Output: table (for people), json or csv (one row per open lead).")
    var format: ScoreFormat = .table

    @Option(help: "Open leads listed: highest scores first; 0 lists all. Default: 30 in a table, all in json and csv.")
    var limit: Int?

    @Option(help: "The dataset currency (amounts are not used by the score; see report --currency).")
    var currency: String = "USD"

    mutating func validate() throws {
        var problem: String?
        if let asOf, CivilDate.parse(asOf) == nil {
            problem = "--as-of \"\(asOf)\" is not a date; write YYYY-MM-DD."
        } else if !LeadScoreOptions.horizonDays.contains(horizon) {
            problem = "--horizon \(horizon) is out of range; give a number of days from 1 to 3650."
        } else if ZoneRules(identifier: timezone) == nil {
            problem = ReportError.unknownTimeZone(timezone).description
        } else if let limit, limit < 0 {
            problem = "--limit \(limit) is negative; give 0 (all) or more."
        }
        if let problem {
            printError("Error: \(problem)")
            throw Exit.badOptions
        }
    }

    func run() async throws {
        let dataset = try await loadDataset(folder: data, store: store, currency: currency)
        guard let day = asOf.flatMap(CivilDate.parse) ?? LeadScores.defaultAsOf(dataset, timezone: timezone) else {
            printError("Error: there are no leads to score: the data has no leads.csv (or it has no rows).")
            throw Exit.badData
        }
        let scores: LeadScores
        do {
            scores = try LeadScores(
                dataset, options: LeadScoreOptions(asOf: day, horizonDays: horizon, timezone: timezone))
        } catch {
            printError("Error: \(error)")
            throw Exit.badData
        }
        switch format {
        case .table: print(LeadScoresText.table(scores, limit: limit ?? 30), terminator: "")
        case .json: print(LeadScoresText.json(scores, limit: limit ?? 0), terminator: "")
        case .csv: print(LeadScoresText.csv(scores, limit: limit ?? 0), terminator: "")
        }
    }
}
