import SalesMetrics

/// A file's rows as text, by schema column (`nil` = empty or column absent); for leads and
/// accounts, their other columns folded into one `attributes` column as the stores keep them
/// (``StoredAttributes``), present only when the file has such columns.
public struct TextRows: Sendable {
    public var columns: [String]
    /// Which schema columns the file had (absent ones are not overwritten on update).
    public var present: [Bool]
    public var rows: [[String?]]

    /// Parses a file that already passed validation.
    public init(table: Table, bytes: [UInt8]) throws {
        let schema = TableSchema.columns(table)
        columns = schema.map(\.name)
        let parser = CSVParser(bytes: bytes)
        var fields: [FieldBytes] = []
        _ = try parser.next(into: &fields)
        let header = fields.map { String(decoding: $0, as: UTF8.self).lowercased() }
        let positions = schema.map { spec in header.firstIndex(of: spec.name) }
        present = positions.map { $0 != nil }
        let extras = StoredAttributes.extraColumns(header, table: table).map { ($0, header.firstIndex(of: $0)!) }
        if !extras.isEmpty {
            columns.append(StoredAttributes.column)
            present.append(true)
        }
        rows = []
        while try parser.next(into: &fields) {
            if fields.count == 1 && fields[0].isEmpty { continue }
            let value = { (position: Int?) -> String? in
                guard let position, position < fields.count, !fields[position].isEmpty else { return nil }
                return String(decoding: fields[position], as: UTF8.self)
            }
            var row = positions.map(value)
            if !extras.isEmpty { row.append(StoredAttributes.json(extras.map { ($0.0, value($0.1)) })) }
            rows.append(row)
        }
    }

    public init(columns: [String], rows: [[String?]]) {
        self.columns = columns
        self.present = columns.map { _ in true }
        self.rows = rows
    }

    /// The rows as a CSV file (header included), with only the columns the rows had.
    public func presentCSV() -> [UInt8] {
        let kept = columns.indices.filter { present[$0] }
        return TextRows(columns: kept.map { columns[$0] }, rows: rows.map { row in kept.map { row[$0] } }).csv()
    }

    /// The rows as a CSV file (header included).
    public func csv() -> [UInt8] {
        var out: [UInt8] = []
        func field(_ value: String?) {
            if let value { CSVField.append(value.utf8, to: &out) }
        }
        for (i, name) in columns.enumerated() {
            if i > 0 { out.append(44) }
            field(name)
        }
        out.append(10)
        for row in rows {
            for (i, value) in row.enumerated() {
                if i > 0 { out.append(44) }
                field(value)
            }
            out.append(10)
        }
        return out
    }
}
