import Logging
import PostgresNIO
import SalesMetrics
import SalesMetricsIO

/// Versioned migrations, recorded in `salesmetrics_migrations`; applied under an advisory lock
/// so several instances starting at once migrate once.
enum PostgresSchema {
    static let migrationLock: Int64 = 7_211_001
    static let writerLock: Int64 = 7_211_002

    /// (id, statements), in order; an applied id never runs again.
    static let migrations: [(String, [String])] = [
        (
            "v1: dataset tables, versions, snapshot, tokens and sessions",
            Table.allCases.flatMap(tableStatements) + [
                "CREATE TABLE imported_tables (name TEXT PRIMARY KEY)",
                "CREATE TABLE data_version (version BIGINT NOT NULL)",
                "INSERT INTO data_version (version) VALUES (0)",
                "CREATE TABLE access_version (version BIGINT NOT NULL)",
                "INSERT INTO access_version (version) VALUES (0)",
                "CREATE TABLE snapshot (part TEXT PRIMARY KEY, version BIGINT NOT NULL, format INTEGER NOT NULL, data BYTEA NOT NULL)",
                """
                CREATE TABLE api_tokens (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,
                    hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, revoked_at TEXT)
                """,
                "CREATE UNIQUE INDEX api_tokens_active_name ON api_tokens(name) WHERE revoked_at IS NULL",
                """
                CREATE TABLE browser_sessions (hash TEXT PRIMARY KEY, token_id BIGINT NOT NULL REFERENCES api_tokens(id),
                    csrf TEXT NOT NULL, expires_at BIGINT NOT NULL)
                """,
            ]
        ),
        ("v2: targets and their announced states", TargetSchema.statements),
        (
            // (A database made by this release has them from v1, which makes every current table.)
            "v3: currencies",
            Table.moneyTables.map { "ALTER TABLE \($0.rawValue) ADD COLUMN IF NOT EXISTS currency TEXT" }
                + tableStatementsIfMissing(.fxRates)
        ),
        (
            "v4: attributes of leads and accounts",
            Table.withAttributes.map {
                "ALTER TABLE \($0.rawValue) ADD COLUMN IF NOT EXISTS \(StoredAttributes.column) TEXT"
            }
        ),
        ("v5: lead scores", [ScoreSchema.create]),
        ("v6: usage", tableStatementsIfMissing(.usage)),
    ]

    /// Rows a migration adds after its statements, with their values bound.
    static func seed(_ id: String) -> [PostgresQuery] {
        id.hasPrefix("v2:") ? Target.defaults.map(PostgresStore.upsert) : []
    }

    /// A dataset table added after v1 (which makes every table of the release that runs it), for
    /// a database made before it.
    static func tableStatementsIfMissing(_ table: Table) -> [String] {
        tableStatements(table).map {
            $0.replacingOccurrences(of: "CREATE TABLE ", with: "CREATE TABLE IF NOT EXISTS ")
                .replacingOccurrences(of: "CREATE INDEX ", with: "CREATE INDEX IF NOT EXISTS ")
        }
    }

    /// One table per dataset file: its columns as text, `seq` keeping arrival order.
    static func tableStatements(_ table: Table) -> [String] {
        let columns = TableSchema.columns(table).map { "\($0.name) TEXT" }.joined(separator: ", ")
        var constraints = ""
        if case .id(let column) = RowIdentity.of(table) { constraints = ", UNIQUE(\(column))" }
        var out = ["CREATE TABLE \(table.rawValue) (seq BIGSERIAL PRIMARY KEY, \(columns)\(constraints))"]
        if case .naturalKey(let key) = RowIdentity.of(table) {
            out.append("CREATE INDEX \(table.rawValue)_key ON \(table.rawValue)(\(key.joined(separator: ", ")))")
        }
        return out
    }

    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS salesmetrics_migrations (id TEXT PRIMARY KEY,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """, logger: logger)
            var applied = Set<String>()
            for try await id in try await connection.query("SELECT id FROM salesmetrics_migrations", logger: logger)
                .decode(String.self)
            {
                applied.insert(id)
            }
            for (id, statements) in migrations where !applied.contains(id) {
                for statement in statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                for query in seed(id) { try await connection.query(query, logger: logger) }
                try await connection.query("INSERT INTO salesmetrics_migrations (id) VALUES (\(id))", logger: logger)
            }
        }
    }
}
