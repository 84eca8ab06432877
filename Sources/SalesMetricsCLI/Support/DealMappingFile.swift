import Foundation
import SalesMetricsIO
import Yams

/// Reads a `--mapping FILE.yml` (see DealMapping and docs/import.md).
enum DealMappingFile {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    static func load(_ path: String) throws -> DealMapping {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem(description: "\(path) cannot be read; check that it exists and its permissions.")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Problem(description: "\(path) is not UTF-8 text.")
        }
        do {
            return try YAMLDecoder().decode(DealMapping.self, from: text)
        } catch {
            throw Problem(
                description:
                    "\(path) is not a deal mapping: \(error). It needs 'columns' (dataset column: [source headers]) and 'status' (column, won, lost); see docs/import.md."
            )
        }
    }
}
