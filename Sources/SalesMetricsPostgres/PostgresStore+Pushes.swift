import Logging
import PostgresNIO
import SalesMetrics
import SalesMetricsIO

/// Pushed records (PUT, batch, DELETE): a write costs what it changes, as in the SQLite store.
/// The rows are validated with the stored rows they update and upserted through a staging
/// table; the snapshot is rebuilt off the write path (``SnapshotRefresher``).
extension PostgresStore {
    public func writeRecords(_ table: Table, _ file: [UInt8]) async throws -> ImportSummary {
        let pushed = try TextRows(table: table, bytes: file)
        let logger = self.logger
        let (summary, changed) = try await transaction { connection -> (ImportSummary, Bool) in
            try await Self.lockWriters(connection, logger)
            var summary = ImportSummary()
            var merged = pushed
            if let idColumn = RowIdentity.of(table).idColumn, let id = pushed.columns.firstIndex(of: idColumn) {
                let stored = try await Self.storedRows(
                    table, idColumn: idColumn, ids: pushed.rows.compactMap { $0[id] }, connection, logger)
                merged = PushedRecords.merged(pushed, table: table, stored: stored)
            } else {
                merged = PushedRecords.merged(pushed, table: table, stored: [:])
            }
            try PushedRecords.validate(merged, table: table)
            summary.warnings = try await Self.unknownReferences(merged, table: table, connection, logger)
            let counts = try await PostgresImport.importRows(pushed, into: table, connection, logger)
            summary.tables[table] = counts
            let newTable =
                try await connection.query(
                    "INSERT INTO imported_tables (name) VALUES (\(table.rawValue)) ON CONFLICT DO NOTHING RETURNING 1",
                    logger: logger
                ).collect().count > 0
            // Tables without ids report replaced groups as updated even when equal: compare nothing
            // more, the version moves whenever rows were written.
            let changed = newTable || counts.inserted + counts.updated > 0
            if changed {
                try await connection.query("UPDATE data_version SET version = version + 1", logger: logger)
            }
            return (summary, changed)
        }
        if changed { refresher.written() }
        return summary
    }

    static func version(_ connection: PostgresConnection, _ logger: Logger) async throws -> Int {
        for try await v in try await connection.query("SELECT version FROM data_version", logger: logger).decode(
            Int64.self)
        {
            return Int(v)
        }
        return 0
    }

    /// The stored rows with these ids, every schema column, by id.
    static func storedRows(
        _ table: Table, idColumn: String, ids: [String], _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> [String: [String?]] {
        let columns = TableSchema.columns(table).map(\.name)
        let id = columns.firstIndex(of: idColumn)!
        var binds = PostgresBindings()
        binds.append(ids)
        var stored: [String: [String?]] = [:]
        let rows = try await connection.query(
            PostgresQuery(
                unsafeSQL:
                    "SELECT \(columns.joined(separator: ", ")) FROM \(table.rawValue) WHERE \(idColumn) = ANY($1)",
                binds: binds), logger: logger)
        for try await row in rows {
            let values = try row.map { try $0.decode(String?.self) }
            if let key = values[id] { stored[key] = values }
        }
        return stored
    }

    /// Warnings for reps and accounts the rows name that are not stored (when reps.csv or
    /// accounts.csv was ever imported), as an import gives them.
    static func unknownReferences(
        _ rows: TextRows, table: Table, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> [DatasetIssue] {
        var imported = Set<String>()
        for try await name in try await connection.query("SELECT name FROM imported_tables", logger: logger)
            .decode(String.self)
        {
            imported.insert(name)
        }
        var warnings: [DatasetIssue] = []
        for (column, isRep, ids) in PushedRecords.named(rows, table: table) {
            let target: Table = isRep ? .reps : .accounts
            guard imported.contains(target.rawValue), !ids.isEmpty else { continue }
            let idColumn = isRep ? "rep_id" : "account_id"
            var binds = PostgresBindings()
            binds.append(Array(ids.keys))
            var known: Set<String> = []
            for try await id in try await connection.query(
                PostgresQuery(
                    unsafeSQL: "SELECT \(idColumn) FROM \(target.rawValue) WHERE \(idColumn) = ANY($1)", binds: binds),
                logger: logger
            ).decode(String.self) {
                known.insert(id)
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
    public func hasCurrentSnapshot() async throws -> Bool {
        let rows = try await client.query(
            """
            SELECT count(*)::BIGINT FROM snapshot s, data_version v
            WHERE s.version = v.version AND s.format = \(DatasetCodec.formatVersion)
            """, logger: logger)
        return try await rows.decode(Int64.self).reduce(0) { $0 + $1 } > 0
    }

    /// Rebuilds the snapshot from the stored rows when it is stale: the rows are read in one
    /// repeatable-read transaction, and the snapshot is written only if no write came in meanwhile.
    func refreshStaleSnapshot() async {
        let logger = self.logger
        do {
            let read = try await transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") {
                connection -> (Int, [Table: [UInt8]])? in
                let current = try await connection.query(
                    """
                    SELECT count(*)::BIGINT FROM snapshot s, data_version v
                    WHERE s.version = v.version AND s.format = \(DatasetCodec.formatVersion)
                    """, logger: logger
                ).decode(Int64.self).reduce(0) { $0 + $1 }
                if current > 0 { return nil }
                return (try await Self.version(connection, logger), try await Self.export(connection, logger))
            }
            guard let (version, files) = read else { return }
            let dataset = try DatasetReader().read(files: files).dataset
            try await transaction { connection in
                try await Self.lockWriters(connection, logger)
                guard try await Self.version(connection, logger) == version else { return }
                try await Self.writeSnapshot(dataset, connection, logger)
            }
        } catch {
            logger.error("The snapshot could not be rebuilt (reports read the rows meanwhile): \(error)")
        }
    }
}

/// The store, for its snapshot refresher, without keeping it alive.
final class WeakPostgresStore: @unchecked Sendable {
    weak var store: PostgresStore?
}
