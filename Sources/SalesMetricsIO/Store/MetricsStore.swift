import SalesMetrics

/// Where a team keeps its sales data between imports (SQLite embedded; PostgreSQL for teams).
///
/// A store holds the dataset's files as rows: what was imported, upserted by
/// id (or replaced per natural key for rows without ids), and gives the
/// dataset back as CSV files, so reading from a store and from a folder go
/// through the same validation and produce the same report.
public protocol MetricsStore: Sendable {
    /// Validates and imports files, all or nothing; `progress` is told the number of rows written so far.
    func importFiles(_ files: [Table: [UInt8]], progress: ((Int) -> Void)?) async throws -> ImportSummary
    /// Every imported table as a CSV file (missing tables stay missing).
    func exportFiles() async throws -> [Table: [UInt8]]
    /// The stored dataset (stores may keep a faster form than the files).
    func loadDataset() async throws -> Dataset
    /// A number every change of the data increases (for readers that cache the dataset).
    func dataVersion() async throws -> Int
    /// Stored rows of a table in arrival order, those whose columns equal every filter value.
    func records(_ table: Table, matching filters: [String: String], limit: Int, offset: Int) async throws
        -> RecordPage
    /// Writes records pushed one by one or in a batch (one table's CSV, the columns it has), all or
    /// nothing, at the cost of what they change: each row is validated with the stored row it
    /// updates (``PushedRecords``), and the dataset snapshot is rebuilt off the write path. The
    /// same rows twice change nothing (and leave the data version).
    func writeRecords(_ table: Table, _ file: [UInt8]) async throws -> ImportSummary
    /// Deletes the row with this id (tables with ids only); false when there is none.
    func deleteRecord(_ table: Table, id: String) async throws -> Bool
    /// Whether an error this store threw means it cannot be reached right now (a database server
    /// restarting), rather than a problem with the request: servers answer 503 and retry later.
    func isUnavailable(_ error: any Error) -> Bool
}

/// Stored rows of one table, values as written (`nil` for empty).
public struct RecordPage: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[String?]]
    /// Rows matching the filters in all (not only this page).
    public var total: Int

    public init(columns: [String], rows: [[String?]], total: Int) {
        self.columns = columns
        self.rows = rows
        self.total = total
    }
}

extension MetricsStore {
    public func isUnavailable(_ error: any Error) -> Bool { false }

    public func importFiles(_ files: [Table: [UInt8]]) async throws -> ImportSummary {
        try await importFiles(files, progress: nil)
    }
}

/// What an import changed, per table (rows).
public struct ImportSummary: Sendable, Equatable {
    public struct Counts: Sendable, Equatable {
        public var inserted = 0
        public var updated = 0
        public var unchanged = 0
        public init(inserted: Int = 0, updated: Int = 0, unchanged: Int = 0) {
            self.inserted = inserted
            self.updated = updated
            self.unchanged = unchanged
        }
    }

    public var tables: [Table: Counts] = [:]
    public var warnings: [DatasetIssue] = []

    public init() {}

    /// One line per table, in table order.
    public var lines: [String] {
        Table.allCases.compactMap { table in
            guard let c = tables[table] else { return nil }
            let warned = warnings.filter { $0.file == table.fileName }.count
            return "\(table.fileName): \(c.inserted) inserted, \(c.updated) updated, \(c.unchanged) unchanged"
                + (warned > 0 ? ", \(warned) warning\(warned == 1 ? "" : "s")" : "")
        }
    }
}

/// How rows of a table are matched against stored rows on import.
public enum RowIdentity: Sendable, Equatable {
    /// By the id in this column: a row is inserted, updated or left unchanged.
    case id(String)
    /// By these columns: the stored rows sharing a key with imported rows are replaced by them.
    case naturalKey([String])

    /// The id column, for tables whose rows have ids.
    public var idColumn: String? { if case .id(let column) = self { column } else { nil } }

    public static func of(_ table: Table) -> RowIdentity {
        switch table {
        case .reps: .id("rep_id")
        case .accounts: .id("account_id")
        case .leads: .id("lead_id")
        case .opportunities: .id("opportunity_id")
        case .subscriptions: .id("subscription_id")
        case .surveys: .id("response_id")
        case .fxRates: .naturalKey(["currency", "valid_from"])
        case .stageHistory: .naturalKey(["opportunity_id"])
        case .spend: .naturalKey(["date", "category", "channel"])
        case .quotas: .naturalKey(["rep_id", "period_start", "period_end"])
        case .forecasts: .naturalKey(["period_start", "period_end", "rep_id", "submitted_at"])
        case .activities: .naturalKey(["rep_id", "date"])
        case .usage: .naturalKey(["account_id", "date", "feature"])
        }
    }
}

/// Record queries a store refuses, as sentences.
public enum RecordQueryError: Error, CustomStringConvertible, Equatable {
    case unknownColumn(table: Table, column: String)
    case noIds(Table)

    public var description: String {
        switch self {
        case .unknownColumn(let table, let column):
            "\(table.fileName) has no column '\(column)'; its columns are "
                + TableSchema.columns(table).map(\.name).joined(separator: ", ") + "."
        case .noIds(let table):
            "\(table.fileName) has no ids: its rows are replaced per natural key by imports (docs/import.md), not one by one."
        }
    }
}
