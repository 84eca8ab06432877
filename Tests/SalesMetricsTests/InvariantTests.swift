import Foundation
import SalesMetrics
import SalesMetricsIO
import Synchronization
import Testing

/// Properties that hold on any data, checked on generated demo datasets of several seeds, in
/// several zones (one with daylight saving, one with a half-hour offset and daylight saving), over
/// ranges that start and end inside periods, with calendar and fiscal years.
@Suite struct InvariantTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var seed: UInt64
        var timezone: String
        var from: String
        var to: String
        var fiscal = 1

        var testDescription: String { "seed \(seed), \(timezone), \(from) to \(to), fiscal year from month \(fiscal)" }

        var range: (from: Int32, to: Int32) { (CivilDate.parse(from)!, CivilDate.parse(to)!) }
    }

    /// Seeds whose small samples hold every kind of MRR movement in their ranges (a seed whose
    /// sample has no reactivation tests less: `theSampleHasEveryKindOfMovement` says which).
    static let cases: [Case] = [
        Case(seed: 7, timezone: "UTC", from: "2023-01-01", to: "2026-01-01"),
        Case(seed: 7, timezone: "America/New_York", from: "2023-02-14", to: "2025-11-03"),
        Case(seed: 2024, timezone: "Australia/Adelaide", from: "2023-03-31", to: "2025-10-06", fiscal: 7),
        Case(seed: 99_989, timezone: "Asia/Kolkata", from: "2023-05-17", to: "2025-12-24", fiscal: 4),
        Case(seed: 31, timezone: "UTC", from: "2023-01-09", to: "2025-09-30"),
    ]

    /// Each seed's dataset, generated once per test process.
    static let datasets = Mutex<[UInt64: Dataset]>([:])

    static func dataset(_ seed: UInt64) throws -> Dataset {
        if let d = datasets.withLock({ $0[seed] }) { return d }
        let d = try DatasetReader().read(files: DemoGenerator(seed: seed, scale: 0.05).files()).dataset
        datasets.withLock { $0[seed] = d }
        return d
    }

    func report(
        _ c: Case, _ grain: Grain = .month, by: Breakdown? = nil, from: Int32? = nil, to: Int32? = nil
    ) throws -> Report {
        try Engine.report(
            try Self.dataset(c.seed),
            ReportOptions(
                grain: grain, from: from ?? c.range.from, to: to ?? c.range.to, timezone: c.timezone,
                fiscalYearStartMonth: c.fiscal, breakdown: by))
    }

    static func cents(_ v: MetricValue?) -> Int128? {
        switch v {
        case .money(let c): Int128(c)
        case .count(let c): Int128(c)
        default: nil
        }
    }

    @Test(arguments: cases)
    func mrrMovementsAddUpToNetNewMRR(c: Case) throws {
        for by in [nil, Breakdown.segment, .region] {
            let r = try report(c, by: by)
            for period in r.periods {
                for values in [period.metrics] + period.groups.map(\.metrics) {
                    let parts = ["new_mrr", "reactivation_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr"].map {
                        Self.cents(values[$0])!
                    }
                    #expect(parts[0] + parts[1] + parts[2] - parts[3] - parts[4] == Self.cents(values["net_new_mrr"]))
                }
            }
        }
    }

    /// Churn and retention against a count made here from the subscription rows (SPEC §3: S(P) the
    /// accounts with MRR > 0 on P.before, E(P) those on P.last), not from the engine's counters.
    @Test(arguments: cases)
    func churnAndRetentionMatchAnIndependentCount(c: Case) throws {
        let subscriptions = try #require(try Self.dataset(c.seed).subscriptions)
        func active(on day: Int32) -> Set<Int32> {
            var mrr: [Int32: Int64] = [:]
            for i in subscriptions.account.indices
            where subscriptions.startedOn[i] <= day && day < subscriptions.endedOn[i] {
                mrr[subscriptions.account[i], default: 0] += subscriptions.mrr[i]
            }
            return Set(mrr.filter { $0.value > 0 }.keys)
        }
        var checked = 0
        var churned = 0
        for grain in [Grain.week, .month, .quarter] {
            for period in try report(c, grain).periods {
                let start = active(on: period.firstDay - 1)
                let end = active(on: period.endDay - 1)
                guard !start.isEmpty else {
                    #expect(period.metrics["churn_rate"] == MetricValue.none, "\(period.label)")
                    #expect(period.metrics["customer_retention_rate"] == MetricValue.none, "\(period.label)")
                    continue
                }
                let lost = start.subtracting(end).count
                let kept = start.intersection(end).count
                expectRatio(period.metrics["churn_rate"], lost, start.count, "churn \(grain) \(period.label)")
                expectRatio(
                    period.metrics["customer_retention_rate"], kept, start.count, "retention \(grain) \(period.label)")
                checked += 1
                churned += lost
            }
        }
        // The data has churn to find: a check that only ever saw zeros would prove little.
        #expect(checked > 60 && churned > 0)
    }

    func expectRatio(
        _ value: MetricValue?, _ numerator: Int, _ denominator: Int, _ comment: Comment,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard case .number(let x) = value else {
            Issue.record("\(comment): expected \(numerator)/\(denominator), got \(String(describing: value))")
            return
        }
        #expect(abs(x - Double(numerator) / Double(denominator)) < 1e-12, comment, sourceLocation: sourceLocation)
    }

    static let additive = [
        "total_revenue", "deals_won", "leads_created", "qualified_leads", "open_pipeline_count", "open_pipeline_value",
        "new_customers", "active_customers", "mrr", "arr", "new_mrr", "reactivation_mrr", "expansion_mrr",
        "contraction_mrr", "churned_mrr", "net_new_mrr", "marketing_spend", "sales_spend", "active_reps",
    ]

    @Test(arguments: cases)
    func additiveMetricsOverGroupsSumToTheTotal(c: Case) throws {
        for by in Breakdown.allCases {
            let r = try report(c, .quarter, by: by)
            var checked = 0
            for period in r.periods {
                for id in Self.additive where Catalog.metric(id)!.applies(to: by) {
                    let total = Self.cents(period.metrics[id])!
                    let sum = period.groups.map { Self.cents($0.metrics[id])! }.reduce(0, +)
                    #expect(sum == total, "\(id) in \(period.label) by \(by)")
                    checked += 1
                }
            }
            #expect(checked >= r.periods.count)
        }
    }

    /// Quarters are matched to their months by their days, not by position: an unaligned range
    /// lists months that do not fill its first and last quarters.
    @Test(arguments: cases)
    func aQuarterIsTheSumOfItsMonths(c: Case) throws {
        let quarters = try report(c, .quarter)
        let months = try report(c, .month, from: quarters.periods.first!.firstDay, to: quarters.periods.last!.endDay)
        let flows = [
            "total_revenue", "deals_won", "leads_created", "qualified_leads", "new_customers", "marketing_spend",
            "sales_spend", "net_new_mrr",
        ]
        let snapshots = ["mrr", "active_customers", "open_pipeline_count", "open_pipeline_value"]
        for quarter in quarters.periods {
            let inside = months.periods.filter { $0.firstDay >= quarter.firstDay && $0.endDay <= quarter.endDay }
            #expect(inside.count == 3, "\(quarter.label)")
            #expect(inside.first?.firstDay == quarter.firstDay && inside.last?.endDay == quarter.endDay)
            for id in flows {
                #expect(
                    Self.cents(quarter.metrics[id]) == inside.map { Self.cents($0.metrics[id])! }.reduce(0, +),
                    "\(id) \(quarter.label)")
            }
            for id in snapshots {
                #expect(quarter.metrics[id] == inside.last!.metrics[id], "\(id) \(quarter.label)")
            }
        }
    }

    /// Deals won per month, counted here from the rows in the case's zone, equal the report's.
    @Test(arguments: cases)
    func dealsWonMatchAnIndependentCount(c: Case) throws {
        let d = try Self.dataset(c.seed)
        let deals = try #require(d.opportunities)
        let zone = try #require(TimeZone(identifier: c.timezone))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var perMonth: [String: Int64] = [:]
        for i in deals.status.indices where deals.status[i] == .won {
            let instant = Self.instant(deals.closedAt, i, zone)
            let parts = calendar.dateComponents([.year, .month], from: instant)
            perMonth[String(format: "%04d-%02d", parts.year!, parts.month!), default: 0] += 1
        }
        let r = try report(c, .month)
        for period in r.periods {
            #expect(period.metrics["deals_won"] == .count(perMonth[period.label] ?? 0), "\(period.label)")
        }
        #expect(r.periods.contains { (perMonth[$0.label] ?? 0) > 0 })
    }

    /// Deals that close a millisecond before, at and after every local midnight that starts a
    /// month, written as UTC instants and as local wall-clock times, land in the month that
    /// Foundation's calendar for the zone gives (the demo data rarely comes that close to a
    /// boundary, so daylight saving and half-hour offsets would otherwise go untested).
    @Test(arguments: cases)
    func dealsAtMonthBoundariesLandInTheirZoneMonth(c: Case) throws {
        let zone = try #require(TimeZone(identifier: c.timezone))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        var csv = "opportunity_id,created_at,status,closed_at,amount\n"
        var expected: [String: Int64] = [:]
        func label(_ y: Int, _ m: Int) -> String { String(format: "%04d-%02d", y, m) }
        var n = 0
        for year in 2022...2026 {
            for month in 1...12 {
                let midnight = calendar.date(from: DateComponents(year: year, month: month, day: 1))!
                let ms = Int64((midnight.timeIntervalSince1970 * 1000).rounded())
                // Counts that differ from month to month: a boundary off by the same amount
                // everywhere would otherwise move as many deals into each month as out of it.
                let atMidnight = month % 4 + 1
                for delta: Int64 in [-1, 0, 1] {
                    let instant = Date(timeIntervalSince1970: Double(ms + delta) / 1000)
                    let local = calendar.dateComponents([.year, .month], from: instant)
                    for _ in 0..<(delta == 0 ? atMidnight : 1) {
                        expected[label(local.year!, local.month!), default: 0] += 1
                        n += 1
                        csv += "u\(n),2020-01-01T00:00:00Z,won,\(Self.iso(ms + delta, utc))Z,1\n"
                    }
                }
                // Local wall-clock times (no offset): the month they are written in.
                let (py, pm) = month == 1 ? (year - 1, 12) : (year, month - 1)
                let lastDay = calendar.component(.day, from: calendar.date(byAdding: .day, value: -1, to: midnight)!)
                csv += String(format: "l\(n),2020-01-01,won,%04d-%02d-%02dT23:59:59.999,1\n", py, pm, lastDay)
                expected[label(py, pm), default: 0] += 1
                for k in 0..<(month % 3 + 1) {
                    csv += String(format: "m\(n)-\(k),2020-01-01,won,%04d-%02d-01T00:00,1\n", year, month)
                    expected[label(year, month), default: 0] += 1
                }
            }
        }
        let dataset = try DatasetReader().read(files: [.opportunities: Array(csv.utf8)]).dataset
        let r = try Engine.report(
            dataset,
            ReportOptions(
                grain: .month, from: c.range.from, to: c.range.to, timezone: c.timezone, fiscalYearStartMonth: c.fiscal,
                metrics: [.dealsWon]))
        for period in r.periods {
            #expect(period.metrics["deals_won"] == .count(expected[period.label] ?? 0), "\(period.label)")
        }
        #expect(r.periods.count > 30)
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmm` of an instant in a calendar's zone.
    static func iso(_ ms: Int64, _ calendar: Calendar) -> String {
        let date = Date(timeIntervalSince1970: Double(ms.dividedRoundingDown(by: 1000)))
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let millis = Int(ms - ms.dividedRoundingDown(by: 1000) * 1000)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03d", p.year!, p.month!, p.day!, p.hour!, p.minute!, p.second!,
            millis)
    }

    /// A timestamp as an instant: one written without an offset is local time in `zone`.
    static func instant(_ column: TimestampColumn, _ i: Int, _ zone: TimeZone) -> Date {
        let ms = column.values[i]
        let utc = Date(timeIntervalSince1970: Double(ms) / 1000)
        guard !column.isLocal.isEmpty && column.isLocal[i] else { return utc }
        // Local wall time: the offset of the zone at that wall time (found in two steps).
        let guess = utc.addingTimeInterval(-Double(zone.secondsFromGMT(for: utc)))
        return utc.addingTimeInterval(-Double(zone.secondsFromGMT(for: guess)))
    }

    @Test(arguments: cases)
    func theSampleHasEveryKindOfMovement(c: Case) throws {
        let r = try report(c, .year)
        for id in ["new_mrr", "reactivation_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr"] {
            #expect(r.periods.contains { Self.cents($0.metrics[id])! > 0 }, "\(id)")
        }
    }
}
