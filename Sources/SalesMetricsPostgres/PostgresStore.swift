import Foundation
import Logging
import NIOCore
import PostgresNIO
import SalesMetrics
import SalesMetricsIO
import Synchronization

/// The team store: PostgreSQL through PostgresNIO's connection pool (`PostgresClient`).
///
/// The same schema and behaviour as the SQLite store: one table per dataset file holding values
/// as written, upserts by id (`INSERT … ON CONFLICT`), replacement per natural key, every import
/// in one transaction (rows arrive with `COPY … FROM STDIN`), a data version and a binary dataset
/// snapshot written by each import, tokens and sessions beside the data. Writers from any number
/// of server instances are serialised by a transaction-scoped advisory lock.
public final class PostgresStore: MetricsStore, AccessStore {
    let client: PostgresClient
    private let running: Task<Void, Never>
    let logger: Logger
    /// Rebuilds the snapshot once pushed writes are quiet (they only mark it stale).
    let refresher: SnapshotRefresher

    /// Connects (the pool runs until `shutdown`) and brings the schema up to date.
    public init(url: String, poolSize: Int = 10) async throws {
        let parsed = try PostgresURL(url)
        var configuration = parsed.clientConfiguration
        configuration.options.maximumConnections = poolSize
        var logger = Logger(label: "salesmetrics.postgres")
        logger.logLevel = .error
        self.logger = logger
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        running = Task { await client.run() }
        let weak = WeakPostgresStore()
        refresher = SnapshotRefresher { await weak.store?.refreshStaleSnapshot() }
        defer { weak.store = self }
        do {
            try await parsed.check(logger: logger)
            try await PostgresSchema.migrate(client, logger: logger)
        } catch {
            running.cancel()
            throw PostgresStoreError.unreachable(PostgresURL.redacted(url), reason: PostgresStoreError.reason(error))
        }
    }

    /// Whether a `--db` value names a PostgreSQL database.
    public static func isURL(_ text: String) -> Bool { PostgresURL.isPostgres(text) }

    /// A URL without its password, for messages.
    public static func redacted(_ text: String) -> String { PostgresURL.redacted(text) }

    /// Deletes everything stored in the `?schema=` of a URL (benchmarks start each run empty).
    public static func dropSchema(url: String) async throws {
        var logger = Logger(label: "salesmetrics.postgres")
        logger.logLevel = .error
        try await PostgresURL(url).dropSchema(logger: logger)
    }

    /// Closes the pool's connections.
    public func shutdown() async {
        running.cancel()
        _ = await running.value
    }

    deinit { running.cancel() }

    // MARK: - Data

    public func importFiles(_ files: [Table: [UInt8]], progress: ((Int) -> Void)?) async throws -> ImportSummary {
        let validated = try DatasetReader().read(files: files)
        var summary = ImportSummary()
        summary.warnings = validated.warnings
        let logger = self.logger
        let progress = ProgressCallback(progress)
        let tables = try await transaction { connection -> [Table: ImportSummary.Counts] in
            try await Self.lockWriters(connection, logger)
            let wasEmpty =
                try await connection.query("SELECT count(*)::BIGINT FROM imported_tables", logger: logger)
                .decode(Int64.self).reduce(0) { $0 + $1 } == 0
            try await connection.query("UPDATE data_version SET version = version + 1", logger: logger)
            var counts: [Table: ImportSummary.Counts] = [:]
            var written = 0
            for table in Table.allCases {
                guard let bytes = files[table] else { continue }
                let rows = try TextRows(table: table, bytes: bytes)
                let c = try await PostgresImport.importRows(rows, into: table, connection, logger)
                counts[table] = c
                written += rows.rows.count
                progress.report(written)
                try await connection.query(
                    "INSERT INTO imported_tables (name) VALUES (\(table.rawValue)) ON CONFLICT DO NOTHING",
                    logger: logger)
            }
            let dataset =
                wasEmpty
                ? validated.dataset
                : try DatasetReader().read(files: await Self.export(connection, logger)).dataset
            try await Self.writeSnapshot(dataset, connection, logger)
            return counts
        }
        summary.tables = tables
        return summary
    }

    public func exportFiles() async throws -> [Table: [UInt8]] {
        let logger = self.logger
        // One snapshot of the database for every table.
        return try await transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { connection in
            try await Self.export(connection, logger)
        }
    }

    public func loadDataset() async throws -> Dataset {
        let logger = self.logger
        let rows = try await client.query(
            """
            SELECT s.part, s.data FROM snapshot s, data_version v
            WHERE s.version = v.version AND s.format = \(DatasetCodec.formatVersion)
            """, logger: logger)
        var parts: [String: [UInt8]] = [:]
        for try await (part, data) in rows.decode((String, ByteBuffer).self) {
            parts[part] = Array(data.readableBytesView)
        }
        if !parts.isEmpty, let dataset = try? DatasetCodec.decode(parts) { return dataset }
        return try DatasetReader().read(files: await exportFiles()).dataset
    }

    public func dataVersion() async throws -> Int {
        try await versions().data
    }

    public func versions() async throws -> StoreVersions {
        let rows = try await client.query(
            """
            SELECT (SELECT version FROM data_version), (SELECT version FROM access_version),
                (SELECT version FROM targets_version)
            """, logger: logger)
        for try await (data, access, targets) in rows.decode((Int64, Int64, Int64).self) {
            return StoreVersions(data: Int(data), access: Int(access), targets: Int(targets))
        }
        return StoreVersions(data: 0, access: 0)
    }

    public func records(_ table: Table, matching filters: [String: String], limit: Int, offset: Int) async throws
        -> RecordPage
    {
        let columns = TableSchema.columns(table).map(\.name)
        if let bad = filters.keys.sorted().first(where: { !columns.contains($0) }) {
            throw RecordQueryError.unknownColumn(table: table, column: bad)
        }
        // Column names come from the schema; values are bound.
        let filtered = columns.filter { filters[$0] != nil }
        var binds = PostgresBindings()
        for column in filtered { binds.append(filters[column]!) }
        let condition =
            filtered.isEmpty
            ? "" : " WHERE " + filtered.enumerated().map { "\($1) = $\($0 + 1)" }.joined(separator: " AND ")
        var total = 0
        for try await count in try await client.query(
            PostgresQuery(unsafeSQL: "SELECT count(*)::BIGINT FROM \(table.rawValue)\(condition)", binds: binds),
            logger: logger
        ).decode(Int64.self) {
            total = Int(count)
        }
        var pageBinds = binds
        pageBinds.append(Int64(limit))
        pageBinds.append(Int64(offset))
        let n = filtered.count
        let rows = try await client.query(
            PostgresQuery(
                unsafeSQL:
                    "SELECT \(columns.joined(separator: ", ")) FROM \(table.rawValue)\(condition) ORDER BY seq LIMIT $\(n + 1) OFFSET $\(n + 2)",
                binds: pageBinds), logger: logger)
        var out: [[String?]] = []
        for try await row in rows { out.append(try row.map { try $0.decode(String?.self) }) }
        return RecordPage(columns: columns, rows: out, total: total)
    }

    public func deleteRecord(_ table: Table, id: String) async throws -> Bool {
        guard case .id(let idColumn) = RowIdentity.of(table) else { throw RecordQueryError.noIds(table) }
        let logger = self.logger
        let deleted = try await transaction { connection in
            try await Self.lockWriters(connection, logger)
            var binds = PostgresBindings()
            binds.append(id)
            let deleted = try await connection.query(
                PostgresQuery(
                    unsafeSQL: "DELETE FROM \(table.rawValue) WHERE \(idColumn) = $1 RETURNING 1", binds: binds),
                logger: logger
            ).collect().count
            guard deleted > 0 else { return false }
            try await connection.query("UPDATE data_version SET version = version + 1", logger: logger)
            return true
        }
        // Like a push, a delete costs what it changes: the snapshot is rebuilt off the write path.
        if deleted { refresher.written() }
        return deleted
    }

    public func isUnavailable(_ error: any Error) -> Bool {
        if let transaction = error as? PostgresTransactionError {
            return [transaction.beginError, transaction.closureError, transaction.commitError].contains {
                $0.map(isUnavailable) ?? false
            }
        }
        if let psql = error as? PSQLError {
            // SQLSTATE classes 08 (connection exception) and 57 (operator intervention: the server
            // shutting down or terminating the session) mean the server, not the request.
            if let state = psql.serverInfo?[.sqlState], state.hasPrefix("08") || state.hasPrefix("57") { return true }
            return [.connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed].contains(psql.code)
        }
        if error is ConnectionLost { return true }
        // The pool's own errors (circuit breaker, timeouts) all mean: no connection right now.
        return String(reflecting: type(of: error)).contains("ConnectionPoolError")
    }

    // MARK: - Helpers

    /// A transaction on one pooled connection whose failures surface as the error thrown inside
    /// it (a data problem stays a data problem), and which always ends, also when the server
    /// closes the connection in its middle.
    ///
    /// PostgresNIO (1.33) loses a query written to a connection that has just closed: its answer
    /// never comes. A transaction whose backend the server terminated (an administrator, a
    /// failover) then waited forever in its `ROLLBACK`, about one time in three, and so did its
    /// HTTP request. So the transaction runs in a task of its own, and the caller gets the first
    /// of two outcomes: the transaction's own end, or the connection found closed (checked every
    /// 100 ms), which is `ConnectionLost`. Nothing is lost by not waiting: the server rolls back
    /// whatever a closed connection left unfinished. A task stuck on a lost query stays suspended,
    /// holding nothing but the closed connection.
    func transaction<Result: Sendable>(
        begin: String = "BEGIN", _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let logger = self.logger
        return try await client.withConnection { connection in
            try await Self.untilClosed(connection) {
                try await connection.query(PostgresQuery(unsafeSQL: begin), logger: logger)
                let value: Result
                do { value = try await body(connection) } catch {
                    if !connection.isClosed { _ = try? await connection.query("ROLLBACK", logger: logger) }
                    throw error
                }
                try await connection.query("COMMIT", logger: logger)
                return value
            }
        }
    }

    /// The connection closed under a transaction before it ended; the server has rolled it back.
    struct ConnectionLost: Error, CustomStringConvertible {
        var description: String { "The connection to PostgreSQL closed in the middle of a transaction." }
    }

    /// The result of `work`, or `ConnectionLost` as soon as `connection` is found closed first.
    static func untilClosed<T: Sendable>(
        _ connection: PostgresConnection, _ work: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let answer = FirstAnswer<T>()
        return try await withCheckedThrowingContinuation { continuation in
            answer.wait(continuation)
            Task { do { answer.give(.success(try await work())) } catch { answer.give(.failure(error)) } }
            let watch = Task {
                while !connection.isClosed { try await Task.sleep(for: .milliseconds(100)) }
                // The work's own error (the server's reason for closing) wins if it is about to come.
                try await Task.sleep(for: .milliseconds(100))
                answer.give(.failure(ConnectionLost()))
            }
            answer.whenGiven { watch.cancel() }
        }
    }

    /// Serialises writers across every server instance, until the transaction ends.
    static func lockWriters(_ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.writerLock))", logger: logger)
    }

    /// Every imported table as a CSV file, read on this connection (inside its transaction).
    static func export(_ connection: PostgresConnection, _ logger: Logger) async throws -> [Table: [UInt8]] {
        var imported = Set<String>()
        for try await name in try await connection.query("SELECT name FROM imported_tables", logger: logger)
            .decode(String.self)
        {
            imported.insert(name)
        }
        var files: [Table: [UInt8]] = [:]
        for table in Table.allCases where imported.contains(table.rawValue) {
            // Attributes are exported as columns of their own, when the table has any.
            var attributes = false
            if Table.withAttributes.contains(table) {
                let sql = "SELECT EXISTS (SELECT 1 FROM \(table.rawValue) WHERE \(StoredAttributes.column) IS NOT NULL)"
                for try await exists in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                    .decode(Bool.self)
                {
                    attributes = exists
                }
            }
            let columns = attributes ? StoredAttributes.columns(table) : TableSchema.columns(table).map(\.name)
            var out: [UInt8] = []
            CSVRow.append(columns, to: &out)
            let rows = try await connection.query(
                PostgresQuery(
                    unsafeSQL: "SELECT \(columns.joined(separator: ", ")) FROM \(table.rawValue) ORDER BY seq"),
                logger: logger)
            for try await row in rows { CSVRow.append(try row.map { try $0.decode(String?.self) }, to: &out) }
            files[table] = attributes ? try StoredAttributes.expand(out) : out
        }
        return files
    }

    static func writeSnapshot(_ dataset: Dataset, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.query("DELETE FROM snapshot", logger: logger)
        for (part, bytes) in DatasetCodec.encode(dataset) {
            try await connection.query(
                """
                INSERT INTO snapshot (part, version, format, data)
                SELECT \(part), version, \(DatasetCodec.formatVersion), \(ByteBuffer(bytes: bytes)) FROM data_version
                """, logger: logger)
        }
    }
}

/// The import's progress callback, called from the transaction's task: one call at a time, in
/// order, so the closure needs no synchronisation of its own (as with the SQLite store, whose
/// writer thread calls it).
final class ProgressCallback: @unchecked Sendable {
    private let callback: ((Int) -> Void)?
    init(_ callback: ((Int) -> Void)?) { self.callback = callback }
    func report(_ rows: Int) { callback?(rows) }
}

/// A CSV line from text values (`nil` as an empty field).
enum CSVRow {
    static func append(_ values: [String?], to out: inout [UInt8]) {
        for (i, value) in values.enumerated() {
            if i > 0 { out.append(0x2C) }
            if let value { CSVField.append(value.utf8, to: &out) }
        }
        out.append(0x0A)
    }
}

/// Problems reaching PostgreSQL, as sentences.
public enum PostgresStoreError: Error, CustomStringConvertible {
    case badURL(String)
    case unreachable(String, reason: String)

    public var description: String {
        switch self {
        case .badURL(let url):
            "'\(url)' is not a PostgreSQL URL; write postgres://USER:PASSWORD@HOST:PORT/DATABASE (?sslmode=disable|prefer|require)."
        case .unreachable(let url, let reason):
            "Cannot use the PostgreSQL database \(url): \(reason). Check that the server runs, the address, the user and the password."
        }
    }

    /// The server's own message when there is one (wrong password, unknown database), else the error.
    static func reason(_ error: any Error) -> String {
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] { return message }
            if let underlying = psql.underlying { return "\(underlying)" }
            return "\(psql.code)"
        }
        return "\(error)"
    }
}
