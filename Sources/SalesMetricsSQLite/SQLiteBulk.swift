import GRDB
import GRDBSQLite
import SalesMetrics
import SalesMetricsIO

/// The two hot paths of the store, on SQLite's C API: binding CSV fields
/// straight from the file's bytes, and writing query results straight into
/// CSV bytes. No `String` per value either way.
enum SQLiteBulk {

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Inserts every CSV record of `bytes` into `table`, binding the schema columns the file has
    /// (`columns`, in that order; empty values as NULL), followed by `conflictClause` (an upsert's
    /// `ON CONFLICT …`, or nothing). Returns (rows, rows SQLite reports as changed). `proceed` hears
    /// the rows done now and then; when it answers false, the insert stops by throwing.
    ///
    /// Rows go in batches of up to 64 per statement: one multi-row `INSERT` costs SQLite far less
    /// than 64 single-row ones (one statement start, one halt, one reset).
    static func insert(
        _ bytes: [UInt8], into table: Table, columns: [String], conflictClause: String = "", _ db: Database,
        proceed: (Int) -> Bool
    ) throws -> (rows: Int, changed: Int) {
        let parser = CSVParser(bytes: bytes)
        var fields: [FieldBytes] = []
        _ = try parser.next(into: &fields)
        let header = fields.map { String(decoding: $0, as: UTF8.self).lowercased() }
        let positions = columns.map { header.firstIndex(of: $0)! }
        let batchSize = 64
        func statement(rows: Int) throws -> Statement {
            let row = "(" + columns.map { _ in "?" }.joined(separator: ", ") + ")"
            return try db.makeStatement(
                sql: "INSERT INTO \(table.rawValue) (\(columns.joined(separator: ", "))) VALUES "
                    + Array(repeating: row, count: rows).joined(separator: ", ") + " " + conflictClause)
        }
        let full = try statement(rows: batchSize)
        // The pending rows' fields, flat; they point into the parser's buffer, which outlives them.
        var pending: [FieldBytes] = []
        pending.reserveCapacity(batchSize * columns.count)
        var rows = 0
        var changed = 0
        func flush(_ statement: Statement) throws {
            // The parser's buffer, which the values point into, outlives the step.
            try step(statement, pending[...], of: table, db)
            changed += Int(sqlite3_changes(db.sqliteConnection))
            rows += pending.count / columns.count
            pending.removeAll(keepingCapacity: true)
        }
        while try parser.next(into: &fields) {
            if fields.count == 1 && fields[0].isEmpty { continue }
            // A malformed row (validation reports these before anything is written).
            guard fields.count == header.count else {
                throw Failure(description: "\(table.fileName):\(parser.recordLine): the row does not match the header")
            }
            for position in positions { pending.append(fields[position]) }
            if pending.count == batchSize * columns.count {
                try flush(full)
                if rows % 16_384 == 0 && !proceed(rows) {
                    throw Failure(description: "the import of \(table.fileName) was stopped")
                }
            }
        }
        if !pending.isEmpty { try flush(try statement(rows: pending.count / columns.count)) }
        return withExtendedLifetime(parser) { (rows, changed) }
    }

    /// Runs `statement` once with `values` bound in order (empty values as NULL), which must stay
    /// alive until it returns.
    static func step(_ statement: Statement, _ values: ArraySlice<FieldBytes>, of table: Table, _ db: Database) throws {
        let stmt = statement.sqliteStatement
        defer { sqlite3_reset(stmt) }
        for (i, value) in values.enumerated() { bind(value, at: i + 1, stmt) }
        guard sqlite3_step(stmt) == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            throw Failure(description: "SQLite refused a row of \(table.fileName): \(message)")
        }
    }

    private static func bind(_ value: FieldBytes, at index: Int, _ stmt: OpaquePointer?) {
        if value.isEmpty {
            sqlite3_bind_null(stmt, Int32(index))
        } else {
            // SQLITE_STATIC (no destructor): callers keep the bytes alive until the step.
            sqlite3_bind_text(stmt, Int32(index), value.baseAddress, Int32(value.count), nil)
        }
    }

    /// Runs `statement` with `arguments` and then `blob` as its last argument, which SQLite reads
    /// in place (snapshots are hundreds of megabytes: no copies on the way in).
    static func execute(_ statement: Statement, _ arguments: StatementArguments, blob: [UInt8], _ db: Database) throws {
        statement.setUncheckedArguments(arguments)
        let stmt = statement.sqliteStatement
        defer { sqlite3_reset(stmt) }
        let code = blob.withUnsafeBytes { bytes in
            // SQLITE_STATIC (no destructor): `blob` outlives the step.
            sqlite3_bind_blob64(stmt, sqlite3_bind_parameter_count(stmt), bytes.baseAddress, UInt64(bytes.count), nil)
            return sqlite3_step(stmt)
        }
        guard code == SQLITE_DONE else {
            throw Failure(
                description:
                    "SQLite could not store the dataset: \(String(cString: sqlite3_errmsg(db.sqliteConnection)))")
        }
    }

    /// The result of `SELECT <columns>` as CSV bytes with a header.
    static func csv(_ statement: Statement, columns: [String]) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        out.append(contentsOf: columns.joined(separator: ",").utf8)
        out.append(10)
        let stmt = statement.sqliteStatement
        defer { sqlite3_reset(stmt) }
        while true {
            let code = sqlite3_step(stmt)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw Failure(description: "SQLite failed reading the data (code \(code))")
            }
            for i in 0..<Int32(columns.count) {
                if i > 0 { out.append(44) }
                guard let text = sqlite3_column_text(stmt, i) else { continue }
                let value = UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(stmt, i)))
                CSVField.append(value, to: &out)
            }
            out.append(10)
        }
        return out
    }
}
