import Foundation
import SalesMetrics
import SalesMetricsIO
import Yams

/// Reads a targets file (`targets import FILE.yml`; docs/review.md): a list under `targets:`,
/// each entry a ``TargetSpec``. Every problem is reported as `FILE:LINE:COLUMN: …`, and a file
/// with any problem gives no targets.
enum TargetsFile {
    struct Problems: Error, CustomStringConvertible {
        var lines: [String]
        var description: String { lines.joined(separator: "\n") }
    }

    /// A file is refused before it is parsed past 1 MiB: far more than 500 targets.
    static func load(_ path: String) throws(Problems) -> [Target] {
        let root: Node?
        do { root = try YAMLFile.root(path, kind: "a targets file").root } catch { throw Problems(lines: [error.line]) }
        return try parse(root, path: path)
    }

    static func parse(_ text: String, path: String) throws(Problems) -> [Target] {
        let root: Node?
        do { root = try YAMLFile.compose(text, path: path) } catch { throw Problems(lines: [error.line]) }
        return try parse(root, path: path)
    }

    static func parse(_ root: Node?, path: String) throws(Problems) -> [Target] {
        var problems: [String] = []
        func report(_ node: Node?, _ message: String) {
            let at = node?.mark.map { ":\($0.line):\($0.column)" } ?? ""
            problems.append("\(path)\(at): \(message)")
        }
        let entries: Node.Sequence
        if let sequence = root?.sequence {
            entries = sequence
        } else if let mapping = root?.mapping, let list = mapping["targets"]?.sequence, mapping.count == 1 {
            entries = list
        } else {
            throw Problems(lines: [
                "\(path)\(root?.mark.map { ":\($0.line):\($0.column)" } ?? ""): a targets file is a list under 'targets:' (docs/review.md has an example)."
            ])
        }
        var targets: [Target] = []
        var names: [String: Int] = [:]
        for entry in entries {
            guard let mapping = entry.mapping else {
                report(entry, "each target is a mapping of name, metric, at_least or at_most, …")
                continue
            }
            var spec = TargetSpec()
            var nodes: [String: Node] = [:]
            for (keyNode, value) in mapping {
                let key = keyNode.string ?? ""
                nodes[key] = value
                switch key {
                case "name": spec.name = scalar(value)
                case "metric": spec.metric = scalar(value)
                case "at_least": spec.atLeast = scalar(value)
                case "at_most": spec.atMost = scalar(value)
                case "grains", "grain":
                    nodes["grains"] = value
                    spec.grains = value.sequence.map { $0.compactMap(scalar) } ?? scalar(value).map { [$0] } ?? []
                case "scope":
                    guard let scope = value.mapping else {
                        report(
                            value, "'scope' is a mapping of one dimension to its value, such as {segment: Enterprise}")
                        continue
                    }
                    spec.scope = scope.map { ($0.key.string ?? "", scalar($0.value) ?? "") }
                case "valid_from": spec.validFrom = scalar(value)
                case "valid_until": spec.validUntil = scalar(value)
                case "note": spec.note = scalar(value)
                default:
                    report(
                        keyNode,
                        "unknown field '\(key.prefix(40))'; a target has " + TargetSpec.fields.joined(separator: ", "))
                }
            }
            do {
                let target = try spec.target()
                if let line = names[target.name] {
                    report(nodes["name"], "the name '\(target.name)' is used twice (first on line \(line))")
                } else {
                    names[target.name] = nodes["name"]?.mark?.line ?? 0
                    targets.append(target)
                }
            } catch {
                let label = spec.name.map { "target '\($0.prefix(64))'" } ?? "target"
                for p in error.list { report(nodes[p.field] ?? entry, "\(label): \(p)") }
            }
        }
        if !problems.isEmpty { throw Problems(lines: problems) }
        return targets
    }

    /// A scalar's text (numbers and dates as written).
    private static func scalar(_ node: Node) -> String? { node.scalar?.string }

    /// Targets as a file `parse` reads back.
    static func yaml(_ targets: [Target]) -> String {
        var out = "targets:\n"
        for t in targets {
            let spec = TargetSpec(t)
            out += "  - name: \(quoted(t.name))\n    metric: \(t.metric.rawValue)\n"
            out += spec.atLeast.map { "    at_least: \($0)\n" } ?? ""
            out += spec.atMost.map { "    at_most: \($0)\n" } ?? ""
            if !spec.grains.isEmpty { out += "    grains: [\(spec.grains.joined(separator: ", "))]\n" }
            if let scope = spec.scope.first { out += "    scope: {\(scope.dimension): \(quoted(scope.key))}\n" }
            out += spec.validFrom.map { "    valid_from: \($0)\n" } ?? ""
            out += spec.validUntil.map { "    valid_until: \($0)\n" } ?? ""
            out += spec.note.map { "    note: \(quoted($0))\n" } ?? ""
        }
        return out
    }

    /// A YAML double-quoted string.
    private static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20: out += String(format: "\\x%02X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
