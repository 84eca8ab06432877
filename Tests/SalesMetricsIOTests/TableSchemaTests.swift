import Foundation
import SalesMetrics
import SalesMetricsIO
import Testing

/// The reader does what the schema says: for every table, a row of valid values of each column's
/// type reads cleanly, and a malformed value in any typed column, an out-of-range integer, or an
/// empty required column is an error naming that column. Change a column's type or requirement in
/// TableSchema without the reader (or the other way round) and this fails.
@Suite struct TableSchemaTests {
    /// A valid value of the column's type; dates and timestamps rise with the column's position so
    /// that rules between columns (closed after created, ended after started) hold.
    static func valid(_ column: ColumnSpec, position: Int) -> String {
        switch column.type {
        case .text: "x\(position)"
        case .date, .timestamp: "2024-01-\(String(format: "%02d", position + 1))"
        case .money: "12.50"
        case .hours, .quantity: "7.5"
        // The dataset currency, which needs no rate.
        case .currency: "usd"
        case .rate: "1.0825"
        case .integer(let range): String(range.upperBound)
        // The last word: `lost` for a deal, whose closed_at the valid row fills in.
        case .choice(let words): words.last!
        }
    }

    static func file(_ table: Table, _ change: (Int) -> String?) -> [Table: [UInt8]] {
        let columns = TableSchema.columns(table)
        let header = columns.map(\.name).joined(separator: ",")
        let row = columns.enumerated().map { i, c in change(i) ?? valid(c, position: i) }.joined(separator: ",")
        return [table: Array("\(header)\n\(row)\n".utf8)]
    }

    static func errors(_ files: [Table: [UInt8]]) -> [DatasetIssue] {
        do {
            _ = try DatasetReader().read(files: files)
            return []
        } catch { return error.errors }
    }

    @Test(arguments: Table.allCases) func theReaderReadsWhatTheSchemaDescribes(table: Table) {
        #expect(Self.errors(Self.file(table) { _ in nil }).isEmpty, "a valid \(table.fileName) row")
        for (i, column) in TableSchema.columns(table).enumerated() {
            if column.type != .text {
                let bad = Self.errors(Self.file(table) { $0 == i ? "not-a-value" : nil })
                #expect(bad.contains { $0.column == column.name }, "\(table.fileName) \(column.name): \(bad)")
            }
            if case .integer(let range) = column.type {
                let above = Self.errors(Self.file(table) { $0 == i ? String(range.upperBound + 1) : nil })
                #expect(above.contains { $0.column == column.name }, "\(table.fileName) \(column.name) above range")
            }
            let empty = Self.errors(Self.file(table) { $0 == i ? "" : nil })
            // Emptying a column empties only itself, unless a rule ties it to another (closed_at of a lost deal).
            if column.required {
                #expect(empty.contains { $0.column == column.name }, "\(table.fileName) \(column.name) empty: \(empty)")
            } else if !(table == .opportunities && column.name == "closed_at") {
                #expect(empty.isEmpty, "\(table.fileName) \(column.name) may be empty: \(empty)")
            }
        }
    }

    @Test func choicesAreCaseInsensitive() {
        for table in Table.allCases {
            for (i, column) in TableSchema.columns(table).enumerated() {
                guard case .choice(let words) = column.type else { continue }
                let upper = Self.errors(Self.file(table) { $0 == i ? words.last!.uppercased() : nil })
                #expect(upper.isEmpty, "\(table.fileName) \(column.name) \(words.last!.uppercased()): \(upper)")
            }
        }
    }
}
