import ArgumentParser
import Foundation
import SalesMetrics
import SalesMetricsIO

/// `salesmetrics score leads`: which open leads to call first, and why, with the evidence of
/// how well the score has worked on the data's own history (docs/scoring.md).
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score open leads and customers, with how well each score has worked on your own history.",
        subcommands: [LeadScoreCommand.self, AccountScoreCommand.self])

    /// The options both scores take, checked before any data is read: a sentence and exit 2.
    static func check(asOf: String?, limit: Int?, more: () -> String? = { nil }) throws {
        var problem: String?
        if let asOf, CivilDate.parse(asOf) == nil {
            problem = "--as-of \"\(asOf)\" is not a date; write YYYY-MM-DD."
        } else if let limit, limit < 0 {
            problem = "--limit \(limit) is negative; give 0 (all) or more."
        } else {
            problem = more()
        }
        if let problem {
            printError("Error: \(problem)")
            throw Exit.badOptions
        }
    }
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

    @OptionGroup var attributes: AttributeKindOptions

    mutating func validate() throws {
        try ScoreCommand.check(asOf: asOf, limit: limit) {
            if !LeadScoreOptions.horizonDays.contains(horizon) {
                return "--horizon \(horizon) is out of range; give a number of days from 1 to 3650."
            }
            if let problem = attributes.problem { return problem }
            return ZoneRules(identifier: timezone) == nil ? ReportError.unknownTimeZone(timezone).description : nil
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
            var options = LeadScoreOptions(asOf: day, horizonDays: horizon, timezone: timezone)
            options.attributeKinds = attributes.kinds
            scores = try LeadScores(dataset, options: options)
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

struct AccountScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts",
        abstract: "Score every paying account's engagement 0–100 and list those drifting away.",
        discussion: """
            Reads usage.csv (product use per account and day) and subscriptions.csv (who pays). \
            An account's score on a day compares its recency, frequency, breadth (features) and \
            trend of use over the 30 days to that day with its segment's history (its paying \
            accounts on every month end usage.csv covers) \
            (docs/scoring.md, "Engagement score"). Prints how well a low score has foretold churn \
            within 90 days in the data's own history (ROC AUC and churn by score band), then the \
            accounts at risk — a score under 30, or down 20 points or more in 30 days — with what \
            changed (docs/scoring.md).

            Examples:
              salesmetrics score accounts --data demo-data
              salesmetrics score accounts --as-of 2025-09-30 --format csv
            """)

    @Option(help: "Folder holding the dataset's CSV files. Without it, the database (--db) is read.")
    var data: String?

    @OptionGroup var store: StoreOptions

    @Option(help: "The day scores are as of (its end), YYYY-MM-DD. Default: the latest usage date.")
    var asOf: String?

    @Option(help: "Output: table (for people), json or csv (one row per paying account).")
    var format: ScoreFormat = .table

    @Option(
        help:
            "Accounts listed: at risk in a table (default 30), every paying account in json and csv (default all); 0 lists all."
    )
    var limit: Int?

    @Option(help: "The dataset currency: MRR in others is converted to it with fx_rates.csv.")
    var currency: String = "USD"

    mutating func validate() throws { try ScoreCommand.check(asOf: asOf, limit: limit) }

    func run() async throws {
        let dataset = try await loadDataset(folder: data, store: store, currency: currency)
        guard let model = EngagementModel(dataset) else {
            printError(
                "Error: the engagement score needs usage.csv (product use per account and day) and subscriptions.csv (who pays); \(dataset.has(.usage) ? "subscriptions.csv is missing" : "usage.csv is missing") (docs/data-format.md)."
            )
            throw Exit.badData
        }
        guard let day = asOf.flatMap(CivilDate.parse) ?? model.usageSpan?.upperBound else {
            printError("Error: usage.csv has no rows: there is no use to score.")
            throw Exit.badData
        }
        let engagement = AccountEngagement(dataset, model: model, asOf: day)
        switch format {
        case .table:
            print(AccountEngagementText.table(engagement, currency: currency, limit: limit ?? 30), terminator: "")
        case .json: print(AccountEngagementText.json(engagement, currency: currency, limit: limit ?? 0), terminator: "")
        case .csv: print(AccountEngagementText.csv(engagement, limit: limit ?? 0), terminator: "")
        }
    }
}
