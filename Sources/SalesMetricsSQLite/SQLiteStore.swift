import Foundation
import GRDB
import SalesMetrics
import SalesMetricsIO

typealias Table = SalesMetrics.Table

/// The embedded store: one SQLite file in WAL mode, through GRDB.
///
/// Each dataset file is a table of the same name whose columns are the
/// file's columns, holding values as written (trimmed text), plus `seq`, the
/// order rows arrived in. An import runs in one transaction: a crash or
/// `kill -9` leaves the database as it was, and readers see the old or the
/// new data, never a mix.
public final class SQLiteStore: MetricsStore {
    public let path: String
    let pool: DatabasePool
    /// Rebuilds the snapshot once pushed writes are quiet (they only mark it stale).
    let refresher: SnapshotRefresher

    public enum StoreError: Error, CustomStringConvertible {
        case cannotOpen(path: String, reason: String)

        public var description: String {
            switch self {
            case .cannotOpen(let path, let reason):
                "Cannot open the database \(path): \(reason). Check the path and its permissions."
            }
        }
    }

    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        // A new file gets 64 KiB pages (an existing one keeps its own): bulk imports write a
        // sixteenth of the pages and log frames they would with SQLite's default 4 KiB.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA page_size = 65536") }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            self.pool = pool
            // The rebuild reads every row: on a thread of its own, not Swift's cooperative pool.
            refresher = SnapshotRefresher {
                await withCheckedContinuation { done in
                    Thread.detachNewThread {
                        try? Self.refreshStaleSnapshot(pool)
                        done.resume()
                    }
                }
            }
            try Self.migrator.migrate(pool)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// Versioned schema: each migration runs once, recorded by GRDB in `grdb_migrations`.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: one table per dataset file") { db in
            for table in Table.allCases {
                let columns = TableSchema.columns(table).map { "\($0.name) TEXT" }.joined(separator: ", ")
                var constraints = ""
                if case .id(let column) = RowIdentity.of(table) { constraints = ", UNIQUE(\(column))" }
                try db.execute(
                    sql: "CREATE TABLE \(table.rawValue) (seq INTEGER PRIMARY KEY, \(columns)\(constraints))")
                if case .naturalKey = RowIdentity.of(table) { try db.execute(sql: createIndex(table)) }
            }
            // Which files were ever imported: a table imported empty is present (counts 0), one never imported is missing (null).
            try db.execute(sql: "CREATE TABLE imported_tables (name TEXT PRIMARY KEY)")
        }
        migrator.registerMigration("v2: data version") { db in
            // Bumped by every import, in the import's transaction.
            try db.execute(sql: "CREATE TABLE data_version (version INTEGER NOT NULL)")
            try db.execute(sql: "INSERT INTO data_version (version) VALUES (0)")
        }
        migrator.registerMigration("v3: dataset snapshot") { db in
            // The dataset in DatasetCodec's binary form, rewritten by every import: reports load it
            // without parsing. Parts of another data version or format are ignored.
            try db.execute(
                sql:
                    "CREATE TABLE snapshot (part TEXT PRIMARY KEY, version INTEGER NOT NULL, format INTEGER NOT NULL, data BLOB NOT NULL)"
            )
        }
        migrator.registerMigration("v4: tokens and browser sessions") { db in
            // Only hashes of secrets are stored. A name is unique among active tokens, so a
            // revoked name can be given to a new token.
            try db.execute(
                sql: """
                    CREATE TABLE api_tokens (id INTEGER PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,
                        hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, revoked_at TEXT);
                    CREATE UNIQUE INDEX api_tokens_active_name ON api_tokens(name) WHERE revoked_at IS NULL;
                    CREATE TABLE browser_sessions (hash TEXT PRIMARY KEY,
                        token_id INTEGER NOT NULL REFERENCES api_tokens(id), csrf TEXT NOT NULL,
                        expires_at INTEGER NOT NULL);
                    """)
        }
        migrator.registerMigration("v5: access version") { db in
            // Bumped when a token is revoked or a session ends, so servers can cache lookups.
            try db.execute(sql: "CREATE TABLE access_version (version INTEGER NOT NULL)")
            try db.execute(sql: "INSERT INTO access_version (version) VALUES (0)")
        }
        migrator.registerMigration("v6: droppable id indexes") { db in
            // A table's UNIQUE constraint cannot be dropped, a unique index can: a first import
            // into an empty table then appends its rows and builds the index once, after them.
            for table in Table.allCases {
                guard case .id = RowIdentity.of(table) else { continue }
                let columns = TableSchema.columns(table).map(\.name)
                // Columns added by later migrations (v8: currency) are not there yet to copy.
                let existing = Set(try db.columns(in: table.rawValue).map(\.name))
                let all = (["seq"] + columns.filter(existing.contains)).joined(separator: ", ")
                let definitions = columns.map { "\($0) TEXT" }.joined(separator: ", ")
                try db.execute(sql: "CREATE TABLE new_\(table.rawValue) (seq INTEGER PRIMARY KEY, \(definitions))")
                try db.execute(sql: "INSERT INTO new_\(table.rawValue) (\(all)) SELECT \(all) FROM \(table.rawValue)")
                try db.execute(sql: "DROP TABLE \(table.rawValue)")
                try db.execute(sql: "ALTER TABLE new_\(table.rawValue) RENAME TO \(table.rawValue)")
                try db.execute(sql: createIndex(table))
            }
        }
        migrator.registerMigration("v7: targets and their announced states") { db in
            for statement in TargetSchema.statements { try db.execute(sql: statement) }
            for target in Target.defaults {
                try db.execute(sql: TargetSchema.insert, arguments: StatementArguments(TargetRow.values(target)))
            }
        }
        migrator.registerMigration("v8: currencies") { db in
            // A database made by this release has them from v1, which makes every current table.
            try addColumnIfMissing("currency", to: Table.moneyTables, db)
            try createTableIfMissing(.fxRates, db)
        }
        migrator.registerMigration("v9: attributes of leads and accounts") { db in
            try addColumnIfMissing(StoredAttributes.column, to: Table.withAttributes, db)
        }
        migrator.registerMigration("v10: lead scores") { db in
            try db.execute(sql: ScoreSchema.create)
        }
        migrator.registerMigration("v11: usage") { db in
            try createTableIfMissing(.usage, db)
        }
        return migrator
    }

    public func importFiles(_ files: [SalesMetrics.Table: [UInt8]], progress: ((Int) -> Void)?) throws -> ImportSummary
    {
        // The files are validated as a dataset on other cores while the writer stores their rows
        // (and, into a store that looks empty, the dataset is encoded there as its snapshot). The
        // transaction commits only once validation has passed: any problem, and nothing is
        // written (the rows stored so far are rolled back).
        let looksEmpty = try pool.read { db in try Self.importedTables(db).isEmpty }
        let validation = Background {
            let validated = try DatasetReader().read(files: files)
            return (validated.warnings, snapshot: looksEmpty ? DatasetCodec.encode(validated.dataset) : nil)
        }
        var summary = ImportSummary()
        var written = 0
        try pool.write { db in
            // A large page cache keeps big imports from spilling to the log before they commit.
            try db.execute(sql: "PRAGMA cache_size = -262144")
            let wasEmpty = try Self.importedTables(db).isEmpty
            let snapshotWasCurrent = try Self.snapshotIsCurrent(db)
            try db.execute(sql: "UPDATE data_version SET version = version + 1")
            var changed = false
            do {
                for table in Table.allCases {
                    guard let bytes = files[table], !validation.hasFailed else { continue }
                    let counts = try Self.importFile(bytes, into: table, db) { rows in
                        progress?(written + rows)
                        return !validation.hasFailed
                    }
                    summary.tables[table] = counts
                    written += counts.inserted + counts.updated + counts.unchanged
                    progress?(written)
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO imported_tables (name) VALUES (?)", arguments: [table.rawValue])
                    changed = changed || counts.inserted + counts.updated > 0 || db.changesCount > 0
                }
            } catch {
                // A row SQLite refused is also a row validation rejects, with a better message.
                _ = try validation.value()
                throw error
            }
            let (warnings, snapshot) = try validation.value()
            summary.warnings = warnings
            // Into an empty store, the stored rows are exactly the validated files. An import that
            // changed no row (the same export again) leaves the dataset as it was. Otherwise the
            // dataset is read back from all stored rows, inside this transaction.
            if wasEmpty, let snapshot {  // (a store never empties again: it looked empty before too)
                try Self.writeSnapshot(snapshot, db)
            } else if !changed && snapshotWasCurrent {
                try db.execute(sql: "UPDATE snapshot SET version = (SELECT version FROM data_version)")
            } else {
                try Self.refreshSnapshot(db)
            }
        }
        return summary
    }

    /// Imports without progress reports (synchronous: the embedded store needs no waiting).
    public func importFiles(_ files: [SalesMetrics.Table: [UInt8]]) throws -> ImportSummary {
        try importFiles(files, progress: nil)
    }

    /// Whether the snapshot describes the stored rows: written for the current data version, in
    /// this release's format.
    static func snapshotIsCurrent(_ db: Database) throws -> Bool {
        try Bool.fetchOne(
            db,
            sql: """
                SELECT count(*) > 0 AND count(*) = sum(version = (SELECT version FROM data_version) AND format = ?)
                FROM snapshot
                """, arguments: [DatasetCodec.formatVersion]) ?? false
    }

    /// Rewrites the snapshot from the stored rows (inside the caller's write transaction).
    static func refreshSnapshot(_ db: Database) throws {
        let dataset = try DatasetReader().read(files: export(tables: importedTables(db), db)).dataset
        try writeSnapshot(DatasetCodec.encode(dataset), db)
    }

    public func loadDataset() throws -> Dataset {
        let parts: [String: [UInt8]]? = try pool.read { db in
            let version = try Int.fetchOne(db, sql: "SELECT version FROM data_version") ?? 0
            let rows = try Row.fetchAll(db, sql: "SELECT part, version, format, data FROM snapshot")
            guard !rows.isEmpty,
                rows.allSatisfy({
                    ($0["version"] as Int) == version && ($0["format"] as Int) == DatasetCodec.formatVersion
                })
            else { return nil }
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["part"] as String, [UInt8]($0["data"] as Data)) })
        }
        if let parts, let dataset = try? DatasetCodec.decode(parts) { return dataset }
        // No snapshot yet (a database from before snapshots) or a damaged one: read the rows.
        return try DatasetReader().read(files: exportFiles()).dataset
    }

    /// Replaces the snapshot by `parts` (``DatasetCodec``), stamped with the current data version.
    static func writeSnapshot(_ parts: [String: [UInt8]], _ db: Database) throws {
        let version = try Int.fetchOne(db, sql: "SELECT version FROM data_version") ?? 0
        try db.execute(sql: "DELETE FROM snapshot")
        let insert = try db.makeStatement(sql: "INSERT INTO snapshot (part, version, format, data) VALUES (?, ?, ?, ?)")
        for (part, bytes) in parts {
            try SQLiteBulk.execute(insert, [part, version, DatasetCodec.formatVersion], blob: bytes, db)
        }
    }

    public func exportFiles() throws -> [SalesMetrics.Table: [UInt8]] {
        // Tables are read in parallel, each in its own read transaction (WAL serves concurrent
        // readers). Each also reads the data version, which every import bumps: if they all saw
        // the same version, they all saw the same committed import; otherwise read again.
        for _ in 0..<3 {
            if let files = try exportInParallel() { return files }
        }
        return try pool.read { db in try Self.export(tables: try Self.importedTables(db), db) }
    }

    /// The data version: bumped by every import (for readers that cache the dataset).
    public func dataVersion() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT version FROM data_version") ?? 0 }
    }

    private func exportInParallel() throws -> [SalesMetrics.Table: [UInt8]]? {
        let (tables, version) = try pool.read { db in
            (try Self.importedTables(db), try Int.fetchOne(db, sql: "SELECT version FROM data_version") ?? 0)
        }
        let results = ResultSlots<Result<(Int, [UInt8]), Error>>(count: tables.count, initial: .success((0, [])))
        let pool = self.pool
        DispatchQueue.concurrentPerform(iterations: tables.count) { i in
            results.set(
                i,
                Result {
                    try pool.read { db in
                        (
                            try Int.fetchOne(db, sql: "SELECT version FROM data_version") ?? 0,
                            try Self.export(tables: [tables[i]], db)[tables[i]]!
                        )
                    }
                })
        }
        var files: [Table: [UInt8]] = [:]
        for (i, table) in tables.enumerated() {
            let (seen, bytes) = try results.get(i).get()
            if seen != version { return nil }
            files[table] = bytes
        }
        return files
    }

    static func importedTables(_ db: Database) throws -> [Table] {
        let imported = Set(try String.fetchAll(db, sql: "SELECT name FROM imported_tables"))
        return Table.allCases.filter { imported.contains($0.rawValue) }
    }

    static func export(tables: [Table], _ db: Database) throws -> [Table: [UInt8]] {
        var files: [Table: [UInt8]] = [:]
        for table in tables {
            // Attributes are exported as columns of their own, when the table has any.
            var attributes = false
            if Table.withAttributes.contains(table) {
                let sql = "SELECT EXISTS (SELECT 1 FROM \(table.rawValue) WHERE \(StoredAttributes.column) IS NOT NULL)"
                attributes = try Bool.fetchOne(db, sql: sql) ?? false
            }
            let columns = attributes ? StoredAttributes.columns(table) : TableSchema.columns(table).map(\.name)
            let select = try db.makeStatement(
                sql: "SELECT \(columns.joined(separator: ", ")) FROM \(table.rawValue) ORDER BY seq")
            let bytes = try SQLiteBulk.csv(select, columns: columns)
            files[table] = attributes ? try StoredAttributes.expand(bytes) : bytes
        }
        return files
    }

    // MARK: - Import

    private static func importFile(
        _ bytes: [UInt8], into table: Table, _ db: Database, proceed: (Int) -> Bool
    ) throws -> ImportSummary.Counts {
        // A file's attribute columns are stored as one column of JSON (StoredAttributes).
        var bytes = bytes
        if !StoredAttributes.extraColumns(try CSVParser.header(of: bytes), table: table).isEmpty {
            bytes = try TextRows(table: table, bytes: bytes).presentCSV()
        }
        let columns = try presentColumns(bytes, table)
        if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table.rawValue))") == false {
            // Nothing stored yet: every row is new (validation has checked that ids are unique).
            // Appending the rows and building the table's index once, after them, is much cheaper
            // than keeping the index up to date row by row. (A failure anywhere rolls the whole
            // transaction back, the index included.)
            try db.execute(sql: "DROP INDEX IF EXISTS \(indexName(table))")
            let done = try SQLiteBulk.insert(bytes, into: table, columns: columns, db, proceed: proceed)
            try db.execute(sql: createIndex(table))
            return ImportSummary.Counts(inserted: done.rows)
        }
        switch RowIdentity.of(table) {
        case .id(let idColumn):
            return try upsert(bytes, table, columns, idColumn, db, proceed)
        case .naturalKey(let key):
            var groups = try NaturalKeyGroups(bytes, table, key)
            return try groups.replace(db)
        }
    }

    /// The index of a table's identity: unique on the id, or on the natural key.
    static func indexName(_ table: Table) -> String {
        if case .id = RowIdentity.of(table) { "\(table.rawValue)_id" } else { "\(table.rawValue)_key" }
    }

    /// A text column added after v1, for the tables of a database made before it.
    static func addColumnIfMissing(_ column: String, to tables: [Table], _ db: Database) throws {
        for table in tables where try !db.columns(in: table.rawValue).contains(where: { $0.name == column }) {
            try db.execute(sql: "ALTER TABLE \(table.rawValue) ADD COLUMN \(column) TEXT")
        }
    }

    /// A dataset table added after v1 (which makes every table of the release that runs it),
    /// for a database made before it.
    static func createTableIfMissing(_ table: Table, _ db: Database) throws {
        guard try !db.tableExists(table.rawValue) else { return }
        let columns = TableSchema.columns(table).map { "\($0.name) TEXT" }.joined(separator: ", ")
        try db.execute(sql: "CREATE TABLE \(table.rawValue) (seq INTEGER PRIMARY KEY, \(columns))")
        try db.execute(sql: createIndex(table))
    }

    static func createIndex(_ table: Table) -> String {
        switch RowIdentity.of(table) {
        case .id(let column):
            "CREATE UNIQUE INDEX \(indexName(table)) ON \(table.rawValue)(\(column))"
        case .naturalKey(let key):
            "CREATE INDEX \(indexName(table)) ON \(table.rawValue)(\(key.joined(separator: ", ")))"
        }
    }

    /// The stored columns the file's header has, in schema order (`attributes` last).
    private static func presentColumns(_ bytes: [UInt8], _ table: Table) throws -> [String] {
        let header = Set(try CSVParser.header(of: bytes).map { $0.lowercased() })
        return StoredAttributes.columns(table).filter(header.contains)
    }

    /// Inserts new ids; updates changed rows (only the columns the file has); leaves identical rows alone.
    private static func upsert(
        _ bytes: [UInt8], _ table: Table, _ columns: [String], _ idColumn: String, _ db: Database,
        _ proceed: (Int) -> Bool
    ) throws -> ImportSummary.Counts {
        let updates = columns.filter { $0 != idColumn }
        let changed = updates.map { "\($0) IS NOT excluded.\($0)" }.joined(separator: " OR ")
        let conflictClause =
            "ON CONFLICT(\(idColumn)) DO "
            + (updates.isEmpty
                ? "NOTHING"
                : "UPDATE SET \(updates.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")) WHERE \(changed)")
        let countBefore = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.rawValue)") ?? 0
        let done = try SQLiteBulk.insert(
            bytes, into: table, columns: columns, conflictClause: conflictClause, db, proceed: proceed)
        let inserted = (try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.rawValue)") ?? 0) - countBefore
        return ImportSummary.Counts(
            inserted: inserted, updated: done.changed - inserted, unchanged: done.rows - done.changed)
    }
}
