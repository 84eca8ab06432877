import GRDB
import SalesMetrics
import SalesMetricsIO

/// Pushed records (PUT, batch, DELETE): a write costs what it changes. The rows are validated
/// with the stored rows they update, written with statements on the id index, and the snapshot
/// is rebuilt later, off the write path (``SnapshotRefresher``).
extension SQLiteStore {
    public func writeRecords(_ table: SalesMetrics.Table, _ file: [UInt8]) throws -> ImportSummary {
        let pushed = try TextRows(table: table, bytes: file)
        var summary = ImportSummary()
        let changed = try pool.write { db -> Bool in
            var counts = ImportSummary.Counts()
            if let idColumn = RowIdentity.of(table).idColumn, let id = pushed.columns.firstIndex(of: idColumn) {
                let ids = pushed.rows.compactMap { $0[id] }
                let stored = try Self.storedRows(table, idColumn: idColumn, ids: ids, db)
                let merged = PushedRecords.merged(pushed, table: table, stored: stored)
                try PushedRecords.validate(merged, table: table)
                summary.warnings = try Self.unknownReferences(merged, table: table, db)
                counts = try Self.write(pushed, table: table, idColumn: idColumn, stored: stored, db)
            } else {
                try PushedRecords.validate(PushedRecords.merged(pushed, table: table, stored: [:]), table: table)
                summary.warnings = try Self.unknownReferences(pushed, table: table, db)
                guard case .naturalKey(let key) = RowIdentity.of(table) else { return false }
                var groups = try NaturalKeyGroups(file, table, key)
                counts = try groups.replace(db)
            }
            summary.tables[table] = counts
            try db.execute(sql: "INSERT OR IGNORE INTO imported_tables (name) VALUES (?)", arguments: [table.rawValue])
            let changed = counts.inserted + counts.updated > 0 || db.changesCount > 0
            // The same batch twice changes nothing: the data version (and every cache) stays.
            if changed { try db.execute(sql: "UPDATE data_version SET version = version + 1") }
            return changed
        }
        if changed { refresher.written() }
        return summary
    }

    /// The stored rows with these ids, every schema column, by id.
    static func storedRows(_ table: SalesMetrics.Table, idColumn: String, ids: [String], _ db: Database) throws
        -> [String: [String?]]
    {
        let columns = TableSchema.columns(table).map(\.name)
        let id = columns.firstIndex(of: idColumn)!
        var stored: [String: [String?]] = [:]
        // At most 500 bound values per statement (SQLite's limit is 32,766; smaller keeps it cached).
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(ids.count, start + 500)])
            let rows = try Row.fetchAll(
                db,
                sql:
                    "SELECT \(columns.joined(separator: ", ")) FROM \(table.rawValue) WHERE \(idColumn) IN (\(chunk.map { _ in "?" }.joined(separator: ",")))",
                arguments: StatementArguments(chunk))
            for row in rows {
                let values = columns.indices.map { row[$0] as String? }
                if let key = values[id] { stored[key] = values }
            }
        }
        return stored
    }

    /// Inserts new ids, updates changed rows (only the pushed columns), leaves identical ones.
    private static func write(
        _ pushed: TextRows, table: SalesMetrics.Table, idColumn: String, stored: [String: [String?]], _ db: Database
    ) throws -> ImportSummary.Counts {
        let present = pushed.columns.indices.filter { pushed.present[$0] }
        let names = present.map { pushed.columns[$0] }
        let insert = try db.cachedStatement(
            sql: "INSERT INTO \(table.rawValue) (\(names.joined(separator: ", "))) VALUES ("
                + names.map { _ in "?" }.joined(separator: ", ") + ")")
        let updates = present.filter { pushed.columns[$0] != idColumn }
        let update =
            updates.isEmpty
            ? nil
            : try db.cachedStatement(
                sql:
                    "UPDATE \(table.rawValue) SET \(updates.map { "\(pushed.columns[$0]) = ?" }.joined(separator: ", ")) WHERE \(idColumn) = ?"
            )
        let id = pushed.columns.firstIndex(of: idColumn)!
        var counts = ImportSummary.Counts()
        for row in pushed.rows {
            guard let key = row[id] else { continue }
            if let before = stored[key] {
                if updates.allSatisfy({ before[$0] == row[$0] }) {
                    counts.unchanged += 1
                } else {
                    let values: [(any DatabaseValueConvertible)?] = updates.map { row[$0] } + [key]
                    try update?.execute(arguments: StatementArguments(values))
                    counts.updated += 1
                }
            } else {
                let values: [(any DatabaseValueConvertible)?] = present.map { row[$0] }
                try insert.execute(arguments: StatementArguments(values))
                counts.inserted += 1
            }
        }
        return counts
    }

    /// Warnings for reps and accounts the rows name that are not stored (when reps.csv or
    /// accounts.csv was ever imported), as an import gives them.
    static func unknownReferences(_ rows: TextRows, table: SalesMetrics.Table, _ db: Database) throws -> [DatasetIssue]
    {
        let imported = Set(try importedTables(db))
        var warnings: [DatasetIssue] = []
        for (column, isRep, ids) in PushedRecords.named(rows, table: table) {
            let target: SalesMetrics.Table = isRep ? .reps : .accounts
            guard imported.contains(target), !ids.isEmpty else { continue }
            let idColumn = isRep ? "rep_id" : "account_id"
            let list = Array(ids.keys)
            var known: Set<String> = []
            for start in stride(from: 0, to: list.count, by: 500) {
                let chunk = Array(list[start..<min(list.count, start + 500)])
                known.formUnion(
                    try String.fetchAll(
                        db,
                        sql:
                            "SELECT \(idColumn) FROM \(target.rawValue) WHERE \(idColumn) IN (\(chunk.map { _ in "?" }.joined(separator: ",")))",
                        arguments: StatementArguments(chunk)))
            }
            let unknown = ids.filter { !known.contains($0.key) }.map { (id: $0.key, line: $0.value) }
            if let warning = PushedRecords.unknownWarning(table: table, column: column, isRep: isRep, unknown: unknown)
            {
                warnings.append(warning)
            }
        }
        return warnings
    }

    /// Whether reports load the snapshot (it was written for the current data version) rather than
    /// reading the rows: false for a while after pushes.
    public func hasCurrentSnapshot() throws -> Bool { try pool.read { try Self.snapshotIsCurrent($0) } }

    /// Rebuilds the snapshot from the stored rows when it is stale (``SnapshotRefresher``): the
    /// rows are read in one read transaction, and the snapshot is written only if no write came
    /// in meanwhile (otherwise the next refresh does it).
    static func refreshStaleSnapshot(_ pool: DatabasePool) throws {
        let read = try pool.read { db -> (Int, [SalesMetrics.Table: [UInt8]])? in
            guard try !snapshotIsCurrent(db) else { return nil }
            return (
                try Int.fetchOne(db, sql: "SELECT version FROM data_version") ?? 0,
                try export(tables: importedTables(db), db)
            )
        }
        guard let (version, files) = read else { return }
        let parts = DatasetCodec.encode(try DatasetReader().read(files: files).dataset)
        try pool.write { db in
            guard try Int.fetchOne(db, sql: "SELECT version FROM data_version") == version else { return }
            try writeSnapshot(parts, db)
        }
    }
}
