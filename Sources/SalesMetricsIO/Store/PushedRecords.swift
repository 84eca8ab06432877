import SalesMetrics

/// Records pushed one at a time or in batches (the API's PUT and batch routes), checked the way
/// an import checks them but at the cost of what they change: each row is validated together with
/// the stored row it updates, and the reps and accounts it names are looked up among the stored
/// ones, instead of re-reading the whole dataset. Both stores write them with
/// ``MetricsStore/writeRecords(_:_:)``.
public enum PushedRecords {
    /// Records in one batch, at most: a CRM's webhook burst or a sync page, not an import.
    public static let maxBatch = 10_000

    /// The columns of `table` that name a rep (`true`) or an account (`false`), as the dataset
    /// reader warns about them (SPEC §6: unknown references are warnings).
    public static func references(_ table: Table) -> [(column: String, isRep: Bool)] {
        switch table {
        case .leads: [("owner_id", true)]
        case .opportunities: [("owner_id", true), ("account_id", false)]
        case .subscriptions, .surveys, .usage: [("account_id", false)]
        case .quotas, .forecasts, .activities: [("rep_id", true)]
        case .reps, .accounts, .stageHistory, .spend, .fxRates: []
        }
    }

    /// Pushed rows merged with the stored rows they update (by id; tables without ids are
    /// replaced per natural key, so their rows stand alone): every column of the schema, the
    /// pushed value where the push has the column, the stored one elsewhere.
    public static func merged(_ pushed: TextRows, table: Table, stored: [String: [String?]]) -> TextRows {
        let columns = TableSchema.columns(table).map(\.name)
        guard let idColumn = RowIdentity.of(table).idColumn, let id = pushed.columns.firstIndex(of: idColumn) else {
            return TextRows(columns: columns, rows: pushed.rows)
        }
        let rows = pushed.rows.map { row -> [String?] in
            guard let key = row[id], let before = stored[key] else { return row }
            return columns.indices.map { pushed.present[$0] ? row[$0] : before[$0] }
        }
        return TextRows(columns: columns, rows: rows)
    }

    /// Validates merged rows as an import would (types, bounds, dates in order, ids unique in the
    /// push); problems name the pushed row's line.
    public static func validate(_ merged: TextRows, table: Table) throws {
        _ = try DatasetReader().read(files: [table: merged.csv()])
    }

    /// The ids of reps (`true`) or accounts named by the rows, by column, with the first line of each.
    public static func named(_ rows: TextRows, table: Table) -> [(column: String, isRep: Bool, ids: [String: Int])] {
        references(table).compactMap { reference in
            guard let c = rows.columns.firstIndex(of: reference.column), rows.present[c] else { return nil }
            var ids: [String: Int] = [:]
            for (i, row) in rows.rows.enumerated() {
                if let id = row[c], ids[id] == nil { ids[id] = i + 2 }
            }
            return (reference.column, reference.isRep, ids)
        }
    }

    /// The warning the dataset reader gives for these unknown ids of one column.
    public static func unknownWarning(
        table: Table, column: String, isRep: Bool, unknown: [(id: String, line: Int)]
    ) -> DatasetIssue? {
        guard let first = unknown.min(by: { $0.line < $1.line }) else { return nil }
        let what = isRep ? "rep" : "account"
        let rows = unknown.count
        let more =
            rows == 2
            ? "; 1 more row names an unknown \(what)" : rows > 2 ? "; \(rows - 1) more rows name unknown \(what)s" : ""
        return DatasetIssue(
            .warning, file: table.fileName, line: first.line, column: column,
            message: "unknown \(what) \"\(first.id)\" (not in \(isRep ? "reps.csv" : "accounts.csv"))\(more)")
    }
}
