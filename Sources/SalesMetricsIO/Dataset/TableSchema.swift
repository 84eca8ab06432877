import SalesMetrics

/// What a column's values are (docs/data-format.md, "Value types" and "Bounds").
public enum ColumnType: Sendable, Equatable {
    case text, date, timestamp, money, hours
    /// An ISO 4217 code (three letters, any case).
    case currency
    /// An exchange rate: a decimal above 0 with up to 10 decimals, below 1,000,000.
    case rate
    /// A decimal of 0 or more with up to 6 decimals, below 1,000,000,000 (usage counts).
    case quantity
    /// A whole number in a range (`score`: 0–10).
    case integer(ClosedRange<Int>)
    /// One of these words, case-insensitive.
    case choice([String])

    /// The type as the data format reference writes it.
    public var documentation: String {
        switch self {
        case .text: "text"
        case .date: "date"
        case .timestamp: "timestamp"
        case .money: "money"
        case .hours: "number (hours)"
        case .quantity: "number"
        case .currency: "currency code"
        case .rate: "decimal (rate)"
        case .integer(let range): "integer \(range.lowerBound)–\(range.upperBound)"
        case .choice(let words): words.map { "`\($0)`" }.joined(separator: ", ")
        }
    }
}

extension Table {
    /// The files whose amounts may be in another currency (a `currency` column; SPEC §1).
    public static let moneyTables: [Table] = [.opportunities, .subscriptions, .spend, .quotas, .forecasts]
}

/// A column of a file's schema.
public struct ColumnSpec: Sendable, Equatable {
    public let name: String
    public let required: Bool
    public let type: ColumnType
    /// What the column holds, for the data format reference.
    public let meaning: String
}

/// The columns of every dataset file (SPEC §1), in one place: their order (the one the reader
/// numbers them by, the stores create and the demo writes), whether each is required, its type
/// and what it means. The stores' tables, the API's filters and bodies, the demo's headers and the
/// file reference in docs/data-format.md are all made from this list.
public enum TableSchema {
    public static func columns(_ table: Table) -> [ColumnSpec] {
        switch table {
        case .reps:
            [
                col("rep_id", true, meaning: "sales rep"), col("name"), col("team", meaning: "dimension `team`"),
                col("hired_on", .date, meaning: "employed from (inclusive); empty = always"),
                col("left_on", .date, meaning: "first day no longer employed; empty = still employed"),
            ]
        case .accounts:
            [
                col("account_id", true, meaning: "a company (prospect or customer)"), col("name"),
                col("segment", meaning: "dimension `segment`"), col("region", meaning: "dimension `region`"),
                col("industry"),
            ]
        case .leads:
            [
                col("lead_id", true), col("created_at", true, .timestamp, meaning: "lead generated"),
                col("source", meaning: "channel, dimension `source` (same vocabulary as spend.channel)"),
                col("owner_id", meaning: "rep, dimension `owner`"),
                col("segment", meaning: "dimension `segment` for leads"),
                col("qualified_at", .timestamp, meaning: "met the qualification criteria (MQL/SQL)"),
                col("first_response_at", .timestamp, meaning: "first reply by sales"),
                col("converted_at", .timestamp, meaning: "became an opportunity or customer"),
                col("account_id", meaning: "link, optional"), col("opportunity_id", meaning: "link, optional"),
            ]
        case .opportunities:
            [
                col("opportunity_id", true, meaning: "a deal"), col("account_id", meaning: "customer company"),
                col("owner_id", meaning: "rep, dimension `owner`"),
                col("created_at", true, .timestamp, meaning: "opportunity opened"),
                col("status", true, .choice(["open", "won", "lost"]), meaning: "case-insensitive"),
                col("closed_at", .timestamp, meaning: "needed when won or lost; must be empty when open"),
                col("amount", true, .money, meaning: "deal value"), col("stage", meaning: "current stage name"),
                col("expected_close_on", .date, meaning: "current expected close date"),
                col("source", meaning: "dimension `source`"), col("product", meaning: "dimension `product`"),
                col("currency", .currency, meaning: "ISO 4217 code of the amounts; empty = the dataset currency"),
            ]
        case .stageHistory:
            [
                col("opportunity_id", true), col("stage", true),
                col("entered_at", true, .timestamp, meaning: "the deal entered the stage"),
            ]
        case .subscriptions:
            [
                col("subscription_id", true, meaning: "one row = one stretch of constant MRR"),
                col("account_id", true, meaning: "the customer"),
                col("mrr", true, .money, meaning: "monthly recurring revenue of this row"),
                col("started_on", true, .date, meaning: "first active day"),
                col("ended_on", .date, meaning: "first day no longer active; empty = still active"),
                col("currency", .currency, meaning: "ISO 4217 code of the amounts; empty = the dataset currency"),
            ]
        case .spend:
            [
                col("date", true, .date, meaning: "day the cost is booked (monthly costs: first of month)"),
                col("category", true, .choice(["marketing", "sales"]), meaning: "case-insensitive"),
                col("channel", meaning: "dimension `source`"), col("amount", true, .money),
                col("currency", .currency, meaning: "ISO 4217 code of the amounts; empty = the dataset currency"),
            ]
        case .quotas:
            [
                col("rep_id", true), col("period_start", true, .date, meaning: "inclusive"),
                col("period_end", true, .date, meaning: "inclusive"),
                col(
                    "amount", true, .money, meaning: "the rep's quota for the span, prorated by day over report periods"
                ),
                col("currency", .currency, meaning: "ISO 4217 code of the amounts; empty = the dataset currency"),
            ]
        case .forecasts:
            [
                col("period_start", true, .date, meaning: "inclusive"),
                col("period_end", true, .date, meaning: "inclusive"),
                col("amount", true, .money, meaning: "forecast revenue"),
                col("rep_id", meaning: "empty = company-level forecast (only those are used)"),
                col(
                    "submitted_at", .timestamp,
                    meaning: "the latest submission wins; empty ranks lowest; ties go to the later row"),
                col("currency", .currency, meaning: "ISO 4217 code of the amounts; empty = the dataset currency"),
            ]
        case .activities:
            [
                col("rep_id", true), col("date", true, .date, meaning: "day (or week start) the hours belong to"),
                col("selling_hours", true, .hours, meaning: "hours spent on selling"),
                col("total_hours", true, .hours, meaning: "hours spent on all work"),
            ]
        case .surveys:
            [
                col("response_id", true), col("answered_at", true, .timestamp),
                col("score", true, .integer(0...10)),
                col("kind", true, .choice(["customer", "employee"]), meaning: "case-insensitive"),
                col("account_id"),
            ]
        case .usage:
            [
                col("account_id", true, meaning: "the customer"),
                col("date", true, .date, meaning: "the day (or week or month start) the use belongs to"),
                col("active_users", .quantity, meaning: "users active that day"),
                col("sessions", .quantity, meaning: "sessions that day"),
                col("events", .quantity, meaning: "actions or events that day"),
                col("feature", meaning: "the feature used; one row per feature and day when given"),
            ]
        case .fxRates:
            [
                col("currency", true, .currency, meaning: "the currency the rate converts from"),
                col(
                    "valid_from", true, .date,
                    meaning: "first day the rate holds (until the currency's next valid_from)"),
                col(
                    "rate", true, .rate,
                    meaning: "units of the dataset currency one unit of `currency` is worth (up to 10 decimals)"),
            ]
        }
    }

    private static func col(_ name: String, _ required: Bool = false, _ type: ColumnType = .text, meaning: String = "")
        -> ColumnSpec
    {
        ColumnSpec(name: name, required: required, type: type, meaning: meaning)
    }

    private static func col(_ name: String, _ type: ColumnType, meaning: String = "") -> ColumnSpec {
        col(name, false, type, meaning: meaning)
    }

    /// The "Files" table of docs/data-format.md (a test keeps the document in step).
    public static var markdown: String {
        func row(_ cells: [String]) -> String {
            "|" + cells.map { $0.isEmpty ? " " : " \($0) " }.joined(separator: "|") + "|\n"
        }
        var out = row(["file", "column", "type", "required", "meaning"]) + "|---|---|---|---|---|\n"
        for table in Table.allCases {
            let idColumn = RowIdentity.of(table).idColumn
            for (i, column) in columns(table).enumerated() {
                out += row([
                    i == 0 ? table.fileName : "", column.name, column.type.documentation,
                    column.name == idColumn ? "yes, unique" : column.required ? "yes" : "", column.meaning,
                ])
            }
        }
        return out
    }
}
