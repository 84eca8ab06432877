import Foundation
import SalesMetrics
import SalesMetricsIO

/// The body of `POST /api/v1/{entity}/batch`: a JSON array of records, or NDJSON (one record a
/// line), each an object of column names to strings, numbers, booleans or null.
enum BatchBody {
    static func records(_ body: [UInt8], ndjson: Bool) throws -> [[String: JSONScalar]] {
        let decoder = JSONDecoder()
        if !ndjson {
            // Counted before decoding: 16 MiB of `{},` would otherwise become millions of objects.
            let count = topLevelObjects(body)
            guard count <= PushedRecords.maxBatch else { throw tooMany(count) }
            do { return try decoder.decode([[String: JSONScalar]].self, from: Data(body)) } catch {
                throw APIError.badRequest(
                    "The body must be a JSON array of records (objects of column names to strings, numbers or null), or NDJSON with Content-Type application/x-ndjson."
                )
            }
        }
        var records: [[String: JSONScalar]] = []
        for (i, line) in body.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            guard records.count < PushedRecords.maxBatch else { throw tooMany(records.count + 1) }
            do { records.append(try decoder.decode([String: JSONScalar].self, from: Data(line))) } catch {
                throw APIError.badRequest("Line \(i + 1) of the NDJSON body is not one JSON object of column values.")
            }
        }
        return records
    }

    /// 422, not 413: the body may be small; it is the number of records a batch may not hold.
    static func tooMany(_ count: Int) -> APIError {
        APIError(
            status: .unprocessableContent,
            message:
                "A batch holds at most \(PushedRecords.maxBatch) records; this one has \(count > PushedRecords.maxBatch + 1 ? "\(count)" : "more"). Send it in parts."
        )
    }

    /// Objects directly inside a top-level JSON array (strings and nesting skipped).
    static func topLevelObjects(_ body: [UInt8]) -> Int {
        var depth = 0
        var inString = false
        var escaped = false
        var count = 0
        for byte in body {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                if byte == UInt8(ascii: "{") && depth == 1 { count += 1 }
                depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return count
    }

    /// The columns the records carry, in schema order: every record the same ones (a column left
    /// out of one record would have to mean "keep" there and "set" elsewhere), ids included.
    static func columns(of records: [[String: JSONScalar]], table: Table) throws -> [String] {
        guard let first = records.first else {
            throw APIError.unprocessable("The batch holds no record.")
        }
        let schema = TableSchema.columns(table).map(\.name)
        let keys = Set(first.keys)
        if let unknown = keys.sorted().first(where: { !schema.contains($0) }) {
            throw APIError.unprocessable(
                "record 1: " + RecordQueryError.unknownColumn(table: table, column: unknown).description)
        }
        if let idColumn = RowIdentity.of(table).idColumn, !keys.contains(idColumn) {
            throw APIError.unprocessable("record 1: every record needs its \(idColumn).")
        }
        for (i, record) in records.enumerated() where Set(record.keys) != keys {
            throw APIError.unprocessable(
                "record \(i + 1) has the columns \(record.keys.sorted().joined(separator: ", ")) but record 1 has \(keys.sorted().joined(separator: ", ")); send records with the same columns (null to empty one), or in separate batches."
            )
        }
        return schema.filter { keys.contains($0) }
    }
}
