import GRDB
import SalesMetrics
import SalesMetricsIO

extension SQLiteStore {
    public func records(_ table: SalesMetrics.Table, matching filters: [String: String], limit: Int, offset: Int) throws
        -> RecordPage
    {
        let columns = TableSchema.columns(table).map(\.name)
        // Column names come from the schema, never from the caller; values are bound.
        let filtered = columns.filter { filters[$0] != nil }
        let unknown = filters.keys.filter { !columns.contains($0) }
        if let bad = unknown.sorted().first { throw RecordQueryError.unknownColumn(table: table, column: bad) }
        let condition = filtered.isEmpty ? "" : " WHERE " + filtered.map { "\($0) = ?" }.joined(separator: " AND ")
        let arguments = StatementArguments(filtered.map { filters[$0]! })
        return try pool.read { db in
            let total =
                try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.rawValue)\(condition)", arguments: arguments)
                ?? 0
            let rows = try Row.fetchAll(
                db,
                sql:
                    "SELECT \(columns.joined(separator: ", ")) FROM \(table.rawValue)\(condition) ORDER BY seq LIMIT ? OFFSET ?",
                arguments: arguments + [limit, offset])
            return RecordPage(
                columns: columns, rows: rows.map { row in columns.indices.map { row[$0] as String? } }, total: total)
        }
    }

    public func deleteRecord(_ table: SalesMetrics.Table, id: String) throws -> Bool {
        guard case .id(let idColumn) = RowIdentity.of(table) else { throw RecordQueryError.noIds(table) }
        let deleted = try pool.write { db in
            try db.execute(sql: "DELETE FROM \(table.rawValue) WHERE \(idColumn) = ?", arguments: [id])
            guard db.changesCount > 0 else { return false }
            try db.execute(sql: "UPDATE data_version SET version = version + 1")
            return true
        }
        // Like a push, a delete costs what it changes: the snapshot is rebuilt off the write path.
        if deleted { refresher.written() }
        return deleted
    }
}
