import Foundation
import Yams

/// A small YAML file people write (targets, mappings), read with the checks both need: readable,
/// at most 1 MiB (refused before it is parsed), UTF-8, valid YAML. Problems are sentences that
/// start with the path.
enum YAMLFile {
    static let maxBytes = 1 << 20

    /// The file's root node; `kind` names the file in the size error ("a targets file").
    static func root(_ path: String, kind: String) throws(YAMLFileProblem) -> (text: String, root: Node?) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw YAMLFileProblem(line: "\(path): cannot be read; check that it exists and its permissions.")
        }
        guard data.count <= maxBytes else {
            throw YAMLFileProblem(line: "\(path): \(data.count) bytes is larger than \(kind) can be (1 MiB).")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw YAMLFileProblem(line: "\(path): not UTF-8 text; save it as UTF-8.")
        }
        return (text, try compose(text, path: path))
    }

    static func compose(_ text: String, path: String) throws(YAMLFileProblem) -> Node? {
        do { return try Yams.compose(yaml: text) } catch {
            throw YAMLFileProblem(line: "\(path): not valid YAML: \(error)")
        }
    }

    /// `:LINE:COLUMN` of a node, for `FILE:LINE:COLUMN: …`.
    static func at(_ node: Node?) -> String { node?.mark.map { ":\($0.line):\($0.column)" } ?? "" }
}

struct YAMLFileProblem: Error {
    var line: String
}
