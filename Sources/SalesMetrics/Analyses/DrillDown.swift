/// The records behind a metric's number: which rows of which table a period's value counts.
/// The selections follow SPEC §3's notation (won(P), leads(P), open_at(P.end), …), so the
/// number of rows a drill-down lists equals the count the metric is built from.
public enum DrillDown {
    /// The set of rows a metric counts.
    public enum Selection: Sendable, Equatable {
        case leadsCreated, leadsQualified, leadsResponded
        case won, closed, opportunitiesCreated, openAtEnd, expectedToClose

        public var table: Table {
            switch self {
            case .leadsCreated, .leadsQualified, .leadsResponded: .leads
            default: .opportunities
            }
        }

        /// What the rows are, for people.
        public var description: String {
            switch self {
            case .leadsCreated: "Leads created in the period"
            case .leadsQualified: "Leads created in the period that are qualified"
            case .leadsResponded: "Leads created in the period that got a first response"
            case .won: "Deals won in the period"
            case .closed: "Deals closed (won or lost) in the period"
            case .opportunitiesCreated: "Opportunities created in the period"
            case .openAtEnd: "Deals open at the end of the period"
            case .expectedToClose: "Deals expected to close in the period"
            }
        }
    }

    /// Indices (file order) of the selected rows in the period labelled `period` of the
    /// report's grid, keeping only the rows of one group when `group` is given.
    public static func rows(
        _ selection: Selection, in dataset: Dataset, options: ReportOptions, period label: String,
        group: (dimension: Breakdown, key: String)? = nil
    ) -> [Int] {
        guard let zone = options.zone else { return [] }
        let grid = PeriodGrid(
            calendar: PeriodCalendar(grain: options.grain, fiscalYearStartMonth: options.fiscalYearStartMonth),
            from: options.from, to: options.to, zone: zone)
        guard let period = grid.periods.first(where: { $0.label == label }) else { return [] }
        let times = ResolvedTimes(dataset, zone: zone)
        let inGroup = groupFilter(dataset, table: selection.table, group: group)
        func inP(_ t: Int64) -> Bool { t != Timestamp.none && period.start <= t && t < period.end }
        var out: [Int] = []
        switch selection.table {
        case .leads:
            guard let leads = dataset.leads else { return [] }
            for i in 0..<times.leadCreated.count where inP(times.leadCreated[i]) && inGroup(i) {
                switch selection {
                case .leadsQualified: if leads.qualifiedAt.values[i] == Timestamp.none { continue }
                case .leadsResponded: if leads.firstResponseAt.values[i] == Timestamp.none { continue }
                default: break
                }
                out.append(i)
            }
        default:
            guard let opps = dataset.opportunities else { return [] }
            for i in 0..<opps.status.count where inGroup(i) {
                let status = opps.status[i]
                let closed = times.oppClosed[i]
                let keep: Bool
                switch selection {
                case .won: keep = status == .won && inP(closed)
                case .closed: keep = status != .open && inP(closed)
                case .opportunitiesCreated: keep = inP(times.oppCreated[i])
                case .openAtEnd:
                    keep = times.oppCreated[i] < period.end && (closed == Timestamp.none || closed >= period.end)
                case .expectedToClose:
                    let day = opps.expectedCloseOn[i]
                    keep = day != CivilDate.none && period.firstDay <= day && day < period.endDay
                default: keep = false
                }
                if keep { out.append(i) }
            }
        }
        return out
    }

    /// Whether row `i` of the table lies in the group (the breakdown's own mapping, so
    /// `(none)` and team-of-owner work exactly as in reports).
    static func groupFilter(_ d: Dataset, table: Table, group: (dimension: Breakdown, key: String)?)
        -> (Int) -> Bool
    {
        guard let group else { return { _ in true } }
        let mapping = GroupMapping.breakdown(d, by: group.dimension)
        guard let code = mapping.keys.firstIndex(of: group.key),
            let column = table == .leads ? mapping.leads : mapping.opportunities
        else { return { _ in false } }
        return { column[$0] == Int32(code) }
    }
}

extension DrillDown {
    /// The selected rows as a table for people: ids and names, local dates, amounts in cents.
    public struct Records: Sendable, Equatable {
        public var columns: [String]
        public var rows: [[String]]
        /// Cents of each row's amount (opportunities), for totals.
        public var amounts: [Int64]
    }

    /// Owners and accounts by name where `names` has one, else by id.
    public static func records(
        _ rows: [Int], of table: Table, in d: Dataset, zone: ZoneRules, currency: String, names: DisplayNames? = nil
    ) -> Records {
        func rep(_ code: Int32) -> String { names?.rep(code, ids: d.repIds) ?? d.repIds[code] ?? "" }
        func account(_ code: Int32) -> String { names?.account(code, ids: d.accountIds) ?? d.accountIds[code] ?? "" }
        func day(_ column: TimestampColumn, _ i: Int) -> String {
            let t = column.values[i]
            if t == Timestamp.none { return "" }
            let instant = column.isLocal.isEmpty || !column.isLocal[i] ? t : zone.instant(fromLocal: t)
            return CivilDate.format(
                Int32((instant + zone.offset(atInstant: instant)).dividedRoundingDown(by: Timestamp.msPerDay)))
        }
        if table == .leads, let leads = d.leads {
            return Records(
                columns: ["Created", "Owner", "Source", "Segment", "Qualified", "First response", "Converted"],
                rows: rows.map { i in
                    [
                        day(leads.createdAt, i), rep(leads.owner[i]), d.sources[leads.source[i]] ?? "",
                        d.segments[leads.segment[i]] ?? "", day(leads.qualifiedAt, i), day(leads.firstResponseAt, i),
                        day(leads.convertedAt, i),
                    ]
                }, amounts: [])
        }
        guard let o = d.opportunities else { return Records(columns: [], rows: [], amounts: []) }
        return Records(
            columns: [
                "Opportunity", "Account", "Owner", "Created", "Closed", "Status", "Stage", "Source", "Product",
                "Amount",
            ],
            rows: rows.map { i in
                [
                    d.opportunityIds[o.id[i]] ?? "", account(o.account[i]), rep(o.owner[i]),
                    day(o.createdAt, i), day(o.closedAt, i), ["open", "won", "lost"][Int(o.status[i].rawValue)],
                    d.stages[o.stage[i]] ?? "", d.sources[o.source[i]] ?? "", d.products[o.product[i]] ?? "",
                    ValueFormat.humanMoney(Int128(o.amount[i]), currency: currency),
                ]
            }, amounts: rows.map { o.amount[$0] })
    }
}
