import ArgumentParser
import Foundation
import SalesMetrics
import SalesMetricsIO
import SalesMetricsServer

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Compare every target with the latest complete period; exit 3 when one is missed.",
        discussion: """
            For cron and CI: prints each target that applies (met, missed or without a value), exits 0 \
            when none is missed and 3 when one is. --period checks another period (a running one shows \
            its pace instead: on track or behind, and behind counts as missed). --webhook posts one \
            JSON message per run, whose 'text' field Slack shows (docs/review.md).

            Examples:
              salesmetrics check
              salesmetrics check --period 2025-Q3 --webhook https://hooks.slack.com/services/…
            """)

    @Option(help: "A period label (2025-03, 2025-Q3, 2025-W05, 2025, FY2025-Q1); its shape gives the grain.")
    var period: String?

    @Option(help: "Without --period: the grain of the latest complete period to check.")
    var grain: Grain = .month

    @Option(help: "POST the result as JSON to this http(s) URL.")
    var webhook: String?

    @OptionGroup var source: PeriodSourceOptions

    func validate() throws {
        var problem = source.problem
        if let period, case .failure(let error) = source.start(ofLabel: period) { problem = error.message }
        if let webhook, case .failure(let error) = Result(catching: { try Webhook.check(webhook) }) {
            problem = "\(error)"
        }
        if let problem {
            printError("Error: \(problem)")
            throw Exit.badOptions
        }
    }

    func run() async throws {
        let (dataset, targets) = try await source.load()
        let asOf = ReportRequest.lastDataDay(dataset)
        let grain: Grain
        let start: Int32
        if let period, case .success(let found) = source.start(ofLabel: period) {
            (grain, start) = found
        } else {
            grain = self.grain
            start = TargetEvaluation.latestCompletePeriod(source.calendar(grain), asOf: asOf)
        }
        let statuses: [TargetStatus]
        do {
            statuses = try TargetEvaluation.evaluate(
                targets, dataset: dataset, options: source.options(grain, start: start), periodStart: start, asOf: asOf)
        } catch {
            printError("Error: \(error)")
            throw Exit.badOptions
        }
        let currency = source.currency
        let label = source.calendar(grain).label(forStart: start)
        let names = DisplayNames(dataset)
        print(TargetText.summary(statuses, period: label))
        for s in statuses { print("  " + TargetText.line(s, names: names, currency: currency)) }
        if let webhook {
            let url = try Webhook.check(webhook)
            let body = Webhook.message(statuses, period: label, grain: grain, names: names, currency: currency)
            do { try await Webhook.post(body, to: url) } catch {
                printError("Error: \(error)")
                throw Exit.badData
            }
        }
        if statuses.contains(where: \.state.isBad) { throw Exit.targetMissed }
    }
}
