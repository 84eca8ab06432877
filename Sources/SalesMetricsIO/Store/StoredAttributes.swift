import Foundation
import SalesMetrics

/// How both stores keep the attributes of leads and accounts (their columns beyond the schema,
/// docs/data-format.md "Attributes"): one `attributes` column per row holding a JSON object of
/// the row's non-empty values by column name (lowercased, as headers are matched), names in
/// byte order; no column (NULL) when the row has none.
///
/// The same file imported twice gives the same text, so a re-import counts its rows unchanged;
/// a file with attribute columns replaces a row's attributes, a file without leaves them alone;
/// and a store's export writes the attributes back as columns, so the snapshot rebuilt from it
/// equals the dataset read from the files.
public enum StoredAttributes {
    public static let column = "attributes"

    /// The columns a store keeps for a table: its schema's, then `attributes` for leads and accounts.
    public static func columns(_ table: Table) -> [String] {
        TableSchema.columns(table).map(\.name) + (Table.withAttributes.contains(table) ? [column] : [])
    }

    /// The header names a file has beyond its table's schema, when they are kept as attributes.
    public static func extraColumns(_ header: [String], table: Table) -> [String] {
        guard Table.withAttributes.contains(table) else { return [] }
        let schema = Set(TableSchema.columns(table).map(\.name))
        return header.map { $0.lowercased() }.filter { !$0.isEmpty && !schema.contains($0) }
    }

    /// The stored text of a row's attributes; nil when it has no value.
    public static func json(_ pairs: [(name: String, value: String?)]) -> String? {
        let kept = pairs.compactMap { pair in pair.value.map { (pair.name, $0) } }
            .sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        guard !kept.isEmpty else { return nil }
        return "{" + kept.map { Report.quoted($0.0) + ":" + Report.quoted($0.1) }.joined(separator: ",") + "}"
    }

    /// A table as a store exports it (its stored columns, `attributes` holding JSON) turned back
    /// into the dataset file: the attributes as columns of their own, in name order, after the
    /// schema's.
    public static func expand(_ bytes: [UInt8]) throws -> [UInt8] {
        let parser = CSVParser(bytes: bytes)
        var fields: [FieldBytes] = []
        guard try parser.next(into: &fields) else { return bytes }
        let header = fields.map { String(decoding: $0, as: UTF8.self) }
        guard let at = header.firstIndex(of: column) else { return bytes }
        var rows: [[String?]] = []
        var objects: [[String: String]] = []
        var names = Set<String>()
        let decoder = JSONDecoder()
        while try parser.next(into: &fields) {
            var row = fields.map { $0.isEmpty ? nil : String(decoding: $0, as: UTF8.self) }
            let text = row.remove(at: at)
            let object = try text.map { try decoder.decode([String: String].self, from: Data($0.utf8)) } ?? [:]
            names.formUnion(object.keys)
            rows.append(row)
            objects.append(object)
        }
        let sorted = names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var columns = header
        columns.remove(at: at)
        return TextRows(
            columns: columns + sorted,
            rows: zip(rows, objects).map { row, object in row + sorted.map { object[$0] } }
        ).csv()
    }
}
