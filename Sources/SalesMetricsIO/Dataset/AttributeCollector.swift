import SalesMetrics

/// Gathers a file's attribute columns (its columns beyond the schema's, for leads and
/// accounts) while its rows are read: each value dictionary-encoded from the file's bytes.
///
/// Columns come sorted by name and columns empty on every row are dropped, so a file and the
/// store's export of it (which writes only the attributes a row has) read to the same dataset.
struct AttributeCollector {
    private var interners: [ByteInterner]
    private var codes: [[Int32]]
    private var row: [Int32]

    init(_ r: RowReader) {
        interners = r.extras.map { _ in ByteInterner() }
        codes = r.extras.map { _ in [] }
        row = r.extras.map { _ in StringCodes.none }
    }

    /// Reads the current row's values (logging values that are too long or not UTF-8).
    mutating func read(_ r: inout RowReader) {
        for k in row.indices { row[k] = r.attribute(k, &interners[k]) }
    }

    /// Keeps the values read last: the row is in the table.
    mutating func keep() {
        for k in row.indices { codes[k].append(row[k]) }
    }

    func columns(_ r: RowReader) -> AttributeColumns {
        AttributeColumns(
            columns: r.extras.indices.compactMap { k in
                guard interners[k].count > 0 else { return nil }
                let values = interners[k].strings()
                return AttributeColumn(
                    name: r.extras[k].name, kind: AttributeKind.infer(values),
                    values: StringCodes(uniqueValues: values),
                    codes: codes[k])
            })
    }
}
