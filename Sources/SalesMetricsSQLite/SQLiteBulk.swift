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

    /// Runs `statement` once per CSV record of `bytes`, binding the schema columns the file has
    /// (in `columns` order; empty values as NULL). Returns (rows, rows SQLite reports as changed).
    static func execute(
        _ statement: Statement, for bytes: [UInt8], table: Table, columns: [String], _ db: Database,
        progress: (Int) -> Void = { _ in }
    ) throws -> (rows: Int, changed: Int) {
        let parser = CSVParser(bytes: bytes)
        var fields: [FieldBytes] = []
        _ = try parser.next(into: &fields)
        let header = fields.map { String(decoding: $0, as: UTF8.self).lowercased() }
        let positions = columns.map { header.firstIndex(of: $0)! }
        let stmt = statement.sqliteStatement
        let connection = db.sqliteConnection
        var rows = 0
        var changed = 0
        while try parser.next(into: &fields) {
            if fields.count == 1 && fields[0].isEmpty { continue }
            // A malformed row: validation, running alongside, reports it and rolls back.
            guard fields.count == header.count else {
                throw Failure(description: "\(table.fileName):\(parser.recordLine): the row does not match the header")
            }
            for (i, position) in positions.enumerated() {
                let value = fields[position]
                if value.isEmpty {
                    sqlite3_bind_null(stmt, Int32(i + 1))
                } else {
                    // SQLITE_STATIC (no destructor): the parser's buffer outlives the step that reads it.
                    sqlite3_bind_text(stmt, Int32(i + 1), value.baseAddress, Int32(value.count), nil)
                }
            }
            let code = sqlite3_step(stmt)
            guard code == SQLITE_DONE else {
                let message = String(cString: sqlite3_errmsg(connection))
                sqlite3_reset(stmt)
                throw Failure(description: "SQLite refused a row of \(table.fileName): \(message)")
            }
            changed += Int(sqlite3_changes(connection))
            sqlite3_reset(stmt)
            sqlite3_clear_bindings(stmt)
            rows += 1
            if rows % 16_384 == 0 { progress(rows) }
        }
        return (rows, changed)
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
