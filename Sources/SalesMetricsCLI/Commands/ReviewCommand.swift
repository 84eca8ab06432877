import ArgumentParser
import Foundation
import SalesMetrics
import SalesMetricsIO
import SalesMetricsServer

struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Write the monthly, quarterly or annual review of a period (Markdown, HTML, JSON or PDF).",
        discussion: """
            The label says the cadence: 2025-03 a monthly review (operational KPIs), 2025-Q3 a \
            quarterly one and 2025 an annual one (reps, the stage funnel, sources, subscriptions; the \
            year's four quarters). Every number equals `salesmetrics report` for the same period. PDF \
            is the HTML printed by headless Chromium (apt-get install -y chromium). See docs/review.md.

            Examples:
              salesmetrics review --period 2025-Q3 --format pdf --out q3.pdf
              salesmetrics review --period 2025-03 --by owner
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case markdown, html, json, pdf }

    @Option(help: "A month (2025-03), quarter (2025-Q3, FY2026-Q1) or year (2025, FY2026).")
    var period: String

    @Option(name: .customLong("by"), help: "Add the headline KPIs by owner, team, source, segment, product or region.")
    var breakdown: Breakdown?

    @Option(help: "markdown, html (one self-contained file), json (every number) or pdf.")
    var format: Format = .markdown

    @Option(help: "File to write. Default: standard output (pdf: review-PERIOD.pdf).")
    var out: String?

    @OptionGroup var source: PeriodSourceOptions

    func validate() throws {
        var problem = source.problem
        switch source.start(ofLabel: period) {
        case .failure(let error): problem = error.message
        case .success(let found) where found.grain == .week:
            problem =
                "--period \"\(period)\" is a week; a review is of a month (2025-03), a quarter (2025-Q3) or a year (2025)."
        default: break
        }
        if let problem {
            printError("Error: \(problem)")
            throw Exit.badOptions
        }
    }

    func run() async throws {
        let (dataset, targets) = try await source.load()
        guard case .success(let (grain, start)) = source.start(ofLabel: period) else { throw Exit.badOptions }
        let review: Review
        do {
            review = try Review(
                dataset, options: source.options(grain, start: start), periodStart: start,
                asOf: ReportRequest.lastDataDay(dataset), targets: targets, by: breakdown)
        } catch {
            printError("Error: \(error)")
            throw Exit.badOptions
        }
        let document = ReviewDocument(review, names: DisplayNames(dataset))
        switch format {
        case .markdown: try write(ReviewMarkdown.render(document))
        case .json: try write(ReviewJSON.render(review))
        case .html: try write(ReviewHTML.render(document))
        case .pdf:
            let path = out ?? "review-\(period).pdf"
            do { try PDFPrinter.print(html: ReviewHTML.render(document), to: path) } catch {
                printError("Error: \(error)")
                throw Exit.badData
            }
            printError("Wrote \(path).")
        }
    }

    private func write(_ text: String) throws {
        guard let out else { return print(text, terminator: "") }
        do { try text.write(toFile: out, atomically: true, encoding: .utf8) } catch {
            printError("Error: cannot write \(out): \(error.localizedDescription)")
            throw Exit.badData
        }
        printError("Wrote \(out).")
    }
}
