import Foundation
import GRDB
import GRDBSQLite
import SalesMetrics
import SalesMetricsIO

/// A file of rows without ids (stage history, spend, quotas, forecasts, activities), grouped by
/// natural key, and the replacement of each group's stored rows by the file's.
///
/// Values are compared as bytes, as they come from the file and from SQLite: millions of rows
/// cost no `String` each.
struct NaturalKeyGroups {
    struct Group {
        /// The file's rows of this key (row numbers into `values`), in file order.
        var rows: [Int] = []
        /// Stored rows of this key read so far, and whether each equalled the file's row at the
        /// same place (stored rows come in the order they were written).
        var storedRows = 0
        var differs = false

        var unchanged: Bool { !differs && storedRows == rows.count }
    }

    let table: Table
    /// Every schema column: a column the file lacks is empty in the rows that replace.
    let columns: [String]
    let keyColumns: [Int]
    /// Categories are case-insensitive: compared in lower case.
    let folded: [Bool]
    /// Keeps the bytes `values` points into.
    private let parser: CSVParser
    /// The file's values, `columns.count` per row.
    private var values: [FieldBytes] = []
    private var index: [[UInt8]: Int] = [:]
    private var groups: [Group] = []

    init(_ bytes: [UInt8], _ table: Table, _ key: [String]) throws {
        self.table = table
        let columns = TableSchema.columns(table).map(\.name)
        self.columns = columns
        keyColumns = key.map { columns.firstIndex(of: $0)! }
        folded = key.map { $0 == "category" || $0 == "currency" }  // case-insensitive words and codes
        parser = CSVParser(bytes: bytes)
        var fields: [FieldBytes] = []
        _ = try parser.next(into: &fields)
        let header = fields.map { String(decoding: $0, as: UTF8.self).lowercased() }
        let positions = columns.map { header.firstIndex(of: $0) }
        let empty = FieldBytes(start: nil, count: 0)
        var row = [FieldBytes](repeating: empty, count: columns.count)
        var key: [UInt8] = []
        while try parser.next(into: &fields) {
            if fields.count == 1 && fields[0].isEmpty { continue }
            for (i, position) in positions.enumerated() {
                row[i] = position.flatMap { $0 < fields.count ? fields[$0] : nil } ?? empty
            }
            encodeKey(of: row, into: &key)
            let g = index[key] ?? addGroup(key)
            groups[g].rows.append(values.count / columns.count)
            values.append(contentsOf: row)
        }
    }

    private func encodeKey(of row: [FieldBytes], into key: inout [UInt8]) {
        key.removeAll(keepingCapacity: true)
        for (i, column) in keyColumns.enumerated() { Self.encode(row[column], into: &key, folded: folded[i]) }
    }

    private mutating func addGroup(_ key: [UInt8]) -> Int {
        index[key] = groups.count
        groups.append(Group())
        return groups.count - 1
    }

    /// Whether two values are the same bytes (an empty value is stored as NULL: both empty).
    private static func equal(_ a: FieldBytes, _ b: FieldBytes) -> Bool {
        a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }

    /// A key value as a null marker (empty values are stored as NULL), or 1, its length and its bytes.
    private static func encode(_ value: FieldBytes, into out: inout [UInt8], folded: Bool = false) {
        guard !value.isEmpty else {
            out.append(0)
            return
        }
        out.append(1)
        withUnsafeBytes(of: UInt32(value.count).littleEndian) { out.append(contentsOf: $0) }
        if folded {
            for byte in value { out.append(byte >= 65 && byte <= 90 ? byte + 32 : byte) }
        } else {
            out.append(contentsOf: value)
        }
    }

    /// Replaces the stored rows of every group that differs from the file's (inside the
    /// caller's transaction) and counts rows inserted (a new key), updated and unchanged.
    mutating func replace(_ db: Database) throws -> ImportSummary.Counts {
        try readStored(db)
        let delete = try db.makeStatement(sql: "DELETE FROM \(table.rawValue) WHERE \(keyCondition)")
        let insert = try db.makeStatement(
            sql: "INSERT INTO \(table.rawValue) (\(columns.joined(separator: ", "))) VALUES ("
                + columns.map { _ in "?" }.joined(separator: ", ") + ")")
        var counts = ImportSummary.Counts()
        for (g, group) in groups.enumerated() {
            if group.unchanged {
                counts.unchanged += group.rows.count
                continue
            }
            if group.storedRows == 0 { counts.inserted += group.rows.count } else { counts.updated += group.rows.count }
            try delete.execute(arguments: keyArguments(of: g))
            for row in group.rows {
                try SQLiteBulk.step(insert, values[(row * columns.count)..<((row + 1) * columns.count)], of: table, db)
            }
        }
        return withExtendedLifetime(parser) { counts }
    }

    /// Reads the stored rows of the file's keys: a push of a few keys (a deal's stage history from
    /// a webhook) through the key index, one query per key, so it costs what it changes; an import
    /// of many keys in one scan of the table rather than a query per key.
    private mutating func readStored(_ db: Database) throws {
        if groups.count <= 1000 {
            let select = try db.makeStatement(
                sql:
                    "SELECT \(columns.joined(separator: ", ")) FROM \(table.rawValue) WHERE \(keyCondition) ORDER BY seq"
            )
            for g in groups.indices {
                try select.setArguments(keyArguments(of: g))
                try scan(select.sqliteStatement)
            }
        } else {
            let select = try db.makeStatement(
                sql: "SELECT \(columns.joined(separator: ", ")) FROM \(table.rawValue) ORDER BY seq")
            try scan(select.sqliteStatement)
        }
    }

    /// `key1 IS ? AND …`, categories and currencies compared in lower case.
    private var keyCondition: String {
        keyColumns.indices.map { i in
            folded[i] ? "lower(\(columns[keyColumns[i]])) IS ?" : "\(columns[keyColumns[i]]) IS ?"
        }.joined(separator: " AND ")
    }

    /// The values of group `g`'s key, for `keyCondition` (empty: NULL).
    private func keyArguments(of g: Int) -> StatementArguments {
        let first = groups[g].rows[0] * columns.count
        return StatementArguments(
            keyColumns.indices.map { i -> String? in
                let value = values[first + keyColumns[i]]
                guard !value.isEmpty else { return nil }
                let text = String(decoding: value, as: UTF8.self)
                return folded[i] ? text.lowercased() : text
            })
    }

    /// Steps a statement over stored rows, matching each to its group.
    private mutating func scan(_ stmt: OpaquePointer) throws {
        defer { sqlite3_reset(stmt) }
        var row = [FieldBytes](repeating: FieldBytes(start: nil, count: 0), count: columns.count)
        var key: [UInt8] = []
        while true {
            let code = sqlite3_step(stmt)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw SQLiteBulk.Failure(description: "SQLite failed reading \(table.rawValue) (code \(code))")
            }
            for i in columns.indices {
                let text = sqlite3_column_text(stmt, Int32(i))
                row[i] = FieldBytes(start: text, count: Int(sqlite3_column_bytes(stmt, Int32(i))))
            }
            encodeKey(of: row, into: &key)
            guard let g = index[key] else { continue }
            let n = groups[g].storedRows
            groups[g].storedRows += 1
            if groups[g].differs { continue }
            guard n < groups[g].rows.count else {
                groups[g].differs = true
                continue
            }
            let incoming = groups[g].rows[n] * columns.count
            for i in columns.indices where !Self.equal(row[i], values[incoming + i]) {
                groups[g].differs = true
                break
            }
        }
    }
}
