/// A whole dataset in memory, as columns (struct of arrays).
///
/// Rows keep file order. Ids and dimension values are `Int32` codes into the
/// shared dictionaries below, so every table that names a rep uses the same
/// code for it and lookups are array reads. A table is `nil` when its file is
/// missing, which makes the metrics that read it `null` (SPEC §8.3).
public struct Dataset: Sendable {
    // Shared dictionaries.
    public var repIds = StringCodes()
    public var accountIds = StringCodes()
    public var opportunityIds = StringCodes()
    public var teams = StringCodes()
    public var sources = StringCodes()
    public var segments = StringCodes()
    public var regions = StringCodes()
    public var products = StringCodes()
    public var stages = StringCodes()

    public var reps: Reps?
    public var accounts: Accounts?
    public var leads: Leads?
    public var opportunities: Opportunities?
    public var stageHistory: StageHistory?
    public var subscriptions: Subscriptions?
    public var spend: Spend?
    public var quotas: Quotas?
    public var forecasts: Forecasts?
    public var activities: Activities?
    public var surveys: Surveys?
    public var usage: Usage?

    public init() {}

    public func has(_ table: Table) -> Bool {
        switch table {
        case .reps: reps != nil
        case .accounts: accounts != nil
        case .leads: leads != nil
        case .opportunities: opportunities != nil
        case .stageHistory: stageHistory != nil
        case .subscriptions: subscriptions != nil
        case .spend: spend != nil
        case .quotas: quotas != nil
        case .forecasts: forecasts != nil
        case .activities: activities != nil
        case .surveys: surveys != nil
        case .usage: usage != nil
        case .fxRates: false
        }
    }

    public func rowCount(_ table: Table) -> Int {
        switch table {
        case .reps: reps?.id.count ?? 0
        case .accounts: accounts?.id.count ?? 0
        case .leads: leads?.createdAt.count ?? 0
        case .opportunities: opportunities?.createdAt.count ?? 0
        case .stageHistory: stageHistory?.enteredAt.count ?? 0
        case .subscriptions: subscriptions?.account.count ?? 0
        case .spend: spend?.date.count ?? 0
        case .quotas: quotas?.rep.count ?? 0
        case .forecasts: forecasts?.amount.count ?? 0
        case .activities: activities?.rep.count ?? 0
        case .surveys: surveys?.answeredAt.count ?? 0
        case .usage: usage?.account.count ?? 0
        case .fxRates: 0
        }
    }

    /// Team code of every rep code (`-1` when unknown or without team).
    public func teamOfRep() -> [Int32] {
        var out = [Int32](repeating: StringCodes.none, count: repIds.count)
        if let reps { for i in reps.id.indices { out[Int(reps.id[i])] = reps.team[i] } }
        return out
    }

    /// Segment and region codes of every account code (`-1` when unknown or empty).
    public func accountDimensions() -> (segment: [Int32], region: [Int32]) {
        var segment = [Int32](repeating: StringCodes.none, count: accountIds.count)
        var region = segment
        if let accounts {
            for i in accounts.id.indices {
                segment[Int(accounts.id[i])] = accounts.segment[i]
                region[Int(accounts.id[i])] = accounts.region[i]
            }
        }
        return (segment, region)
    }
}

public struct Reps: Sendable {
    public var id: [Int32] = []
    public var name: [String] = []
    public var team: [Int32] = []
    public var hiredOn: [Int32] = []
    /// `CivilDate.never` when still employed.
    public var leftOn: [Int32] = []
    public init() {}
}

public struct Accounts: Sendable {
    public var id: [Int32] = []
    public var name: [String] = []
    public var segment: [Int32] = []
    public var region: [Int32] = []
    public var industry: [String] = []
    /// The file's extra columns (docs/data-format.md, "Attributes").
    public var attributes = AttributeColumns()
    /// Sizes every column once (rows are appended while reading).
    public mutating func reserveCapacity(_ n: Int) {
        id.reserveCapacity(n)
        name.reserveCapacity(n)
        segment.reserveCapacity(n)
        region.reserveCapacity(n)
        industry.reserveCapacity(n)
    }

    public init() {}
}

public struct Leads: Sendable {
    /// `lead_id`, unique (empty in datasets built in code without ids).
    public var id: [String] = []
    /// The `account_id` link (a code into `Dataset.accountIds`), `-1` when empty; an empty
    /// column when no lead has one in a dataset built in code.
    public var account: [Int32] = []
    public var createdAt = TimestampColumn()
    public var qualifiedAt = TimestampColumn()
    public var firstResponseAt = TimestampColumn()
    public var convertedAt = TimestampColumn()
    public var source: [Int32] = []
    public var owner: [Int32] = []
    public var segment: [Int32] = []
    /// The file's extra columns (docs/data-format.md, "Attributes").
    public var attributes = AttributeColumns()
    /// Sizes every column once (rows are appended while reading).
    public mutating func reserveCapacity(_ n: Int) {
        id.reserveCapacity(n)
        account.reserveCapacity(n)
        createdAt.reserveCapacity(n)
        qualifiedAt.reserveCapacity(n)
        firstResponseAt.reserveCapacity(n)
        convertedAt.reserveCapacity(n)
        source.reserveCapacity(n)
        owner.reserveCapacity(n)
        segment.reserveCapacity(n)
    }

    public init() {}
}

public enum DealStatus: UInt8, Sendable {
    case open = 0, won = 1, lost = 2
}

public struct Opportunities: Sendable {
    public var id: [Int32] = []
    public var account: [Int32] = []
    public var owner: [Int32] = []
    public var createdAt = TimestampColumn()
    public var closedAt = TimestampColumn()
    public var status: [DealStatus] = []
    /// Minor units.
    public var amount: [Int64] = []
    public var stage: [Int32] = []
    public var expectedCloseOn: [Int32] = []
    public var source: [Int32] = []
    public var product: [Int32] = []
    /// Sizes every column once (rows are appended while reading).
    public mutating func reserveCapacity(_ n: Int) {
        id.reserveCapacity(n)
        account.reserveCapacity(n)
        owner.reserveCapacity(n)
        createdAt.reserveCapacity(n)
        closedAt.reserveCapacity(n)
        status.reserveCapacity(n)
        amount.reserveCapacity(n)
        stage.reserveCapacity(n)
        expectedCloseOn.reserveCapacity(n)
        source.reserveCapacity(n)
        product.reserveCapacity(n)
    }

    public init() {}
}

public struct StageHistory: Sendable {
    public var opportunity: [Int32] = []
    public var stage: [Int32] = []
    public var enteredAt = TimestampColumn()
    /// Sizes every column once (rows are appended while reading).
    public mutating func reserveCapacity(_ n: Int) {
        opportunity.reserveCapacity(n)
        stage.reserveCapacity(n)
        enteredAt.reserveCapacity(n)
    }

    public init() {}
}

public struct Subscriptions: Sendable {
    public var account: [Int32] = []
    public var mrr: [Int64] = []
    public var startedOn: [Int32] = []
    /// `CivilDate.never` when still active.
    public var endedOn: [Int32] = []
    /// Sizes every column once (rows are appended while reading).
    public mutating func reserveCapacity(_ n: Int) {
        account.reserveCapacity(n)
        mrr.reserveCapacity(n)
        startedOn.reserveCapacity(n)
        endedOn.reserveCapacity(n)
    }

    public init() {}
}

public enum SpendCategory: UInt8, Sendable {
    case marketing = 0, sales = 1
}

public struct Spend: Sendable {
    public var date: [Int32] = []
    public var category: [SpendCategory] = []
    public var channel: [Int32] = []
    public var amount: [Int64] = []
    public init() {}
}

public struct Quotas: Sendable {
    public var rep: [Int32] = []
    public var periodStart: [Int32] = []
    public var periodEnd: [Int32] = []
    public var amount: [Int64] = []
    public init() {}
}

public struct Forecasts: Sendable {
    public var periodStart: [Int32] = []
    public var periodEnd: [Int32] = []
    public var amount: [Int64] = []
    public var rep: [Int32] = []
    public var submittedAt = TimestampColumn()
    public init() {}
}

public struct Activities: Sendable {
    public var rep: [Int32] = []
    public var date: [Int32] = []
    /// Hours in millionths (exact sums, so ratios don't depend on row order).
    public var sellingHours: [Int64] = []
    public var totalHours: [Int64] = []
    /// Sizes every column once (rows are appended while reading).
    public mutating func reserveCapacity(_ n: Int) {
        rep.reserveCapacity(n)
        date.reserveCapacity(n)
        sellingHours.reserveCapacity(n)
        totalHours.reserveCapacity(n)
    }

    public init() {}
}

public enum SurveyKind: UInt8, Sendable {
    case customer = 0, employee = 1
}

public struct Surveys: Sendable {
    public var answeredAt = TimestampColumn()
    public var score: [UInt8] = []
    public var kind: [SurveyKind] = []
    public var account: [Int32] = []
    /// Sizes every column once (rows are appended while reading).
    public mutating func reserveCapacity(_ n: Int) {
        answeredAt.reserveCapacity(n)
        score.reserveCapacity(n)
        kind.reserveCapacity(n)
        account.reserveCapacity(n)
    }

    public init() {}
}

/// Product use (usage.csv): per account and day, any of active users, sessions and events, and
/// optionally the feature used.
public struct Usage: Sendable {
    public var account: [Int32] = []
    public var date: [Int32] = []
    /// Millionths; `-1` when empty (the file has no such column, or the row no value).
    public var activeUsers: [Int64] = []
    public var sessions: [Int64] = []
    public var events: [Int64] = []
    /// A code into `features`, `-1` when empty.
    public var feature: [Int32] = []
    /// The features named, as written.
    public var features = StringCodes()

    /// Sizes every column once (rows are appended while reading).
    public mutating func reserveCapacity(_ n: Int) {
        account.reserveCapacity(n)
        date.reserveCapacity(n)
        activeUsers.reserveCapacity(n)
        sessions.reserveCapacity(n)
        events.reserveCapacity(n)
        feature.reserveCapacity(n)
    }

    public init() {}
}
