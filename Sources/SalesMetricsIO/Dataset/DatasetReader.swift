import Foundation
import SalesMetrics

/// Reads a dataset folder (SPEC §1) into a ``Dataset``, checking every rule of SPEC §6.
///
/// Every problem is collected (up to `errorLimit`); if there is any error the
/// read fails as a whole and nothing is returned. Warnings (unknown columns,
/// references to unknown reps or accounts) are returned beside the dataset.
public struct DatasetReader: Sendable {
    public var errorLimit = 50
    /// The dataset currency (SPEC §1 "Currencies"): amounts whose `currency` is empty or this
    /// one are taken as they are; others are converted with fx_rates.csv.
    public var currency: String
    /// The rates of fx_rates.csv, read before the files that need them.
    var rates = ExchangeRates()

    public init(errorLimit: Int = 50, currency: String = "USD") {
        self.errorLimit = errorLimit
        self.currency = currency.uppercased()
    }

    public struct Result: Sendable {
        public var dataset: Dataset
        public var warnings: [DatasetIssue]
    }

    /// Reads every known file present in `folder`.
    public func read(folder: URL) throws(DatasetReadError) -> Result {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw DatasetReadError(
                errors: [
                    DatasetIssue(
                        .error, file: folder.path, line: nil, column: nil,
                        message: "no such folder; give the folder that holds the CSV files")
                ],
                errorCount: 1)
        }
        var sources: [Table: Source] = [:]
        for table in Table.allCases {
            let path = folder.appendingPathComponent(table.fileName).path
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { continue }
            sources[table] = .file(path, size: (attributes[.size] as? Int) ?? 0)
        }
        return try read(sources)
    }

    /// Reads files given as bytes by table (missing tables stay missing).
    public func read(files: [Table: [UInt8]]) throws(DatasetReadError) -> Result {
        try read(files.mapValues { .bytes($0) })
    }

    enum Source: Sendable {
        case bytes([UInt8])
        case file(String, size: Int)

        var size: Int {
            switch self {
            case .bytes(let b): b.count
            case .file(_, let size): size
            }
        }
    }

    /// Files are parsed in parallel, each with its own dictionaries, then
    /// merged in table order into the dataset's shared dictionaries.
    private func read(_ sources: [Table: Source]) throws(DatasetReadError) -> Result {
        // The rates first: the files with amounts convert theirs as they read them.
        var reader = self
        let parts = ResultSlots<Part?>(count: Table.allCases.count, initial: nil)
        if let rates = sources[.fxRates] {
            let part = readPart(.fxRates, rates)
            reader.rates = part.rates
            parts.set(Table.allCases.firstIndex(of: .fxRates)!, part)
        }
        // Largest files first, so the workers finish together.
        let order = sources.keys.filter { $0 != .fxRates }.sorted { sources[$0]!.size > sources[$1]!.size }
        DispatchQueue.concurrentPerform(iterations: order.count) { [reader] i in
            let table = order[i]
            parts.set(Table.allCases.firstIndex(of: table)!, reader.readPart(table, sources[table]!))
        }
        let log = IssueLog(limit: errorLimit)
        let all = Table.allCases.indices.compactMap(parts.get)  // in table order
        for part in all { log.merge(part.log) }
        if log.errorCount > 0 { throw DatasetReadError(errors: log.errors, errorCount: log.errorCount) }
        var merge = DatasetMerge(parts: all)
        for part in all { merge.add(part) }
        merge.checkReferences(log)
        return Result(dataset: merge.finish(), warnings: log.warnings)
    }

    /// One file read on its own: its table, its dictionaries and its problems.
    struct Part: @unchecked Sendable {
        var table: Table
        var dataset = Dataset()
        var dict = Dictionaries()
        var log: IssueLog
        var rates = ExchangeRates()
    }

    private func readPart(_ table: Table, _ source: Source) -> Part {
        var part = Part(table: table, log: IssueLog(limit: errorLimit))
        let log = part.log
        let b: CSVParser
        switch source {
        case .bytes(let bytes): b = CSVParser(bytes: bytes)
        case .file(let path, _):
            guard let parser = try? CSVParser(contentsOfFile: path) else {
                log.error(
                    table.fileName, nil, nil, "the file cannot be read; check that it is a file and its permissions")
                return part
            }
            b = parser
        }
        switch table {
        case .reps: part.dataset.reps = readReps(b, &part.dataset, &part.dict, log)
        case .accounts: part.dataset.accounts = readAccounts(b, &part.dataset, &part.dict, log)
        case .leads: part.dataset.leads = readLeads(b, &part.dataset, &part.dict, log)
        case .opportunities: part.dataset.opportunities = readOpportunities(b, &part.dataset, &part.dict, log)
        case .stageHistory: part.dataset.stageHistory = readStageHistory(b, &part.dataset, &part.dict, log)
        case .subscriptions: part.dataset.subscriptions = readSubscriptions(b, &part.dataset, &part.dict, log)
        case .spend: part.dataset.spend = readSpend(b, &part.dataset, &part.dict, log)
        case .quotas: part.dataset.quotas = readQuotas(b, &part.dataset, &part.dict, log)
        case .forecasts: part.dataset.forecasts = readForecasts(b, &part.dataset, &part.dict, log)
        case .activities: part.dataset.activities = readActivities(b, &part.dataset, &part.dict, log)
        case .surveys: part.dataset.surveys = readSurveys(b, &part.dataset, &part.dict, log)
        case .usage: part.dataset.usage = readUsage(b, &part.dict, log)
        case .fxRates: part.rates = readRates(b, log)
        }
        return part
    }

    // MARK: - Tables

    private func readReps(_ parser: CSVParser, _ d: inout Dataset, _ dict: inout Dictionaries, _ log: IssueLog) -> Reps?
    {
        guard var r = RowReader(.reps, parser: parser, log: log) else { return nil }
        var t = Reps()
        var seen = UniqueIds()
        while r.next() {
            let id = seen.check(&r, column: 0)
            let name = r.text(1)
            let team = r.code(2, &dict.teams)
            let hired = r.date(3)
            let left = r.date(4)
            if hired != CivilDate.none && left != CivilDate.none && left <= hired {
                r.fail(
                    4,
                    "\(CivilDate.format(left)) is not after hired_on \(CivilDate.format(hired)); left_on is the first day no longer employed"
                )
            }
            guard r.rowErrors == 0, let id else { continue }
            t.id.append(dict.repIds.intern(id)!)
            t.name.append(name ?? "")
            t.team.append(team)
            t.hiredOn.append(hired)
            t.leftOn.append(left == CivilDate.none ? CivilDate.never : left)
        }
        seen.reportDuplicates(&r, column: 0)
        return t
    }

    private func readAccounts(_ parser: CSVParser, _ d: inout Dataset, _ dict: inout Dictionaries, _ log: IssueLog)
        -> Accounts?
    {
        guard var r = RowReader(.accounts, parser: parser, log: log) else { return nil }
        var t = Accounts()
        let rows = parser.estimatedRecords
        t.reserveCapacity(rows)
        dict.accountIds = ByteInterner(expected: rows)
        var seen = UniqueIds()
        seen.reserveCapacity(rows)
        var attributes = AttributeCollector(r)
        while r.next() {
            let id = seen.check(&r, column: 0)
            let name = r.text(1)
            let segment = r.code(2, &dict.segments)
            let region = r.code(3, &dict.regions)
            let industry = r.text(4)
            attributes.read(&r)
            guard r.rowErrors == 0, let id else { continue }
            t.id.append(dict.accountIds.intern(id)!)
            t.name.append(name ?? "")
            t.segment.append(segment)
            t.region.append(region)
            t.industry.append(industry ?? "")
            attributes.keep()
        }
        seen.reportDuplicates(&r, column: 0)
        t.attributes = attributes.columns(r)
        return t
    }

    private func readLeads(_ parser: CSVParser, _ d: inout Dataset, _ dict: inout Dictionaries, _ log: IssueLog)
        -> Leads?
    {
        guard var r = RowReader(.leads, parser: parser, log: log) else { return nil }
        var t = Leads()
        let rows = parser.estimatedRecords
        t.reserveCapacity(rows)
        var seen = UniqueIds()
        seen.reserveCapacity(rows)
        var attributes = AttributeCollector(r)
        while r.next() {
            let id = seen.check(&r, column: 0)
            let created = r.timestamp(1)
            let source = r.code(2, &dict.sources)
            let owner = r.code(3, &dict.repIds)
            let segment = r.code(4, &dict.segments)
            let qualified = r.timestamp(5)
            let response = r.timestamp(6)
            let converted = r.timestamp(7)
            let account = r.code(8, &dict.accountIds)
            r.checkText(9)
            for (column, value) in [(5, qualified), (6, response), (7, converted)] {
                checkNotBefore(value, created, &r, column: column, otherColumn: 1)
            }
            attributes.read(&r)
            guard r.rowErrors == 0, let id else { continue }
            t.id.append(String(decoding: id, as: UTF8.self))
            t.account.append(account)
            attributes.keep()
            t.createdAt.append(created.0, local: created.1)
            t.qualifiedAt.append(qualified.0, local: qualified.1)
            t.firstResponseAt.append(response.0, local: response.1)
            t.convertedAt.append(converted.0, local: converted.1)
            t.source.append(source)
            t.owner.append(owner)
            t.segment.append(segment)
        }
        seen.reportDuplicates(&r, column: 0)
        t.attributes = attributes.columns(r)
        return t
    }

    private func readOpportunities(_ parser: CSVParser, _ d: inout Dataset, _ dict: inout Dictionaries, _ log: IssueLog)
        -> Opportunities?
    {
        guard var r = RowReader(.opportunities, parser: parser, log: log) else { return nil }
        var t = Opportunities()
        let rows = parser.estimatedRecords
        t.reserveCapacity(rows)
        dict.opportunityIds = ByteInterner(expected: rows)
        var seen = UniqueIds()
        seen.reserveCapacity(rows)
        let statuses: [(String, DealStatus)] = [("open", .open), ("won", .won), ("lost", .lost)]
        while r.next() {
            let id = seen.check(&r, column: 0)
            let account = r.code(1, &dict.accountIds)
            let owner = r.code(2, &dict.repIds)
            let created = r.timestamp(3)
            let status = r.choice(4, statuses)
            let closed = r.timestamp(5)
            let money = r.money(6)
            let stage = r.code(7, &dict.stages)
            let due = r.date(8)
            let source = r.code(9, &dict.sources)
            let product = r.code(10, &dict.products)
            if let status {
                if status == .open && r.raw(5) != nil {
                    r.fail(5, "an open deal must not have closed_at; empty it or set status to won or lost")
                } else if status != .open && r.raw(5) == nil {
                    r.fail(5, "a \(status == .won ? "won" : "lost") deal needs closed_at, the day it closed")
                }
            }
            checkNotBefore(closed, created, &r, column: 5, otherColumn: 3)
            // Converted on the calendar day of closed_at as written, else of created_at.
            let amount = converted(
                money, &r, currency: 11, amountColumn: 6, day: writtenDay(r.raw(5)) ?? writtenDay(r.raw(3)))
            guard r.rowErrors == 0, let id, let status, let amount else { continue }
            t.id.append(dict.opportunityIds.intern(id)!)
            t.account.append(account)
            t.owner.append(owner)
            t.createdAt.append(created.0, local: created.1)
            t.closedAt.append(closed.0, local: closed.1)
            t.status.append(status)
            t.amount.append(amount)
            t.stage.append(stage)
            t.expectedCloseOn.append(due)
            t.source.append(source)
            t.product.append(product)
        }
        seen.reportDuplicates(&r, column: 0)
        return t
    }

    private func readStageHistory(_ parser: CSVParser, _ d: inout Dataset, _ dict: inout Dictionaries, _ log: IssueLog)
        -> StageHistory?
    {
        guard var r = RowReader(.stageHistory, parser: parser, log: log) else { return nil }
        var t = StageHistory()
        let rows = parser.estimatedRecords
        t.reserveCapacity(rows)
        while r.next() {
            let opportunity = r.code(0, &dict.opportunityIds)
            let stage = r.code(1, &dict.stages)
            let entered = r.timestamp(2)
            guard r.rowErrors == 0 else { continue }
            t.opportunity.append(opportunity)
            t.stage.append(stage)
            t.enteredAt.append(entered.0, local: entered.1)
        }
        return t
    }

    private func readSubscriptions(_ parser: CSVParser, _ d: inout Dataset, _ dict: inout Dictionaries, _ log: IssueLog)
        -> Subscriptions?
    {
        guard var r = RowReader(.subscriptions, parser: parser, log: log) else { return nil }
        var t = Subscriptions()
        let rows = parser.estimatedRecords
        t.reserveCapacity(rows)
        var seen = UniqueIds()
        seen.reserveCapacity(rows)
        while r.next() {
            _ = seen.check(&r, column: 0)
            let account = r.code(1, &dict.accountIds)
            let started = r.date(3)
            let mrr = converted(r.money(2), &r, currency: 5, amountColumn: 2, day: started)
            let ended = r.date(4)
            if started != CivilDate.none && ended != CivilDate.none && ended <= started {
                r.fail(
                    4,
                    "\(CivilDate.format(ended)) is not after started_on \(CivilDate.format(started)); ended_on is the first day no longer active"
                )
            }
            guard r.rowErrors == 0, let mrr else { continue }
            t.account.append(account)
            t.mrr.append(mrr)
            t.startedOn.append(started)
            t.endedOn.append(ended == CivilDate.none ? CivilDate.never : ended)
        }
        seen.reportDuplicates(&r, column: 0)
        return t
    }

    private func readSpend(_ parser: CSVParser, _ d: inout Dataset, _ dict: inout Dictionaries, _ log: IssueLog)
        -> Spend?
    {
        guard var r = RowReader(.spend, parser: parser, log: log) else { return nil }
        var t = Spend()
        let categories: [(String, SpendCategory)] = [("marketing", .marketing), ("sales", .sales)]
        while r.next() {
            let date = r.date(0)
            let category = r.choice(1, categories)
            let channel = r.code(2, &dict.sources)
            let amount = converted(r.money(3), &r, currency: 4, amountColumn: 3, day: date)
            guard r.rowErrors == 0, let category, let amount else { continue }
            t.date.append(date)
            t.category.append(category)
            t.channel.append(channel)
            t.amount.append(amount)
        }
        return t
    }

    private func readQuotas(_ parser: CSVParser, _ d: inout Dataset, _ dict: inout Dictionaries, _ log: IssueLog)
        -> Quotas?
    {
        guard var r = RowReader(.quotas, parser: parser, log: log) else { return nil }
        var t = Quotas()
        while r.next() {
            let rep = r.code(0, &dict.repIds)
            let (start, end) = period(&r, 1, 2)
            let amount = converted(r.money(3), &r, currency: 4, amountColumn: 3, day: start)
            guard r.rowErrors == 0, let amount else { continue }
            t.rep.append(rep)
            t.periodStart.append(start)
            t.periodEnd.append(end)
            t.amount.append(amount)
        }
        return t
    }

    private func readForecasts(_ parser: CSVParser, _ d: inout Dataset, _ dict: inout Dictionaries, _ log: IssueLog)
        -> Forecasts?
    {
        guard var r = RowReader(.forecasts, parser: parser, log: log) else { return nil }
        var t = Forecasts()
        while r.next() {
            let (start, end) = period(&r, 0, 1)
            let amount = converted(r.money(2), &r, currency: 5, amountColumn: 2, day: start)
            let rep = r.code(3, &dict.repIds)
            let submitted = r.timestamp(4)
            guard r.rowErrors == 0, let amount else { continue }
            t.periodStart.append(start)
            t.periodEnd.append(end)
            t.amount.append(amount)
            t.rep.append(rep)
            t.submittedAt.append(submitted.0, local: submitted.1)
        }
        return t
    }

    private func readActivities(_ parser: CSVParser, _ d: inout Dataset, _ dict: inout Dictionaries, _ log: IssueLog)
        -> Activities?
    {
        guard var r = RowReader(.activities, parser: parser, log: log) else { return nil }
        var t = Activities()
        let rows = parser.estimatedRecords
        t.reserveCapacity(rows)
        while r.next() {
            let rep = r.code(0, &dict.repIds)
            let date = r.date(1)
            let selling = r.hours(2)
            let total = r.hours(3)
            if let selling, let total, selling > total {
                r.fail(
                    2,
                    "\(formatMicros(selling)) is more than total_hours \(formatMicros(total)); selling time is part of the total"
                )
            }
            guard r.rowErrors == 0, let selling, let total else { continue }
            t.rep.append(rep)
            t.date.append(date)
            t.sellingHours.append(selling)
            t.totalHours.append(total)
        }
        return t
    }

    private func readSurveys(_ parser: CSVParser, _ d: inout Dataset, _ dict: inout Dictionaries, _ log: IssueLog)
        -> Surveys?
    {
        guard var r = RowReader(.surveys, parser: parser, log: log) else { return nil }
        var t = Surveys()
        let rows = parser.estimatedRecords
        t.reserveCapacity(rows)
        var seen = UniqueIds()
        seen.reserveCapacity(rows)
        let kinds: [(String, SurveyKind)] = [("customer", .customer), ("employee", .employee)]
        while r.next() {
            _ = seen.check(&r, column: 0)
            let answered = r.timestamp(1)
            var score: UInt8?
            if let raw = r.raw(2) {
                if let value = FieldParsers.integer(raw), (0...10).contains(value) {
                    score = UInt8(value)
                } else {
                    r.fail(2, "\(RowReader.quote(raw)) is not an integer from 0 to 10")
                }
            } else {
                r.fail(2, "a value is required")
            }
            let kind = r.choice(3, kinds)
            let account = r.code(4, &dict.accountIds)
            guard r.rowErrors == 0, let score, let kind else { continue }
            t.answeredAt.append(answered.0, local: answered.1)
            t.score.append(score)
            t.kind.append(kind)
            t.account.append(account)
        }
        seen.reportDuplicates(&r, column: 0)
        return t
    }

    private func readUsage(_ parser: CSVParser, _ dict: inout Dictionaries, _ log: IssueLog) -> Usage? {
        guard var r = RowReader(.usage, parser: parser, log: log) else { return nil }
        guard r.has(2) || r.has(3) || r.has(4) else {
            log.error(
                Table.usage.fileName, 1, nil,
                "usage.csv needs at least one of active_users, sessions and events; add the column your product counts")
            return nil
        }
        var t = Usage()
        t.reserveCapacity(parser.estimatedRecords)
        var features = ByteInterner()
        while r.next() {
            let account = r.code(0, &dict.accountIds)
            let date = r.date(1)
            let counts = (r.quantity(2), r.quantity(3), r.quantity(4))
            let feature = r.code(5, &features)
            if counts.0 == nil && counts.1 == nil && counts.2 == nil && r.rowErrors == 0 {
                r.fail(nil, "the row has no value in active_users, sessions or events; give at least one")
            }
            guard r.rowErrors == 0 else { continue }
            t.account.append(account)
            t.date.append(date)
            t.activeUsers.append(counts.0 ?? -1)
            t.sessions.append(counts.1 ?? -1)
            t.events.append(counts.2 ?? -1)
            t.feature.append(feature)
        }
        t.features = StringCodes(uniqueValues: features.strings())
        return t
    }

    // MARK: - Helpers

    /// Reads an inclusive date range and checks `end ≥ start`.
    private func period(_ r: inout RowReader, _ startColumn: Int, _ endColumn: Int) -> (Int32, Int32) {
        let start = r.date(startColumn)
        let end = r.date(endColumn)
        if start != CivilDate.none && end != CivilDate.none && end < start {
            r.fail(
                endColumn,
                "\(CivilDate.format(end)) is before period_start \(CivilDate.format(start)); both ends are inclusive")
        }
        return (start, end)
    }

    /// `value ≥ other` (the timestamp in column `otherColumn`). A local time and an instant can only be
    /// compared up to the report zone's offset, so across kinds only a gap over 14 hours is an error.
    private func checkNotBefore(
        _ value: (Int64, Bool), _ other: (Int64, Bool), _ r: inout RowReader, column: Int, otherColumn: Int
    ) {
        guard value.0 != Timestamp.none, other.0 != Timestamp.none, let raw = r.raw(column),
            let otherRaw = r.raw(otherColumn)
        else { return }
        let slack: Int64 = value.1 == other.1 ? 0 : 14 * 3_600_000
        if value.0 + slack < other.0 {
            r.fail(
                column, "\(RowReader.quote(raw)) is before \(r.columnName(otherColumn)) \(RowReader.quote(otherRaw))")
        }
    }

    // MARK: - Currencies

    /// The calendar day a timestamp is written on (its own date, whatever its offset).
    private func writtenDay(_ raw: FieldBytes?) -> Int32? {
        guard let raw, raw.count >= 10 else { return nil }
        return FieldParsers.date(raw, at: raw.startIndex)
    }

    /// An amount in the dataset currency: as it is when the row's currency is empty or the
    /// dataset's, else converted with the rate valid on `day` (nil and an error without one).
    private func converted(
        _ amount: Int64?, _ r: inout RowReader, currency column: Int, amountColumn: Int, day: Int32?
    ) -> Int64? {
        guard let raw = r.raw(column) else { return amount }
        guard let code = ExchangeRates.code(raw) else {
            r.fail(column, "\(RowReader.quote(raw)) is not a currency code; write its three letters, such as EUR")
            return nil
        }
        guard let amount, code != currency else { return amount }
        guard let day, day != CivilDate.none, let rate = rates.rate(code, on: day) else {
            let when = day.map { " on \(CivilDate.format($0))" } ?? ""
            r.fail(
                column,
                rates.present
                    ? "no rate for \(code)\(when) in fx_rates.csv; add a row with currency \(code) and a valid_from on or before that day"
                    : "\(code) is not the dataset currency \(currency), and there is no fx_rates.csv to convert it; add one with a rate for \(code) (or report with --currency \(code) if every amount is in it)"
            )
            return nil
        }
        guard let value = ExchangeRates.convert(amount, rate: rate) else {
            r.fail(amountColumn, "converted to \(currency) the amount is too large; amounts must be below 10^15")
            return nil
        }
        return value
    }

    private func readRates(_ parser: CSVParser, _ log: IssueLog) -> ExchangeRates {
        var rates = ExchangeRates()
        rates.present = true
        guard var r = RowReader(.fxRates, parser: parser, log: log) else { return rates }
        var lines: [String: [Int32: Int]] = [:]
        while r.next() {
            var code: String?
            if let raw = r.raw(0) {
                code = ExchangeRates.code(raw)
                if code == nil {
                    r.fail(0, "\(RowReader.quote(raw)) is not a currency code; write its three letters, such as EUR")
                }
            } else {
                r.fail(0, "a value is required")
            }
            let from = r.date(1)
            var rate: Int64?
            if let raw = r.raw(2) {
                rate = ExchangeRates.parse(raw)
                if rate == nil {
                    r.fail(
                        2,
                        "\(RowReader.quote(raw)) is not a rate; write a decimal above 0 and below 1,000,000 with at most 10 decimals, such as 1.0825"
                    )
                }
            } else {
                r.fail(2, "a value is required")
            }
            guard r.rowErrors == 0, let code, let rate else { continue }
            if let earlier = lines[code]?[from] {
                r.fail(1, "\(code) already has a rate from \(CivilDate.format(from)) (line \(earlier)); keep one")
                continue
            }
            lines[code, default: [:]][from] = r.line
            rates.rates[code, default: []].append((from, rate))
        }
        for code in rates.rates.keys { rates.rates[code]!.sort { $0.from < $1.from } }
        return rates
    }

    private func formatMicros(_ micros: Int64) -> String {
        let whole = micros / 1_000_000
        var fraction = String(micros % 1_000_000)
        if micros % 1_000_000 == 0 { return String(whole) }
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }
}

/// Detects duplicate ids within one file, naming the line of the first one.
///
/// Ids are collected as the rows are read and checked once at the end by
/// sorting their hashes: sequential work instead of one random memory access
/// per row, which matters for millions of lead ids.
struct UniqueIds {
    private var keys: [FieldBytes] = []
    private var hashes: [UInt64] = []
    private var lines: [Int32] = []

    mutating func reserveCapacity(_ n: Int) {
        keys.reserveCapacity(n)
        hashes.reserveCapacity(n)
        lines.reserveCapacity(n)
    }

    /// The row's id (required, valid UTF-8); nil after logging why not.
    mutating func check(_ r: inout RowReader, column: Int) -> FieldBytes? {
        guard let id = r.raw(column) else {
            r.fail(column, "a value is required")
            return nil
        }
        if !FieldParsers.isUTF8(id) {
            r.fail(column, "the value is not valid UTF-8; save the file as UTF-8")
            return nil
        }
        keys.append(id)
        hashes.append(ByteInterner.hash(id))
        lines.append(Int32(clamping: r.line))
        return id
    }

    /// Logs every id seen before in the file. Call while `r`'s parser is alive (the keys point into it).
    func reportDuplicates(_ r: inout RowReader, column: Int) {
        // Sorting by 32 hash bits is enough: rows whose bits agree are compared byte by byte.
        let order = RadixSort.indices(sortedBy: hashes, bits: 32)
        func bits(_ i: Int) -> UInt64 { hashes[Int(order[i])] & 0xFFFF_FFFF }
        var duplicates: [(line: Int32, first: Int32, key: FieldBytes)] = []
        var runStart = 0
        while runStart < order.count {
            var runEnd = runStart + 1
            while runEnd < order.count && bits(runEnd) == bits(runStart) { runEnd += 1 }
            if runEnd - runStart > 1 {
                // Equal hashes: sort the run by bytes, then by row, so equal ids lie together with
                // their first row leading (sorting, not comparing every pair: a file that repeats
                // one id a million times must not cost a million squared comparisons).
                let run = order[runStart..<runEnd].sorted { a, b in
                    let (x, y) = (keys[Int(a)], keys[Int(b)])
                    if x.elementsEqual(y) { return a < b }
                    return x.lexicographicallyPrecedes(y)
                }
                var first = run[run.startIndex]
                for row in run.dropFirst() {
                    if keys[Int(row)].elementsEqual(keys[Int(first)]) {
                        duplicates.append((lines[Int(row)], lines[Int(first)], keys[Int(row)]))
                    } else {
                        first = row
                    }
                }
            }
            runStart = runEnd
        }
        for d in duplicates.sorted(by: { $0.line < $1.line }) {
            r.fail(
                at: Int(d.line), column,
                "duplicate id \(RowReader.quote(d.key)) (first on line \(d.first)); ids must be unique")
        }
    }
}

/// The dictionaries of one file while it is read (merged into the dataset's afterwards).
struct Dictionaries {
    var repIds = ByteInterner()
    var accountIds = ByteInterner()
    var opportunityIds = ByteInterner()
    var teams = ByteInterner()
    var sources = ByteInterner()
    var segments = ByteInterner()
    var regions = ByteInterner()
    var products = ByteInterner()
    var stages = ByteInterner()
}
