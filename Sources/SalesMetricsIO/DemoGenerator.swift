import Foundation
import SalesMetrics

/// Writes a realistic, deterministic three-year B2B dataset (all eleven files).
///
/// Leads arrive with seasonality and growth; qualified leads become deals
/// whose size, cycle and win rate depend on segment, source and rep; won
/// deals start subscriptions that expand, contract, churn and sometimes come
/// back; reps join and leave; quotas, forecasts, spend, activities and NPS
/// surveys follow. Scale 1 ≈ 40 reps, 3,000 accounts, 30,000 leads and
/// 8,000 opportunities; everything grows linearly with `scale`.
public struct DemoGenerator {
    public var seed: UInt64
    public var scale: Double

    /// The demo covers 2023-01-01 up to (not including) 2026-01-01.
    public static let firstDay = CivilDate.day(year: 2023, month: 1, day: 1)
    public static let endDay = CivilDate.day(year: 2026, month: 1, day: 1)

    public init(seed: UInt64 = 42, scale: Double = 1) {
        self.seed = seed
        self.scale = scale
    }

    /// Rows written per file.
    public typealias Summary = [Table: Int]

    static let sources = ["Website", "Paid Search", "Referral", "Events", "Outbound", "Partners"]
    static let sourceWeights = [0.30, 0.25, 0.10, 0.10, 0.15, 0.10]
    static let qualifyRate = [0.45, 0.35, 0.65, 0.50, 0.30, 0.55]
    static let winRate = [0.30, 0.24, 0.40, 0.27, 0.22, 0.35]
    static let costPerLead: [Int64] = [40_00, 120_00, 20_00, 200_00, 150_00, 80_00]
    static let segments = ["SMB", "Mid-Market", "Enterprise"]
    static let segmentWeights = [0.6, 0.3, 0.1]
    static let dealSize: [Double] = [8_000, 30_000, 120_000]
    static let cycleDays: [Double] = [21, 45, 80]
    static let monthlyChurn = [0.022, 0.012, 0.006]
    static let regions = ["North America", "EMEA", "APAC", "LATAM"]
    static let regionWeights = [0.45, 0.30, 0.15, 0.10]
    static let products = ["Platform", "Analytics", "Integrations", "Services"]
    static let productWeights = [0.5, 0.25, 0.15, 0.10]
    static let industries = ["Software", "Manufacturing", "Retail", "Healthcare", "Finance", "Logistics", "Education"]
    static let seasonality = [0.85, 0.95, 1.10, 1.00, 1.00, 0.90, 0.75, 0.70, 1.05, 1.15, 1.10, 0.80]
    static let openStages = ["Prospecting", "Discovery", "Proposal", "Negotiation"]

    struct Rep {
        var hired: Int32
        var left: Int32
        var skill: Double
        func employed(on day: Int32) -> Bool { hired <= day && day < left }
    }

    struct Deal {
        var id: Int
        var account: Int
        var owner: Int?
        var created: Int64
        var closed: Int64
        var status: DealStatus
        var amount: Int64
        var due: Int32
        var source: Int?
        var product: Int
        var stage: String
    }

    /// The dataset's files in memory (written to a temporary folder and read back), for tests
    /// and demos that feed a store.
    public func files() throws -> [Table: [UInt8]] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "salesmetrics-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try write(to: folder)
        var files: [Table: [UInt8]] = [:]
        for table in Table.allCases {
            files[table] = FileBytes.read(folder.appendingPathComponent(table.fileName).path)
        }
        return files
    }

    public func write(to folder: URL) throws -> Summary {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var rng = DemoRandom(seed: seed)
        var summary: Summary = [:]
        let first = Self.firstDay
        let end = Self.endDay
        let endInstant = Int64(end) * Timestamp.msPerDay

        // Reps
        let repCount = max(4, Int((40 * scale).rounded()))
        let teamNames = ["Atlas", "Borealis", "Cascade", "Delta", "Everest", "Fjord", "Granite", "Horizon"]
        let teamCount = max(4, repCount / 10)
        var reps: [Rep] = []
        let reps1 = try CSVWriter(
            url: folder.appendingPathComponent("reps.csv"), header: ["rep_id", "name", "team", "hired_on", "left_on"])
        let firstNames = [
            "Ava", "Ben", "Chloe", "Diego", "Emma", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kira", "Liam", "Maya",
            "Noah", "Olga", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Victor", "Wen", "Yara", "Zoe",
        ]
        let lastNames = [
            "Adams", "Berg", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Haddad", "Ito", "Jensen", "Kowalski",
            "Lopez", "Moreau", "Nakamura", "Okafor", "Patel", "Rossi", "Schmidt", "Tanaka", "Weber",
        ]
        for i in 0..<repCount {
            let hired =
                rng.chance(0.75)
                ? first - Int32(rng.int(30...1500)) : first + Int32(rng.int(0...Int(end - first) - 200))
            var left = CivilDate.never
            if rng.chance(0.2) {
                let day = hired + Int32(rng.int(150...900))
                if day > first && day < end { left = day }
            }
            let rep = Rep(hired: hired, left: left, skill: rng.double(0.7, 1.3))
            reps.append(rep)
            let team = i % teamCount
            reps1.text(Self.id("r", i + 1, width: 4))
            reps1.text(
                firstNames[rng.int(0...firstNames.count - 1)] + " " + lastNames[rng.int(0...lastNames.count - 1)])
            reps1.text(team < teamNames.count ? teamNames[team] : "Team \(team + 1)")
            reps1.date(hired)
            reps1.date(left)
            reps1.endRow()
        }
        reps1.close()
        summary[.reps] = repCount

        func pickRep(_ day: Int32, _ rng: inout DemoRandom) -> Int? {
            for _ in 0..<8 {
                let r = rng.int(0...repCount - 1)
                if reps[r].employed(on: day) { return r }
            }
            let start = rng.int(0...repCount - 1)
            for k in 0..<repCount where reps[(start + k) % repCount].employed(on: day) { return (start + k) % repCount }
            return nil
        }

        // Accounts
        let accountCount = max(10, Int((3000 * scale).rounded()))
        var accountSegment: [Int] = []
        let accounts = try CSVWriter(
            url: folder.appendingPathComponent("accounts.csv"),
            header: ["account_id", "name", "segment", "region", "industry"])
        let words = [
            "Acme", "Blue", "Cedar", "Delta", "Ember", "Falcon", "Globe", "Harbor", "Iron", "Jade", "Kite", "Lumen",
            "Maple", "Nova", "Orbit", "Pine", "Quartz", "River", "Summit", "Tidal", "Union", "Vertex", "Willow",
            "Zenith",
        ]
        let suffixes = [
            "Labs", "Systems", "Group", "Foods", "Logistics", "Health", "Partners", "Works", "Retail", "Capital",
        ]
        for i in 0..<accountCount {
            let segment = rng.weighted(Self.segmentWeights)
            accountSegment.append(segment)
            accounts.text(Self.id("a", i + 1, width: 6))
            accounts.text(
                "\(words[rng.int(0...words.count - 1)]) \(words[rng.int(0...words.count - 1)]) \(suffixes[rng.int(0...suffixes.count - 1)])"
            )
            accounts.text(rng.chance(0.01) ? nil : Self.segments[segment])
            accounts.text(Self.regions[rng.weighted(Self.regionWeights)])
            accounts.text(Self.industries[rng.int(0...Self.industries.count - 1)])
            accounts.endRow()
        }
        accounts.close()
        summary[.accounts] = accountCount

        // Leads, and the deals they turn into.
        let targetLeads = 30_000 * scale
        var weights: [Double] = []
        for day in first..<end {
            let (_, month, _) = CivilDate.components(day)
            let weekend = CivilDate.isoWeekday(day) >= 6 ? 0.3 : 1.0
            let growth = 1 + 0.35 * Double(day - first) / Double(end - first)
            weights.append(Self.seasonality[month - 1] * weekend * growth)
        }
        let weightSum = weights.reduce(0, +)
        var leadsBySourceMonth = [Int](repeating: 0, count: 36 * Self.sources.count)
        var deals: [Deal] = []
        let leads = try CSVWriter(
            url: folder.appendingPathComponent("leads.csv"),
            header: [
                "lead_id", "created_at", "source", "owner_id", "segment", "qualified_at", "first_response_at",
                "converted_at", "account_id", "opportunity_id",
            ])
        var leadCount = 0
        for (offset, weight) in weights.enumerated() {
            let day = first + Int32(offset)
            let expected = targetLeads * weight / weightSum
            let count = Int(expected) + (rng.unit() < expected - Double(Int(expected)) ? 1 : 0)
            let monthIndex = Self.monthIndex(day)
            for _ in 0..<count {
                leadCount += 1
                let created = Int64(day) * Timestamp.msPerDay + Int64(rng.int(7 * 3600...19 * 3600)) * 1000
                let source = rng.chance(0.02) ? nil : rng.weighted(Self.sourceWeights)
                if let source { leadsBySourceMonth[monthIndex * Self.sources.count + source] += 1 }
                let owner = rng.chance(0.05) ? nil : pickRep(day, &rng)
                let segment = rng.weighted(Self.segmentWeights)
                let qualifies = rng.chance(Self.qualifyRate[source ?? 0])
                let qualified = qualifies ? created + Int64(rng.int(600...5 * 86_400)) * 1000 : Timestamp.none
                let responded = rng.chance(0.9) ? created + Int64(rng.skewed(1.2) * 4 * 3600 * 1000) : Timestamp.none
                var converted = Timestamp.none
                var dealId: Int?
                var account: Int?
                if qualifies && rng.chance(0.6) {
                    converted = qualified + Int64(rng.int(3600...10 * 86_400)) * 1000
                    if converted < endInstant {
                        let deal = makeDeal(
                            id: deals.count + 1, created: converted, source: source, owner: owner ?? pickRep(day, &rng),
                            accountCount: accountCount, accountSegment: accountSegment, reps: reps,
                            endInstant: endInstant,
                            rng: &rng)
                        deals.append(deal)
                        dealId = deal.id
                        account = deal.account
                    } else {
                        converted = Timestamp.none
                    }
                }
                leads.text(Self.id("l", leadCount, width: 7))
                leads.instant(created)
                leads.text(source.map { Self.sources[$0] })
                leads.text(owner.map { Self.id("r", $0 + 1, width: 4) })
                leads.text(Self.segments[segment])
                leads.instant(qualified < endInstant ? qualified : Timestamp.none)
                leads.instant(responded < endInstant ? responded : Timestamp.none)
                leads.instant(converted)
                leads.text(account.map { Self.id("a", $0 + 1, width: 6) })
                leads.text(dealId.map { Self.id("o", $0, width: 7) })
                leads.endRow()
            }
        }
        leads.close()
        summary[.leads] = leadCount

        summary[.opportunities] = try writeDeals(deals, folder: folder)
        summary[.stageHistory] = try writeStageHistory(deals, folder: folder, endInstant: endInstant, rng: &rng)
        let subscriptionRows = try writeSubscriptions(deals, accountSegment: accountSegment, folder: folder, rng: &rng)
        summary[.subscriptions] = subscriptionRows.count
        summary[.spend] = try writeSpend(leadsBySourceMonth: leadsBySourceMonth, reps: reps, folder: folder, rng: &rng)
        summary[.quotas] = try writeQuotas(reps: reps, folder: folder, rng: &rng)
        summary[.forecasts] = try writeForecasts(deals, reps: reps, folder: folder, rng: &rng)
        summary[.activities] = try writeActivities(reps: reps, folder: folder, rng: &rng)
        summary[.surveys] = try writeSurveys(subscriptionRows, reps: reps, folder: folder, rng: &rng)
        return summary
    }

    private func makeDeal(
        id: Int, created: Int64, source: Int?, owner: Int?, accountCount: Int, accountSegment: [Int], reps: [Rep],
        endInstant: Int64, rng: inout DemoRandom
    ) -> Deal {
        let account = rng.int(0...accountCount - 1)
        let segment = accountSegment[account]
        var amount = Int64((Self.dealSize[segment] * rng.skewed(0.6) / 10).rounded()) * 1000
        if rng.chance(0.1) { amount += Int64(rng.int(1...99)) }
        let cycleMs = Int64(max(0.5, Self.cycleDays[segment] * rng.skewed(0.5)) * 86_400_000)
        let skill = owner.map { reps[$0].skill } ?? 0.8
        let won = rng.chance(min(0.9, Self.winRate[source ?? 0] * skill))
        var closed = created + cycleMs
        var status: DealStatus = won ? .won : .lost
        let due = Int32((created + Int64(Double(cycleMs) * rng.double(0.6, 1.15))) / Timestamp.msPerDay)
        var stage = won ? "Closed Won" : "Closed Lost"
        if closed >= endInstant {
            status = .open
            let progress = Double(endInstant - created) / Double(cycleMs)
            stage = Self.openStages[min(3, Int(progress * 4))]
            closed = Timestamp.none
        }
        return Deal(
            id: id, account: account, owner: owner, created: created, closed: closed, status: status, amount: amount,
            due: due, source: source, product: rng.weighted(Self.productWeights), stage: stage)
    }

    private func writeDeals(_ deals: [Deal], folder: URL) throws -> Int {
        let w = try CSVWriter(
            url: folder.appendingPathComponent("opportunities.csv"),
            header: [
                "opportunity_id", "account_id", "owner_id", "created_at", "status", "closed_at", "amount", "stage",
                "expected_close_on", "source", "product",
            ])
        for d in deals {
            w.text(Self.id("o", d.id, width: 7))
            w.text(Self.id("a", d.account + 1, width: 6))
            w.text(d.owner.map { Self.id("r", $0 + 1, width: 4) })
            w.instant(d.created)
            w.text(d.status == .won ? "won" : d.status == .lost ? "lost" : "open")
            w.instant(d.closed)
            w.money(d.amount)
            w.text(d.stage)
            w.date(d.due)
            w.text(d.source.map { Self.sources[$0] })
            w.text(Self.products[d.product])
            w.endRow()
        }
        w.close()
        return deals.count
    }

    private func writeStageHistory(_ deals: [Deal], folder: URL, endInstant: Int64, rng: inout DemoRandom) throws -> Int
    {
        let w = try CSVWriter(
            url: folder.appendingPathComponent("stage_history.csv"), header: ["opportunity_id", "stage", "entered_at"])
        var rows = 0
        let fractions = [0.0, 0.15, 0.45, 0.75]
        for d in deals {
            let length = Double((d.closed == Timestamp.none ? endInstant : d.closed) - d.created)
            let reached = d.status == .lost ? rng.int(1...3) : 3
            for s in 0...reached {
                let at = d.created + Int64(length * fractions[s])
                if at >= endInstant || (d.status == .open && Self.openStages.firstIndex(of: d.stage)! < s) { break }
                w.text(Self.id("o", d.id, width: 7))
                w.text(Self.openStages[s])
                w.instant(at)
                w.endRow()
                rows += 1
            }
            if d.closed != Timestamp.none {
                w.text(Self.id("o", d.id, width: 7))
                w.text(d.stage)
                w.instant(d.closed)
                w.endRow()
                rows += 1
            }
        }
        w.close()
        return rows
    }

    struct SubscriptionRow {
        var account: Int
        var mrr: Int64
        var started: Int32
        var ended: Int32
    }

    /// Each won deal starts a subscription line of amount / 12 a month, which then
    /// churns, expands or contracts month by month; churned lines may come back.
    private func writeSubscriptions(_ deals: [Deal], accountSegment: [Int], folder: URL, rng: inout DemoRandom) throws
        -> [SubscriptionRow]
    {
        var rows: [SubscriptionRow] = []
        let end = Self.endDay
        for d in deals where d.status == .won {
            let segment = accountSegment[d.account]
            var start = Int32(d.closed / Timestamp.msPerDay) + 1
            if start >= end { continue }
            if rng.chance(0.08) {
                rows.append(SubscriptionRow(account: d.account, mrr: 0, started: start - 14, ended: start))
            }
            var mrr = max(100, (d.amount + 6) / 12)
            var stretchStart = start
            var check = start + 30
            while stretchStart < end {
                if check >= end {
                    rows.append(
                        SubscriptionRow(account: d.account, mrr: mrr, started: stretchStart, ended: CivilDate.never))
                    break
                }
                let r = rng.unit()
                if r < Self.monthlyChurn[segment] {
                    rows.append(SubscriptionRow(account: d.account, mrr: mrr, started: stretchStart, ended: check))
                    guard rng.chance(0.2) else { break }
                    start = check + Int32(rng.int(60...240))
                    mrr = max(100, Int64(Double(mrr) * rng.double(0.8, 1.1)))
                    stretchStart = start
                    check = start + 30
                    continue
                } else if r < Self.monthlyChurn[segment] + 0.025 {
                    rows.append(SubscriptionRow(account: d.account, mrr: mrr, started: stretchStart, ended: check))
                    mrr = Int64(Double(mrr) * rng.double(1.1, 1.6))
                    stretchStart = check
                } else if r < Self.monthlyChurn[segment] + 0.037 {
                    rows.append(SubscriptionRow(account: d.account, mrr: mrr, started: stretchStart, ended: check))
                    mrr = max(100, Int64(Double(mrr) * rng.double(0.6, 0.9)))
                    stretchStart = check
                }
                check += 30
            }
        }
        let w = try CSVWriter(
            url: folder.appendingPathComponent("subscriptions.csv"),
            header: ["subscription_id", "account_id", "mrr", "started_on", "ended_on"])
        for (i, row) in rows.enumerated() {
            w.text(Self.id("s", i + 1, width: 7))
            w.text(Self.id("a", row.account + 1, width: 6))
            w.money(row.mrr)
            w.date(row.started)
            w.date(row.ended)
            w.endRow()
        }
        w.close()
        return rows
    }

    private func writeSpend(leadsBySourceMonth: [Int], reps: [Rep], folder: URL, rng: inout DemoRandom) throws -> Int {
        let w = try CSVWriter(
            url: folder.appendingPathComponent("spend.csv"), header: ["date", "category", "channel", "amount"])
        var rows = 0
        for month in 0..<36 {
            let (y, m) = CivilDate.addingMonths(year: 2023, month: 1, month)
            let day = CivilDate.day(year: y, month: m, day: 1)
            for (s, source) in Self.sources.enumerated() {
                let leads = Int64(leadsBySourceMonth[month * Self.sources.count + s])
                let amount = Int64(Double(leads * Self.costPerLead[s]) * rng.skewed(0.15))
                w.date(day)
                w.text(source == "Outbound" ? "sales" : "marketing")
                w.text(source)
                w.money(amount)
                w.endRow()
                rows += 1
            }
            let employed = Int64(reps.filter { $0.employed(on: day) }.count)
            w.date(day)
            w.text("sales")
            w.empty()
            w.money(employed * 8_500_00)
            w.endRow()
            w.date(day)
            w.text("marketing")
            w.empty()
            w.money(Int64(2_000_00 * scale * rng.double(0.8, 1.2)))
            w.endRow()
            rows += 2
        }
        w.close()
        return rows
    }

    private func writeQuotas(reps: [Rep], folder: URL, rng: inout DemoRandom) throws -> Int {
        let w = try CSVWriter(
            url: folder.appendingPathComponent("quotas.csv"),
            header: ["rep_id", "period_start", "period_end", "amount"])
        var rows = 0
        for quarter in 0..<12 {
            let (y, m) = CivilDate.addingMonths(year: 2023, month: 1, quarter * 3)
            let start = CivilDate.day(year: y, month: m, day: 1)
            let (ny, nm) = CivilDate.addingMonths(year: y, month: m, 3)
            let last = CivilDate.day(year: ny, month: nm, day: 1) - 1
            for (r, rep) in reps.enumerated() {
                let from = max(start, rep.hired)
                let to = min(last, rep.left - 1)
                guard from <= to else { continue }
                let share = Double(to - from + 1) / Double(last - start + 1)
                let amount = Int64((110_000 * rep.skill.squareRoot() * share / 100).rounded()) * 100_00
                w.text(Self.id("r", r + 1, width: 4))
                w.date(from)
                w.date(to)
                w.money(amount)
                w.endRow()
                rows += 1
            }
        }
        w.close()
        return rows
    }

    private func writeForecasts(_ deals: [Deal], reps: [Rep], folder: URL, rng: inout DemoRandom) throws -> Int {
        var monthly = [Int64](repeating: 0, count: 36)
        for d in deals where d.status == .won {
            let i = Self.monthIndex(Int32(d.closed / Timestamp.msPerDay))
            if i >= 0 && i < 36 { monthly[i] += d.amount }
        }
        let w = try CSVWriter(
            url: folder.appendingPathComponent("forecasts.csv"),
            header: ["period_start", "period_end", "amount", "rep_id", "submitted_at"])
        var rows = 0
        func row(_ start: Int32, _ last: Int32, _ amount: Int64, rep: Int?, submitted: Int64) {
            w.date(start)
            w.date(last)
            w.money(amount / 100_000 * 100_000)
            w.text(rep.map { Self.id("r", $0 + 1, width: 4) })
            w.instant(submitted)
            w.endRow()
            rows += 1
        }
        for month in 0..<36 {
            let (y, m) = CivilDate.addingMonths(year: 2023, month: 1, month)
            let start = CivilDate.day(year: y, month: m, day: 1)
            let last = start + Int32(CivilDate.daysInMonth(year: y, month: m)) - 1
            let nine = Int64(start) * Timestamp.msPerDay + 9 * 3_600_000
            row(
                start, last, Int64(Double(monthly[month]) * rng.double(0.8, 1.2)), rep: nil,
                submitted: nine - Timestamp.msPerDay * 3)
            if rng.chance(0.5) {
                row(
                    start, last, Int64(Double(monthly[month]) * rng.double(0.92, 1.08)), rep: nil,
                    submitted: nine + Timestamp.msPerDay * 14)
            }
            if month % 3 == 0 {
                let quarterRevenue = monthly[month..<min(36, month + 3)].reduce(0, +)
                let (qy, qm) = CivilDate.addingMonths(year: y, month: m, 3)
                let quarterLast = CivilDate.day(year: qy, month: qm, day: 1) - 1
                row(
                    start, quarterLast, Int64(Double(quarterRevenue) * rng.double(0.85, 1.15)), rep: nil,
                    submitted: nine - Timestamp.msPerDay * 5)
                for (r, rep) in reps.enumerated() where rep.employed(on: start) && rng.chance(0.5) {
                    let share = Double(quarterRevenue) / Double(max(1, reps.count))
                    row(
                        start, quarterLast, Int64(share * rng.double(0.7, 1.3)), rep: r,
                        submitted: nine - Timestamp.msPerDay * 4)
                }
            }
        }
        w.close()
        return rows
    }

    private func writeActivities(reps: [Rep], folder: URL, rng: inout DemoRandom) throws -> Int {
        let w = try CSVWriter(
            url: folder.appendingPathComponent("activities.csv"),
            header: ["rep_id", "date", "selling_hours", "total_hours"])
        var rows = 0
        var monday = Self.firstDay + Int32((8 - CivilDate.isoWeekday(Self.firstDay)) % 7)
        while monday < Self.endDay {
            for (r, rep) in reps.enumerated() where rep.employed(on: monday) {
                let total = Int64(rng.int(76...92)) * 500_000  // 38–46 h in half hours
                let selling = Int64(Double(total) * rng.double(0.25, 0.45) / 250_000) * 250_000
                w.text(Self.id("r", r + 1, width: 4))
                w.date(monday)
                w.micros(selling)
                w.micros(total)
                w.endRow()
                rows += 1
            }
            monday += 7
        }
        w.close()
        return rows
    }

    private func writeSurveys(_ subscriptions: [SubscriptionRow], reps: [Rep], folder: URL, rng: inout DemoRandom)
        throws -> Int
    {
        let w = try CSVWriter(
            url: folder.appendingPathComponent("surveys.csv"),
            header: ["response_id", "answered_at", "score", "kind", "account_id"])
        var rows = 0
        // Customers: about 4% of paying subscriptions answer each month.
        let customerScores = [0.02, 0.01, 0.02, 0.03, 0.04, 0.06, 0.08, 0.12, 0.17, 0.22, 0.23]
        for s in subscriptions where s.mrr > 0 {
            var month = Self.monthIndex(s.started)
            while month < 36 {
                let (y, m) = CivilDate.addingMonths(year: 2023, month: 1, month)
                let mid = CivilDate.day(year: y, month: m, day: 15)
                if mid >= s.ended { break }
                if mid >= s.started && rng.chance(0.04) {
                    rows += 1
                    w.text(Self.id("n", rows, width: 7))
                    w.instant(
                        Int64(mid + Int32(rng.int(-12...12))) * Timestamp.msPerDay + Int64(
                            rng.int(8 * 3600...20 * 3600)) * 1000)
                    w.integer(Int64(rng.weighted(customerScores)))
                    w.text("customer")
                    w.text(Self.id("a", s.account + 1, width: 6))
                    w.endRow()
                }
                month += 1
            }
        }
        // Employees: a pulse survey in the middle of each quarter.
        let employeeScores = [0.01, 0.01, 0.02, 0.03, 0.05, 0.08, 0.10, 0.18, 0.20, 0.18, 0.14]
        for quarter in 0..<12 {
            let (y, m) = CivilDate.addingMonths(year: 2023, month: 2, quarter * 3)
            let day = CivilDate.day(year: y, month: m, day: 14)
            for rep in reps where rep.employed(on: day) && rng.chance(0.7) {
                rows += 1
                w.text(Self.id("n", rows, width: 7))
                w.instant(Int64(day) * Timestamp.msPerDay + Int64(rng.int(9 * 3600...17 * 3600)) * 1000)
                w.integer(Int64(rng.weighted(employeeScores)))
                w.text("employee")
                w.empty()
                w.endRow()
            }
        }
        w.close()
        return rows
    }

    static func monthIndex(_ day: Int32) -> Int {
        let (y, m, _) = CivilDate.components(day)
        return (y - 2023) * 12 + m - 1
    }

    static func id(_ prefix: String, _ number: Int, width: Int) -> String {
        let digits = String(number)
        return prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
