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
    /// Writes the same data the way real exports spell it (see `rewriteAwkwardly`).
    public var awkward: Bool

    /// The demo covers 2023-01-01 up to (not including) 2026-01-01.
    public static let firstDay = CivilDate.day(year: 2023, month: 1, day: 1)
    public static let endDay = CivilDate.day(year: 2026, month: 1, day: 1)

    public init(seed: UInt64 = 42, scale: Double = 1, awkward: Bool = false) {
        self.seed = seed
        self.scale = scale
        self.awkward = awkward
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
    /// How much likelier a qualified lead of each segment is to convert than the average one.
    static let segmentConversion = [0.85, 1.2, 1.3]
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
        let reps1 = try CSVWriter(.reps, in: folder)
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
        let accounts = try CSVWriter(.accounts, in: folder)
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
        let leads = try CSVWriter(.leads, in: folder)
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
                // As in real funnels, a lead nobody answered converts far less often, and larger
                // companies convert more often once qualified (the multipliers average 1, so the
                // overall rate stays 0.6): what the lead score can learn beyond the source.
                let answered = responded == Timestamp.none ? 0.4 : responded - created < 4 * 3_600_000 ? 1.15 : 0.98
                if qualifies && rng.chance(0.6 * Self.segmentConversion[segment] * answered) {
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
        summary[.usage] = try writeUsage(subscriptionRows, accountSegment: accountSegment, folder: folder)
        if awkward { try rewriteAwkwardly(folder, &summary) }
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
        let w = try CSVWriter(.opportunities, in: folder)
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
        let w = try CSVWriter(.stageHistory, in: folder)
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
        let w = try CSVWriter(.subscriptions, in: folder)
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

    static let features = ["Dashboards", "Reports", "Alerts", "Integrations", "API", "Exports"]

    /// A year of weekly product use (2025) for every account while it pays, one row per account
    /// and week with its users, sessions and events and the feature it used most, dated on a day
    /// of the week drawn for it (on a fixed weekday, every score would swing with the weekday
    /// its day falls on: days since the last use, weeks in 30 days). As in real
    /// products, use fades before a customer leaves: over the 90 days before a churn, sessions,
    /// events and the features used fall and weeks go missing (docs/scoring.md, "Engagement").
    /// Drawn from a random source of its own, so the other files do not depend on it.
    private func writeUsage(_ subscriptions: [SubscriptionRow], accountSegment: [Int], folder: URL) throws -> Int {
        var rng = DemoRandom(seed: seed ^ 0x05A6_E000_0000_0001)
        let from = CivilDate.day(year: 2025, month: 1, day: 6)  // a Monday
        // Each account's paid stretches, and the days it churned (a stretch's end that no other
        // paid stretch of the account continues).
        var stretches: [Int: [(start: Int32, end: Int32, mrr: Int64)]] = [:]
        for row in subscriptions where row.mrr > 0 {
            stretches[row.account, default: []].append((row.started, row.ended, row.mrr))
        }
        let w = try CSVWriter(.usage, in: folder)
        var rows = 0
        for account in stretches.keys.sorted() {
            let paid = stretches[account]!.sorted { $0.start < $1.start }
            let starts = Set(paid.map(\.start))
            let churns = paid.map(\.end).filter { $0 != CivilDate.never && !starts.contains($0) }
            let health = rng.double(0.6, 1.4) * [1.0, 1.1, 1.2][accountSegment[account]]
            var used = Self.features
            for i in used.indices.dropLast() { used.swapAt(i, rng.int(i...used.count - 1)) }
            used = Array(used.prefix(2 + Int(health * 2)))
            var week = from
            while week < Self.endDay {
                let mrr = paid.last { $0.start <= week && week < $0.end }?.mrr
                defer { week += 7 }
                guard let mrr else { continue }
                // 1 far from a churn, falling to 0.15 on the churn day.
                let toChurn = churns.filter { $0 > week }.min().map { Double($0 - week) } ?? 999
                let fade = toChurn < 90 ? 0.15 + 0.85 * toChurn / 90 : 1
                guard rng.chance(0.3 + 0.65 * fade) else { continue }
                let users = max(1, Int64((Double(mrr) / 5_000 * rng.double(0.7, 1.3)).rounded()))
                let sessions = Int64((Double(users) * 4 * health * fade * rng.double(0.6, 1.4)).rounded())
                let breadth = max(1, Int((Double(used.count) * fade).rounded()))
                let day = week + Int32(rng.int(0...6))
                guard day < Self.endDay && day < paid.last(where: { $0.start <= week })!.end else { continue }
                w.text(Self.id("a", account + 1, width: 6))
                w.date(day)
                w.integer(users)
                w.integer(sessions)
                w.integer(Int64((Double(sessions) * 9 * rng.double(0.7, 1.3)).rounded()))
                w.text(used[rng.int(0...breadth - 1)])
                w.endRow()
                rows += 1
            }
        }
        w.close()
        return rows
    }

    private func writeSpend(leadsBySourceMonth: [Int], reps: [Rep], folder: URL, rng: inout DemoRandom) throws -> Int {
        let w = try CSVWriter(.spend, in: folder)
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
        let w = try CSVWriter(.quotas, in: folder)
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
        let w = try CSVWriter(.forecasts, in: folder)
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
        let w = try CSVWriter(.activities, in: folder)
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
        let w = try CSVWriter(.surveys, in: folder)
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

// MARK: - Awkward mode

/// The demo spelled the way real CRM exports are: every file is read back and written again with
/// padded and mixed-case headers and values, shuffled columns, an unknown column, a BOM and CRLF
/// on some files, quoted commas, quotes and line breaks, every timestamp spelling the reader
/// accepts, and extra rows with unknown reps and accounts, daylight-saving edges and huge but
/// legal amounts; one file may be missing and another hold only its header. Everything stays
/// valid data (warnings allowed), so that the differential test (docs/testing.md) can require the
/// same report from every reader of it. A second generator drives the rewrite, so the data
/// underneath is the ordinary demo of the same seed.
extension DemoGenerator {
    /// One file as text: its header and rows.
    struct TextTable {
        var header: [String]
        var rows: [[String]] = []

        mutating func add(_ values: [String: String]) {
            precondition(Set(values.keys).isSubset(of: header), "unknown column in \(values)")
            rows.append(header.map { values[$0] ?? "" })
        }

        mutating func map(_ column: String, _ transform: (String) -> String) {
            guard let c = header.firstIndex(of: column) else { return }
            for r in rows.indices { rows[r][c] = transform(rows[r][c]) }
        }

        func value(_ row: Int, _ column: String) -> String { rows[row][header.firstIndex(of: column)!] }
    }

    /// How a column is respelled. Timestamps may be cut to their date (which can only move them
    /// earlier) or gain milliseconds (later) only where the order checks of the reader allow it.
    enum AwkwardKind {
        case text, vocabulary, date, money, hours, integer
        case timestamp(mayTruncate: Bool, mayAddFraction: Bool)
    }

    static func awkwardKind(_ column: String) -> AwkwardKind {
        switch column {
        case "created_at": .timestamp(mayTruncate: true, mayAddFraction: false)
        case "entered_at", "submitted_at", "answered_at": .timestamp(mayTruncate: true, mayAddFraction: true)
        case "closed_at", "qualified_at", "first_response_at", "converted_at":
            .timestamp(mayTruncate: false, mayAddFraction: true)
        case "hired_on", "left_on", "expected_close_on", "started_on", "ended_on", "date", "period_start",
            "period_end":
            .date
        case "amount", "mrr": .money
        case "selling_hours", "total_hours", "active_users", "sessions", "events": .hours
        case "score": .integer
        case "status", "category", "kind": .vocabulary
        default: .text
        }
    }

    /// The files the demo writes: every table but fx_rates.csv (the demo sells in one currency).
    static let demoTables = Table.allCases.filter { $0 != .fxRates }

    func rewriteAwkwardly(_ folder: URL, _ summary: inout Summary) throws {
        var rng = DemoRandom(seed: seed ^ 0xA3C5_9AC3_E1F1_0D11)
        var tables: [Table: TextTable] = [:]
        for table in Self.demoTables {
            tables[table] = try Self.readBack(folder.appendingPathComponent(table.fileName))
        }
        Self.renameAwkwardly(&tables, &rng)
        let demoRows = tables.mapValues(\.rows.count)
        Self.addAwkwardRows(&tables, &rng)
        // Exports come in any order: the extra rows first or last, some files shuffled (a reader
        // must not depend on the first row, nor on sorted rows).
        for table in Self.demoTables {
            var rows = tables[table]!.rows
            if rng.chance(0.5) { rows = Array(rows[demoRows[table]!...] + rows[..<demoRows[table]!]) }
            if rng.chance(0.25) {
                for i in stride(from: rows.count - 1, to: 0, by: -1) { rows.swapAt(i, rng.int(0...i)) }
            }
            tables[table]!.rows = rows
        }
        // Real folders lack a file or hold one that was exported empty; deals rarely, as most
        // metrics need them.
        let weights = Self.demoTables.map { $0 == .opportunities ? 0.3 : 1 }
        let missing = rng.chance(0.6) ? Self.demoTables[rng.weighted(weights)] : nil
        let headerOnly = rng.chance(0.6) ? Self.demoTables[rng.weighted(weights)] : nil
        for table in Self.demoTables {
            let url = folder.appendingPathComponent(table.fileName)
            if table == missing {
                try FileManager.default.removeItem(at: url)
                summary[table] = nil
                continue
            }
            var text = tables[table]!
            if table == headerOnly { text.rows = [] }
            summary[table] = text.rows.count
            try Data(Self.awkwardBytes(text, &rng)).write(to: url)
        }
    }

    static func readBack(_ url: URL) throws -> TextTable {
        let parser = try CSVParser(contentsOfFile: url.path)
        var fields: [FieldBytes] = []
        var table = TextTable(header: [])
        try withExtendedLifetime(parser) {
            guard try parser.next(into: &fields) else { return }
            table.header = fields.map { String(decoding: $0, as: UTF8.self) }
            while try parser.next(into: &fields) {
                table.rows.append(fields.map { String(decoding: $0, as: UTF8.self) })
            }
        }
        return table
    }

    /// Dimension values with commas, quotes, line breaks and non-ASCII letters, renamed in every
    /// file that holds them (so the data means the same); some values in another case, which
    /// makes another group; some references in another case, which makes them unknown.
    static func renameAwkwardly(_ tables: inout [Table: TextTable], _ rng: inout DemoRandom) {
        let sourceColumns: [(Table, String)] = [(.leads, "source"), (.opportunities, "source"), (.spend, "channel")]
        let renames: [([(Table, String)], String, String)] = [
            ([(.reps, "team")], "Atlas", "Atlas, West"),
            ([(.reps, "team")], "Borealis", "Boréalis"),
            (sourceColumns, "Partners", "Partners, \"VAR\""),
            (sourceColumns, "Events", "Événements"),
            ([(.accounts, "region")], "North America", "North\nAmerica"),
            ([(.accounts, "segment"), (.leads, "segment")], "Mid-Market", "Mid-Market, \"MM\""),
            ([(.opportunities, "product")], "Services", "Services & Support"),
        ]
        for (columns, from, to) in renames where rng.chance(0.7) {
            for (table, column) in columns { tables[table]!.map(column) { $0 == from ? to : $0 } }
        }
        tables[.leads]!.map("source") { $0 == "Website" && rng.chance(0.03) ? "website" : $0 }
        tables[.opportunities]!.map("product") { $0 == "Platform" && rng.chance(0.01) ? "PLATFORM" : $0 }
        tables[.leads]!.map("owner_id") { $0.hasPrefix("r") && rng.chance(0.01) ? "R" + $0.dropFirst() : $0 }
        tables[.opportunities]!.map("account_id") {
            $0.hasPrefix("a") && rng.chance(0.01) ? "A" + $0.dropFirst() : $0
        }
        let people = ["O'Brien, \"Jo\"", "Zoë \"Z\" Ünal, Jr.", "Ann\r\nMarie Lee", "  Padded   Name  ", "李 小龙"]
        tables[.reps]!.map("name") { rng.chance(0.15) ? people[rng.int(0...people.count - 1)] : $0 }
        let companies = ["Comma, Quote \"Q\" & Newline\nLtd", "Müller GmbH, Köln", "\"The\" Company", "Tab\tInc"]
        tables[.accounts]!.map("name") { rng.chance(0.05) ? companies[rng.int(0...companies.count - 1)] : $0 }
    }

    /// Local wall-clock times and dates next to daylight-saving changes (New York, Berlin,
    /// Santiago, whose midnights are skipped or repeated) and next to period boundaries, each
    /// with a time for the columns that follow it that is not earlier in any zone: a local time
    /// and an instant are more than 14 hours apart, and a time just after a skipped hour is not
    /// paired with one inside it (which moves forward past it).
    static let edgeTimes: [(String, String)] = [
        ("2024-03-10T01:45", "2024-03-10T02:15"), ("2024-03-10 02:00:00", "2024-03-10T03:00"),
        ("2024-11-03T01:10", "2024-11-03T01:50"), ("2024-11-03T00:59:59", "2024-11-03 01:00"),
        ("2024-03-31T01:59", "2024-03-31T02:01"), ("2024-10-27T02:30:00.5", "2024-10-27T02:59:59.999"),
        ("2024-09-07T23:30", "2024-09-08"), ("2024-09-08", "2024-09-08T00:30"),
        ("2024-04-06T23:30", "2024-04-06T23:45"), ("2024-04-07", "2024-04-07T00:00:01"),
        ("2023-09-03", "2023-09-03T12:00"), ("2025-09-07", "2025-09-07 00:00"), ("2025-04-06", "2025-04-06T01:00"),
        ("2024-03-31T23:30", "2024-04-01"), ("2024-04-01T00:00:00-04:00", "2024-04-01T04:00:00Z"),
        ("2024-03-31T23:59:59.999Z", "2024-04-01T00:00:00.000z"), ("2024-12-31T23:59:59.9999999", "2025-01-01"),
        ("2024-12-30", "2024-12-31T08:00+0100"), ("2023-01-01", "2023-01-02"),
        ("2025-12-31T23:30:00-05:00", "2026-01-01T05:00:00+00:00"), ("2024-02-29T12:00+0530", "2024-02-29T12:00Z"),
        ("2024-06-30T22:00:00-0200", "2024-07-01T00:00:00.001Z"), ("2023-03-12T02:59:59", "2023-03-12T04:00"),
        ("2025-03-09T02:00", "2025-03-09T02:30:00,25"), ("2025-11-02T01:59", "2025-11-02T01:59:30"),
        ("2023-11-05", "2023-11-05T01:30"), ("2024-07-01T00:00:00Z", "2024-07-01T04:00:00Z"),
        ("2023-12-31T19:00:00-05:00", "2024-01-01T00:00:00Z"),
    ]

    static func addAwkwardRows(_ tables: inout [Table: TextTable], _ rng: inout DemoRandom) {
        let teams = tables[.reps]!.rows.indices.map { tables[.reps]!.value($0, "team") }
        let sources = Array(
            Set(tables[.opportunities]!.rows.indices.map { tables[.opportunities]!.value($0, "source") })
        )
        .sorted()
        let segments = Array(Set(tables[.leads]!.rows.indices.map { tables[.leads]!.value($0, "segment") })).sorted()
        func pick(_ values: [String]) -> String { values[rng.int(0...values.count - 1)] }
        // Known, unknown, differently cased and empty references.
        let owners = ["r0001", "r0002", "r9999", "R0001", "", "r0003"]
        let accounts = ["a000001", "a000002", "a9999999", "A000001", "", "a9000001", "a9000003"]

        tables[.reps]!.add([
            "rep_id": "r9001", "name": "Zoë \"Z\" Ünal, Jr.", "hired_on": "2024-03-10", "left_on": "2024-03-11",
        ])
        tables[.reps]!.add(["rep_id": "r9002", "name": "Ann\r\nMarie", "team": teams[0]])
        tables[.accounts]!.add(["account_id": "a9000001", "name": "Comma, Quote \"Q\" & Newline\nLtd"])
        // Referenced by nothing: its segment and region are no group of a breakdown.
        tables[.accounts]!.add([
            "account_id": "a9000002", "name": "Unused", "segment": "Public Sector", "region": "Antarctica",
        ])
        tables[.accounts]!.add([
            "account_id": "a9000003", "name": "Huge Corp", "segment": "smb", "region": "EMEA", "industry": "Finance",
        ])

        for (i, (at, later)) in edgeTimes.enumerated() {
            tables[.leads]!.add([
                "lead_id": id("l9", i, width: 6), "created_at": at, "source": pick(sources), "owner_id": pick(owners),
                "segment": pick(segments), "qualified_at": i % 3 == 0 ? later : "",
                "first_response_at": i % 4 == 3 ? "" : later, "converted_at": i % 5 == 0 ? later : "",
                "account_id": pick(accounts),
            ])
            let status = ["Won", "LOST", " open ", "wOn"][i % 4]
            tables[.opportunities]!.add([
                "opportunity_id": id("o9", i, width: 6), "account_id": pick(accounts), "owner_id": pick(owners),
                "created_at": at, "status": status, "closed_at": status.contains("pen") ? "" : later,
                "amount": ["1250.5", "0", "0.01", "98000"][i % 4], "stage": "Negotiation",
                "expected_close_on": String(later.prefix(10)), "source": pick(sources), "product": "Platform",
            ])
            tables[.stageHistory]!.add([
                "opportunity_id": id("o9", i, width: 6), "stage": "Discovery", "entered_at": at,
            ])
            tables[.surveys]!.add([
                "response_id": id("n9", i, width: 6), "answered_at": later, "score": String(i % 11),
                "kind": i % 3 == 0 ? " EMPLOYEE " : "Customer", "account_id": i % 3 == 0 ? "" : pick(accounts),
            ])
        }
        // Huge but legal amounts (15 integer digits), few enough that every sum stays meaningful;
        // a deal closed the instant it opened (a zero cycle); a deal open across many periods.
        for (i, amount) in ["999999999999999.99", "500000000000000", "123456789012345.67"].enumerated() {
            tables[.opportunities]!.add([
                "opportunity_id": id("o8", i, width: 6), "account_id": "a9000003", "owner_id": "r0001",
                "created_at": "2024-05-0\(i + 1)T09:00:00Z", "status": "Won",
                "closed_at": "2024-05-2\(i)T17:00:00+02:00", "amount": amount, "expected_close_on": "2024-05-31",
                "source": pick(sources), "product": "Platform",
            ])
        }
        tables[.opportunities]!.add([
            "opportunity_id": "o8000003", "owner_id": "r0002", "created_at": "2024-08-14T10:00:00Z",
            "status": "won", "closed_at": "2024-08-14T10:00:00Z", "amount": "4200",
        ])
        tables[.opportunities]!.add([
            "opportunity_id": "o8000004", "account_id": "a9999999", "owner_id": "r9999",
            "created_at": "2024-06-01T00:00:00Z", "status": "OPEN", "amount": "400000000000000.5",
            "expected_close_on": "2024-07-15", "source": pick(sources),
        ])

        let subscriptions: [[String: String]] = [
            ["account_id": "a9999999", "mrr": "1500", "started_on": "2024-03-10"],
            ["account_id": "a9000003", "mrr": "12345678901.23", "started_on": "2024-06-01", "ended_on": "2024-09-01"],
            ["account_id": "a9000003", "mrr": "0", "started_on": "2024-05-15", "ended_on": "2024-06-01"],
            ["account_id": "a000001", "mrr": "99.99", "started_on": "2024-02-29", "ended_on": "2024-12-31"],
            ["account_id": "a9000001", "mrr": "250.5", "started_on": "2024-09-08"],
            ["account_id": "A000002", "mrr": "10", "started_on": "2023-11-05", "ended_on": "2023-11-06"],
        ]
        for (i, row) in subscriptions.enumerated() {
            tables[.subscriptions]!.add(row.merging(["subscription_id": id("s9", i, width: 6)]) { a, _ in a })
        }
        tables[.spend]!.add([
            "date": "2024-03-10", "category": "  MARKETING ", "channel": "Podcasts", "amount": "123.45",
        ])
        tables[.spend]!.add(["date": "2024-06-15", "category": "Sales", "amount": "999999999999999.99"])
        tables[.spend]!.add(["date": "2024-01-01", "category": "mArKeTiNg", "channel": pick(sources), "amount": "0"])
        let quotas: [[String: String]] = [
            ["rep_id": "r9999", "period_start": "2024-04-01", "period_end": "2024-06-30", "amount": "900000000000000"],
            ["rep_id": "r0001", "period_start": "2024-05-15", "period_end": "2024-08-14", "amount": "25000.5"],
            ["rep_id": "r0002", "period_start": "2024-02-29", "period_end": "2024-02-29", "amount": "1000"],
        ]
        for row in quotas { tables[.quotas]!.add(row) }
        // Forecasts whose winner depends on the report's time zone (a local and a UTC submission),
        // a tie (the later row wins), an empty submission, and ranges of fiscal quarters, a year
        // and an ISO week.
        let forecasts: [[String: String]] = [
            [
                "period_start": "2024-05-01", "period_end": "2024-05-31", "amount": "350000",
                "submitted_at": "2024-05-20T09:00",
            ],
            [
                "period_start": "2024-05-01", "period_end": "2024-05-31", "amount": "410000",
                "submitted_at": "2024-05-20T12:00:00Z",
            ],
            [
                "period_start": "2024-06-01", "period_end": "2024-06-30", "amount": "300000",
                "submitted_at": "2024-06-25T10:00:00+02:00",
            ],
            [
                "period_start": "2024-06-01", "period_end": "2024-06-30", "amount": "333333.33",
                "submitted_at": "2024-06-25T08:00:00Z",
            ],
            ["period_start": "2024-07-01", "period_end": "2024-07-31", "amount": "1"],
            [
                "period_start": "2024-02-01", "period_end": "2024-04-30", "amount": "900000",
                "submitted_at": "2024-01-20T09:00",
            ],
            ["period_start": "2024-01-01", "period_end": "2024-12-31", "amount": "5000000"],
            [
                "period_start": "2024-02-01", "period_end": "2025-01-31", "amount": "5100000",
                "submitted_at": "2024-01-02",
            ],
            [
                "period_start": "2024-03-04", "period_end": "2024-03-10", "amount": "20000",
                "submitted_at": "2024-03-01",
            ],
            [
                "period_start": "2024-05-01", "period_end": "2024-05-31", "amount": "999", "rep_id": "r0001",
                "submitted_at": "2024-05-30T00:00:00Z",
            ],
        ]
        for row in forecasts { tables[.forecasts]!.add(row) }
        let activities: [[String: String]] = [
            [
                "rep_id": "r0001", "date": "2024-03-10", "selling_hours": "123456789.5",
                "total_hours": "999999999.999999",
            ],
            ["rep_id": "r9999", "date": "2024-04-01", "selling_hours": "1.0000005", "total_hours": "2.4999994"],
            ["rep_id": "r0002", "date": "2024-05-05", "selling_hours": "8", "total_hours": "8.000"],
        ]
        for row in activities { tables[.activities]!.add(row) }
    }

    // MARK: Spelling

    static func awkwardBytes(_ table: TextTable, _ rng: inout DemoRandom) -> [UInt8] {
        var order = Array(table.header.indices)
        if rng.chance(0.4) {
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.int(0...i)) }
        }
        // An unknown column (ignored with a warning) carrying the nastiest text.
        let notesAt = rng.chance(0.4) ? rng.int(0...order.count) : nil
        let lineEnds = rng.int(0...2)  // LF, CRLF, or both mixed
        let blankLines = rng.chance(0.3)
        var out: [UInt8] = rng.chance(0.5) ? [0xEF, 0xBB, 0xBF] : []
        func endLine(_ rng: inout DemoRandom) {
            if lineEnds == 1 || (lineEnds == 2 && rng.chance(0.5)) { out.append(13) }
            out.append(10)
        }
        func fields(_ values: [String], _ rng: inout DemoRandom) {
            for (i, value) in values.enumerated() {
                if i > 0 { out.append(44) }
                out += value.utf8
            }
        }
        var names = order.map { awkwardName(table.header[$0], &rng) }
        if let notesAt { names.insert(awkwardName("notes", &rng), at: notesAt) }
        fields(names, &rng)
        let noFinalLineEnd = rng.chance(0.3)
        for (r, row) in table.rows.enumerated() {
            endLine(&rng)
            if blankLines && rng.chance(0.02) { endLine(&rng) }
            // A local row spells all its timestamps without offset, so that their order holds in
            // every zone; rows with spellings of their own (the extra rows) keep them.
            let ownSpellings = row.indices.contains { c in
                if case .timestamp = awkwardKind(table.header[c]) { return !isDemoInstant(row[c]) && !row[c].isEmpty }
                return false
            }
            let local = rng.chance(0.2) && !ownSpellings
            var values = order.map { respell(row[$0], awkwardKind(table.header[$0]), local: local, &rng) }
            if let notesAt { values.insert(quoted(rng.chance(0.2) ? note(r, &rng) : "", &rng), at: notesAt) }
            fields(values, &rng)
        }
        if !noFinalLineEnd || table.rows.isEmpty { endLine(&rng) }
        return out
    }

    static let notes = [
        "Called twice, no answer", "He said \"call me back\"", "line one\nline two", "\"quoted\", with comma",
        "Ünïcødé ✓ 日本", "=SUM(A1:A2)", "x\r\ny", "  trailing spaces  ",
    ]

    static func note(_ row: Int, _ rng: inout DemoRandom) -> String { notes[rng.int(0...notes.count - 1)] }

    static func awkwardName(_ name: String, _ rng: inout DemoRandom) -> String {
        var text = name
        if rng.chance(0.5) {
            text = String(text.map { rng.chance(0.3) ? Character($0.uppercased()) : $0 })
        }
        if rng.chance(0.3) { text = pad(&rng) + text + pad(&rng) }
        return rng.chance(0.1) ? quoted(text, force: true, &rng) : quoted(text, &rng)
    }

    static func pad(_ rng: inout DemoRandom) -> String {
        String((0..<rng.int(1...3)).map { _ in rng.chance(0.7) ? " " : "\t" })
    }

    /// A field's text: quoted when it must be (or sometimes anyway), padded with spaces and tabs
    /// inside the quotes or around an unquoted value, and with spaces after a closing quote.
    /// Never before an opening quote: RFC 4180 has no such field, and other readers refuse it.
    static func quoted(_ value: String, force: Bool = false, _ rng: inout DemoRandom) -> String {
        let must = value.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        var text = value
        if rng.chance(0.12) { text = pad(&rng) + text + pad(&rng) }
        guard must || force || rng.chance(0.06) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" + (rng.chance(0.2) ? " " : "")
    }

    static func respell(_ value: String, _ kind: AwkwardKind, local: Bool, _ rng: inout DemoRandom) -> String {
        guard !value.isEmpty else { return quoted(rng.chance(0.05) ? pad(&rng) : "", force: rng.chance(0.05), &rng) }
        var text = value
        switch kind {
        case .text, .date: break
        case .vocabulary:
            if rng.chance(0.6) { text = String(text.map { rng.chance(0.5) ? Character($0.uppercased()) : $0 }) }
        case .integer:
            if rng.chance(0.15) { text = "0" + text }
        case .money: text = respellMoney(text, &rng)
        case .hours: text = respellHours(text, &rng)
        case .timestamp(let mayTruncate, let mayAddFraction):
            text = respellInstant(text, local: local, truncate: mayTruncate, addFraction: mayAddFraction, &rng)
        }
        return quoted(text, &rng)
    }

    /// Trailing zeros and leading zeros, keeping to 15 integer digits.
    static func respellMoney(_ text: String, _ rng: inout DemoRandom) -> String {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.allSatisfy({ $0.allSatisfy(\.isNumber) }), parts.count <= 2 else { return text }
        var integer = String(parts[0])
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        if rng.chance(0.3) && fraction.count < 2 {
            fraction += String(repeating: "0", count: rng.int(1...2 - fraction.count))
        }
        if rng.chance(0.15) && integer.count < 15 {
            integer = String(repeating: "0", count: rng.int(1...15 - integer.count)) + integer
        }
        return fraction.isEmpty ? integer : integer + "." + fraction
    }

    /// Trailing zeros up to six decimals, or seven decimals that round to the same millionth.
    static func respellHours(_ text: String, _ rng: inout DemoRandom) -> String {
        guard let micros = Array(text.utf8).withUnsafeBufferPointer({ FieldParsers.micros($0) }) else { return text }
        let r = rng.unit()
        if r < 0.2 {
            let below = micros - 1
            guard below >= 0 else { return "0.0000004" }
            return decimal(below, 6) + String(rng.int(5...9))
        } else if r < 0.5 {
            return decimal(micros, 6)
        }
        return text
    }

    /// `value / 10^digits` with all its decimals.
    static func decimal(_ value: Int64, _ digits: Int) -> String {
        var divisor: Int64 = 1
        for _ in 0..<digits { divisor *= 10 }
        let fraction = String(value % divisor)
        return "\(value / divisor)." + String(repeating: "0", count: digits - fraction.count) + fraction
    }

    /// Whether `text` is spelled as the demo writes instants, `YYYY-MM-DDTHH:MM:SSZ`.
    static func isDemoInstant(_ text: String) -> Bool { text.utf8.count == 20 && text.hasSuffix("Z") }

    static let offsets = [
        -720, -600, -570, -480, -300, -240, -210, -180, -60, 60, 120, 180, 270, 330, 345, 480, 525, 540, 570, 600, 765,
        840,
    ]

    /// Respells a demo instant (`YYYY-MM-DDTHH:MM:SSZ`): `Z`/`z`, an offset with or without a
    /// colon, `T` or a space, seconds and fractions or not; in a `local` row, the same digits
    /// without an offset (local time in the report zone). Other spellings are kept.
    static func respellInstant(
        _ text: String, local: Bool, truncate: Bool, addFraction: Bool, _ rng: inout DemoRandom
    ) -> String {
        guard isDemoInstant(text),
            var ms = Array(text.utf8).withUnsafeBufferPointer({ FieldParsers.timestamp($0) })?.value
        else { return text }
        if addFraction && rng.chance(0.15) { ms += Int64(rng.int(1...999)) }
        // Only in a local row: a local midnight next to instants could fall after them in zones
        // west of UTC.
        if truncate && local && rng.chance(0.2) { return String(text.prefix(10)) }
        var offset = 0
        var suffix = ""
        if !local {
            switch rng.int(0...9) {
            case 0...2: suffix = "Z"
            case 3: suffix = "z"
            case 4...8:
                offset = offsets[rng.int(0...offsets.count - 1)]
                let magnitude = abs(offset)
                let hours = (magnitude / 60 < 10 ? "0" : "") + String(magnitude / 60)
                let minutes = (magnitude % 60 < 10 ? "0" : "") + String(magnitude % 60)
                suffix = (offset < 0 ? "-" : "+") + hours + (rng.chance(0.5) ? ":" : "") + minutes
            default: suffix = rng.chance(0.5) ? "+00:00" : "-0000"
            }
        }
        let wall = ms + Int64(offset) * 60_000
        let day = Int32(wall.dividedRoundingDown(by: Timestamp.msPerDay))
        let inDay = Int(wall - Int64(day) * Timestamp.msPerDay)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var time = two(inDay / 3_600_000) + ":" + two(inDay / 60_000 % 60)
        let seconds = inDay / 1000 % 60
        let millis = inDay % 1000
        if seconds != 0 || millis != 0 || rng.chance(0.6) {
            time += ":" + two(seconds)
            let separator = rng.chance(0.1) ? "," : "."
            if millis != 0 {
                let digits = String(millis)
                time += separator + String(repeating: "0", count: 3 - digits.count) + digits
                // Digits past the millisecond are dropped, not rounded.
                if rng.chance(0.3) { time += String(rng.int(0...9_999)) }
            } else if rng.chance(0.1) {
                time += separator + String(repeating: "0", count: rng.int(1...6))
            }
        }
        return CivilDate.format(day) + (rng.chance(0.7) ? "T" : " ") + time + suffix
    }
}

extension CSVWriter {
    /// A dataset file in `folder`, headed by its table's columns (TableSchema), in their order;
    /// the demo company sells in one currency, so without `currency`.
    convenience init(_ table: Table, in folder: URL) throws {
        try self.init(
            url: folder.appendingPathComponent(table.fileName),
            header: TableSchema.columns(table).map(\.name).filter { $0 != "currency" })
    }
}
