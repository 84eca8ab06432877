import Logging
import NIOCore
import PostgresNIO
import SalesMetrics
import SalesMetricsIO

/// Writes one validated file into its table, inside the import's transaction: the rows go to a
/// temporary table by `COPY … FROM STDIN`, then one statement upserts them by id, or the
/// changed natural-key groups are replaced.
enum PostgresImport {
    static func importRows(
        _ rows: TextRows, into table: Table, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> ImportSummary.Counts {
        let columns = zip(rows.columns, rows.present).filter(\.1).map(\.0)
        let indices = rows.columns.indices.filter { rows.present[$0] }
        let staging = "import_\(table.rawValue)"
        try await stage(
            rows.rows.enumerated().lazy.map { i, row in [String(i)] + indices.map { row[$0] } }, into: staging,
            columns: ["ord"] + columns, types: ["BIGINT"] + columns.map { _ in "TEXT" }, connection, logger)
        let list = columns.joined(separator: ", ")
        let copyAll = "INSERT INTO \(table.rawValue) (\(list)) SELECT \(list) FROM \(staging) ORDER BY ord"
        if try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT 1 FROM \(table.rawValue) LIMIT 1"), logger: logger
        ).collect().isEmpty {
            // Nothing stored yet: every row is new (ids are unique: validation checked). A key
            // index is built once after the rows, cheaper than keeping it up to date row by row.
            if case .naturalKey(let key) = RowIdentity.of(table) {
                try await connection.query(
                    PostgresQuery(unsafeSQL: "DROP INDEX IF EXISTS \(table.rawValue)_key"), logger: logger)
                try await connection.query(PostgresQuery(unsafeSQL: copyAll), logger: logger)
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL:
                            "CREATE INDEX \(table.rawValue)_key ON \(table.rawValue)(\(key.joined(separator: ", ")))"),
                    logger: logger)
            } else {
                try await connection.query(PostgresQuery(unsafeSQL: copyAll), logger: logger)
            }
            return ImportSummary.Counts(inserted: rows.rows.count)
        }
        switch RowIdentity.of(table) {
        case .id(let idColumn):
            let updates = columns.filter { $0 != idColumn }
            let onConflict =
                updates.isEmpty
                ? "DO NOTHING"
                : "DO UPDATE SET \(updates.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")) WHERE ("
                    + updates.map { "\(table.rawValue).\($0)" }.joined(separator: ", ") + ") IS DISTINCT FROM ("
                    + updates.map { "EXCLUDED.\($0)" }.joined(separator: ", ") + ")"
            // xmax = 0 tells a new row from an updated one.
            let sql = """
                WITH written AS (
                    INSERT INTO \(table.rawValue) (\(list)) SELECT \(list) FROM \(staging) ORDER BY ord
                    ON CONFLICT (\(idColumn)) \(onConflict) RETURNING (xmax = 0) AS inserted)
                SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM written
                """
            var counts = ImportSummary.Counts()
            for try await (inserted, updated) in try await connection.query(
                PostgresQuery(unsafeSQL: sql), logger: logger
            )
            .decode((Int64, Int64).self) {
                counts = ImportSummary.Counts(
                    inserted: Int(inserted), updated: Int(updated),
                    unchanged: rows.rows.count - Int(inserted) - Int(updated))
            }
            return counts
        case .naturalKey(let key):
            return try await replaceGroups(rows, table, key, columns: columns, staging: staging, connection, logger)
        }
    }

    /// For every natural key in the file, replaces the stored rows with that key by the file's
    /// rows, unless they are already the same (then they count as unchanged).
    static func replaceGroups(
        _ rows: TextRows, _ table: Table, _ key: [String], columns: [String], staging: String,
        _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> ImportSummary.Counts {
        let all = rows.columns
        let keyIndices = key.map { all.firstIndex(of: $0)! }
        // Categories are case-insensitive: compare them in lower case.
        func keyOf(_ row: [String?]) -> [String?] {
            keyIndices.map { i in all[i] == "category" ? row[i]?.lowercased() : row[i] }
        }
        var groups: [[String?]: [[String?]]] = [:]
        var order: [[String?]] = []
        for row in rows.rows {
            let k = keyOf(row)
            if groups[k] == nil { order.append(k) }
            groups[k, default: []].append(row)
        }
        let list = columns.joined(separator: ", ")
        // The stored rows of the keys being imported, found by one text key so joins can hash.
        let stored = try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT \(all.map { "t.\($0)" }.joined(separator: ", ")) FROM \(table.rawValue) t
                    WHERE \(keyText("t", key)) IN (SELECT \(keyText("s", key)) FROM \(staging) s) ORDER BY t.seq
                    """), logger: logger)
        var storedGroups: [[String?]: [[String?]]] = [:]
        for try await row in stored {
            let values = try row.map { try $0.decode(String?.self) }
            storedGroups[keyOf(values), default: []].append(values)
        }
        var counts = ImportSummary.Counts()
        var changed: [[String?]] = []
        for k in order {
            let incoming = groups[k]!
            let before = storedGroups[k] ?? []
            // As in the SQLite store, rows are compared whole: a column absent from the file reads as empty.
            if before == incoming {
                counts.unchanged += incoming.count
                continue
            }
            if before.isEmpty { counts.inserted += incoming.count } else { counts.updated += incoming.count }
            changed.append(k)
        }
        guard !changed.isEmpty else { return counts }
        let keysTable = "import_keys_\(table.rawValue)"
        try await stage(
            changed, into: keysTable, columns: key, types: key.map { _ in "TEXT" }, connection, logger)
        let changedKeys = "SELECT \(keyText("k", key, lowered: false)) FROM \(keysTable) k"
        try await connection.query(
            PostgresQuery(unsafeSQL: "DELETE FROM \(table.rawValue) t WHERE \(keyText("t", key)) IN (\(changedKeys))"),
            logger: logger)
        try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO \(table.rawValue) (\(list))
                    SELECT \(columns.map { "s.\($0)" }.joined(separator: ", ")) FROM \(staging) s
                    WHERE \(keyText("s", key)) IN (\(changedKeys)) ORDER BY s.ord
                    """), logger: logger)
        return counts
    }

    /// A natural key as one text value, so matching rows is an equality a hash join can do,
    /// whatever the number of keys. Each part is written with its length in front (`5:Alice`;
    /// `n` for an empty value; categories in lower case): no value, whatever characters it holds,
    /// can run into the next part, so two different keys never give the same text.
    static func keyText(_ alias: String, _ key: [String], lowered: Bool = true) -> String {
        key.map { column in
            let value =
                (column == "category" || column == "currency") && lowered
                ? "lower(\(alias).\(column))" : "\(alias).\(column)"
            return "coalesce(length(\(value))::text || ':' || \(value), 'n')"
        }.joined(separator: " || ")
    }

    /// Creates the temporary table `table` (dropped at commit; `columns` of SQL `types`) and
    /// streams rows into it with `COPY … FROM STDIN` in PostgreSQL's text format.
    static func stage<Rows: Sequence>(
        _ rows: Rows, into table: String, columns: [String], types: [String], _ connection: PostgresConnection,
        _ logger: Logger
    ) async throws where Rows.Element == [String?] {
        let definitions = zip(columns, types).map { "\($0) \($1)" }.joined(separator: ", ")
        try await connection.query(
            PostgresQuery(unsafeSQL: "CREATE TEMP TABLE \(table) (\(definitions)) ON COMMIT DROP"), logger: logger)
        try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
            var buffer = ByteBuffer()
            buffer.reserveCapacity(1 << 20)
            for row in rows {
                for (i, value) in row.enumerated() {
                    if i > 0 { buffer.writeInteger(UInt8(0x09)) }
                    guard let value else {
                        buffer.writeStaticString("\\N")
                        continue
                    }
                    // Most values need no escaping: write them whole.
                    guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
                        buffer.writeString(value)
                        continue
                    }
                    for byte in value.utf8 {
                        switch byte {
                        case 0x5C: buffer.writeStaticString("\\\\")
                        case 0x09: buffer.writeStaticString("\\t")
                        case 0x0A: buffer.writeStaticString("\\n")
                        case 0x0D: buffer.writeStaticString("\\r")
                        default: buffer.writeInteger(byte)
                        }
                    }
                }
                buffer.writeInteger(UInt8(0x0A))
                if buffer.readableBytes >= 1 << 20 {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
    }
}
