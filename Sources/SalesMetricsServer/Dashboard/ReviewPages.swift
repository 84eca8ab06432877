import Foundation
import HTTPTypes
import Hummingbird
import SalesMetrics
import SalesMetricsIO

/// The Reviews page (`/reviews?period=2025-Q3`): a month, quarter or year's review document in
/// the dashboard, and its downloads (`/reviews/download?period=…&format=markdown|html|pdf|json`).
extension DashboardController {
    static let reviewParameters = ["period", "timezone", "fiscal_year_start_month", "currency"]

    enum ReviewFormat: String, CaseIterable {
        case markdown, html, pdf, json

        var contentType: String {
            switch self {
            case .markdown: "text/markdown; charset=utf-8"
            case .html: "text/html; charset=utf-8"
            case .pdf: "application/pdf"
            case .json: "application/json; charset=utf-8"
            }
        }
        var fileExtension: String { self == .markdown ? "md" : rawValue }
    }

    /// The review a request asks for: its period (default: the latest complete quarter), in the
    /// request's calendar, time zone and currency.
    func review(_ query: Query, version: Int) async throws -> (Review, ReviewDocument, [(String, [String])]) {
        let loaded = try await cache.current(version: version)
        let timezone = query["timezone"] ?? "UTC"
        guard ZoneRules(identifier: timezone) != nil else {
            throw APIError.badRequest(ReportError.unknownTimeZone(String(timezone.prefix(80))).description)
        }
        let fiscal = try query.integer("fiscal_year_start_month", default: 1, in: 1...12)
        let currency = cache.currency
        if let asked = query["currency"], asked.uppercased() != currency {
            throw APIError.badRequest(
                "currency \(asked.prefix(20)): this server's amounts are in \(currency) (serve --currency); ask without currency."
            )
        }
        let asOf = loaded.lastDataDay
        let quarters = PeriodCalendar(grain: .quarter, fiscalYearStartMonth: fiscal)
        let label =
            query["period"]
            ?? quarters.label(forStart: TargetEvaluation.latestCompletePeriod(quarters, asOf: asOf))
        guard let grain = PeriodCalendar.grain(ofLabel: label), grain != .week,
            let start = PeriodCalendar(grain: grain, fiscalYearStartMonth: fiscal).start(ofLabel: label)
        else {
            throw APIError.badRequest(
                "period \"\(label.prefix(40))\" is not a month, quarter or year of this calendar; pick one such as 2025-03, 2025-Q3 or 2025."
            )
        }
        let options = ReportOptions(
            grain: grain, from: start, to: start + 1, timezone: timezone, fiscalYearStartMonth: fiscal,
            currency: currency.uppercased())
        let targets = try await cache.store.targets()
        let stageOrder = configuration.stageOrder
        let review: Review
        do {
            review = try await WorkerThreads.compute.run {
                try Review(
                    loaded.context, options: options, periodStart: start, asOf: asOf, targets: targets,
                    stageOrder: stageOrder)
            }
        } catch let error as ReportError {
            throw APIError.badRequest(error.description)
        }
        // The periods to pick from, latest first: 12 months, 8 quarters, 3 years.
        var choices: [(String, [String])] = []
        for (grain, count, title) in [(Grain.month, 12, "Months"), (.quarter, 8, "Quarters"), (.year, 3, "Years")] {
            let calendar = PeriodCalendar(grain: grain, fiscalYearStartMonth: fiscal)
            var start = calendar.periodStart(containing: asOf)
            var labels: [String] = []
            for _ in 0..<count {
                labels.append(calendar.label(forStart: start))
                start = calendar.previousStart(before: start)
            }
            choices.append((title, labels))
        }
        return (review, ReviewDocument(review, names: loaded.names), choices)
    }

    func reviewPage(_ request: Request, context: AppContext) async throws -> String {
        let query = Query(request)
        try query.check(known: Self.reviewParameters)
        let (review, document, choices) = try await self.review(query, version: context.versions.data)
        return Pages.reviews(document, review: review, choices: choices, query: query)
    }

    func reviewDownload(_ request: Request, context: AppContext) async throws -> Response {
        var query = Query(request)
        let formatText = query["format"] ?? "markdown"
        guard let format = ReviewFormat(rawValue: formatText) else {
            throw APIError.badRequest(
                "format \"\(formatText.prefix(20))\" is not one of "
                    + ReviewFormat.allCases.map(\.rawValue).joined(separator: ", ") + ".")
        }
        query.values["format"] = nil
        try query.check(known: Self.reviewParameters)
        let (review, document, _) = try await self.review(query, version: context.versions.data)
        let bytes: [UInt8]
        switch format {
        case .markdown: bytes = Array(ReviewMarkdown.render(document).utf8)
        case .html: bytes = Array(ReviewHTML.render(document).utf8)
        case .json: bytes = Array(ReviewJSON.render(review).utf8)
        case .pdf:
            let html = ReviewHTML.render(document)
            do { bytes = try await ReviewPrinter.shared.pdf(html) } catch {
                throw APIError(status: .serviceUnavailable, message: error.description)
            }
        }
        var headers: HTTPFields = [.contentType: format.contentType]
        headers[HTTPField.Name("Content-Disposition")!] =
            "attachment; filename=\"review-\(review.period.label).\(format.fileExtension)\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// One PDF at a time: Chromium takes a second and a few hundred MB per page printed, so prints
/// wait their turn instead of running together, and at most a few may wait.
actor ReviewPrinter {
    static let shared = ReviewPrinter()
    static let maxWaiting = 4
    private var busy = false
    private var queue: [CheckedContinuation<Void, Never>] = []

    func pdf(_ html: String) async throws(PDFPrinter.Failure) -> [UInt8] {
        if busy {
            guard queue.count < Self.maxWaiting else {
                throw PDFPrinter.Failure(description: "Too many reviews are being printed; try again in a minute.")
            }
            await withCheckedContinuation { queue.append($0) }
        }
        busy = true
        defer {
            if queue.isEmpty { busy = false } else { queue.removeFirst().resume() }
        }
        // Printing waits for a child process: on the compute threads, not Swift's pool.
        let result: Result<[UInt8], PDFPrinter.Failure>
        do {
            result = try await WorkerThreads.compute.run {
                Result { () throws(PDFPrinter.Failure) in try PDFPrinter.pdf(html: html) }
            }
        } catch {
            throw PDFPrinter.Failure(description: "The review could not be printed: \(error)")
        }
        return try result.get()
    }
}
