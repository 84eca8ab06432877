import Foundation
import SalesMetrics
import SalesMetricsIO
import Yams

/// Reads a `--mapping FILE.yml` (docs/import.md, "Mappings"): either a list of entities under
/// `entities:` (an ``ImportMapping``), or the short form of one deal export, `columns:` and
/// `status:` (a ``DealMapping``). Every problem is reported as `FILE:LINE:COLUMN: …`.
enum MappingFile {
    enum Loaded {
        case entities(ImportMapping)
        case deals(DealMapping)
    }

    struct Problems: Error, CustomStringConvertible {
        var lines: [String]
        var description: String { lines.joined(separator: "\n") }
    }

    static let entityKeys = ["entity", "file", "join", "columns", "attributes", "skip"]
    static let ruleKeys = ["from", "earliest", "latest", "map", "other", "default", "value", "when"]

    /// A mapping is a page of YAML: a file past 1 MiB is refused before it is parsed.
    static func load(_ path: String) throws(Problems) -> Loaded {
        let file: (text: String, root: Node?)
        do { file = try YAMLFile.root(path, kind: "a mapping file") } catch { throw Problems(lines: [error.line]) }
        return try parse(file.text, root: file.root, path: path)
    }

    static func parse(_ text: String, root: Node?, path: String) throws(Problems) -> Loaded {
        guard let top = root?.mapping else {
            throw Problems(lines: [
                "\(path)\(at(root)): a mapping file is a YAML mapping with 'entities:' (docs/import.md has examples)."
            ])
        }
        if top["entities"] == nil && top["columns"] != nil {
            do { return .deals(try YAMLDecoder().decode(DealMapping.self, from: text)) } catch {
                throw Problems(lines: [
                    "\(path) is not a deal mapping: \(error). It needs 'columns' (dataset column: [source headers]) and 'status' (column, won, lost); see docs/import.md."
                ])
            }
        }
        var problems: [String] = []
        func report(_ node: Node?, _ message: String) { problems.append("\(path)\(at(node)): \(message)") }
        var order = DealMapping.DateOrder.mdy
        var entities: [EntityMapping] = []
        for (keyNode, value) in top {
            switch keyNode.string ?? "" {
            case "date_order":
                guard let o = value.string.flatMap({ DealMapping.DateOrder(rawValue: $0.uppercased()) }) else {
                    report(value, "date_order is MDY (5/11/2023 is May 11) or DMY (11 May)")
                    continue
                }
                order = o
            case "entities":
                guard let list = value.sequence, list.count <= 64 else {
                    report(value, "'entities' is a list (at most 64) of {entity, file, columns, …}")
                    continue
                }
                for node in list {
                    if let entity = self.entity(node, report: report) { entities.append(entity) }
                }
            default:
                report(
                    keyNode, "unknown key '\((keyNode.string ?? "").prefix(40))'; a mapping has entities and date_order"
                )
            }
        }
        if entities.isEmpty && problems.isEmpty { report(root, "the mapping has no entities") }
        if !problems.isEmpty { throw Problems(lines: problems) }
        return .entities(ImportMapping(entities: entities, dateOrder: order))
    }

    private static func at(_ node: Node?) -> String { YAMLFile.at(node) }

    /// Scalars of a scalar or a list of scalars (at most 64).
    private static func names(_ node: Node) -> [String]? {
        if let s = node.scalar { return [s.string] }
        guard let list = node.sequence, list.count <= 64 else { return nil }
        let names = list.compactMap { $0.scalar?.string }
        return names.count == list.count ? names : nil
    }

    private static func entity(_ node: Node, report: (Node?, String) -> Void) -> EntityMapping? {
        guard let fields = node.mapping else {
            report(node, "each entity is a mapping of " + entityKeys.joined(separator: ", "))
            return nil
        }
        let tables = Table.allCases.map(\.rawValue).joined(separator: ", ")
        guard let tableNode = fields["entity"],
            let table = tableNode.string.flatMap({
                Table(rawValue: $0.lowercased().replacingOccurrences(of: ".csv", with: ""))
            })
        else {
            report(fields["entity"] ?? node, "'entity' names the dataset file to fill: one of \(tables)")
            return nil
        }
        guard let file = fields["file"]?.string, !file.isEmpty else {
            report(fields["file"] ?? node, "'file' names the CSV file the \(table.rawValue) rows come from")
            return nil
        }
        var entity = EntityMapping(table: table, file: (file as NSString).lastPathComponent, columns: [])
        var ok = true
        for (keyNode, value) in fields {
            switch keyNode.string ?? "" {
            case "entity", "file": break
            case "join":
                guard let list = value.sequence ?? value.mapping.map({ _ in [value] }) else {
                    report(value, "'join' is a list of {as, file, on, key}")
                    ok = false
                    continue
                }
                for j in list {
                    guard let m = j.mapping, let alias = m["as"]?.string, let other = m["file"]?.string,
                        let on = m["on"]?.string, !alias.isEmpty, !alias.contains(".")
                    else {
                        report(
                            j,
                            "a join needs 'as' (a name without dots), 'file' and 'on' (and 'key' when the joined file calls it differently)"
                        )
                        ok = false
                        continue
                    }
                    entity.joins.append(
                        Join(
                            alias: alias, file: (other as NSString).lastPathComponent, on: on,
                            key: m["key"]?.string ?? on))
                }
            case "columns":
                guard let columns = value.mapping, columns.count <= 64 else {
                    report(value, "'columns' is a mapping (at most 64) of dataset column: source column or rule")
                    ok = false
                    continue
                }
                for (name, ruleNode) in columns {
                    guard let rule = self.rule(ruleNode, report: report) else {
                        ok = false
                        continue
                    }
                    entity.columns.append((name.string ?? "", rule))
                }
            case "attributes":
                // A list of source headers (each an attribute of the same name), or a mapping of
                // attribute name: source header or rule, like `columns`.
                if let list = names(value) {
                    entity.attributes += list.map { ($0, ValueRule(columns: [$0])) }
                    continue
                }
                guard let pairs = value.mapping, pairs.count <= AttributeColumns.maxColumns else {
                    report(
                        value,
                        "'attributes' is a list of source headers, or a mapping (at most \(AttributeColumns.maxColumns)) of attribute name: source header or rule"
                    )
                    ok = false
                    continue
                }
                for (name, ruleNode) in pairs {
                    guard let rule = self.rule(ruleNode, report: report) else {
                        ok = false
                        continue
                    }
                    entity.attributes.append((name.string ?? "", rule))
                }
            case "skip":
                guard let skips = value.mapping else {
                    report(value, "'skip' is a mapping of source column: values whose rows are left out")
                    ok = false
                    continue
                }
                for (column, values) in skips {
                    if column.string == "same" {
                        guard let pair = names(values), pair.count == 2 else {
                            report(
                                values,
                                "'same' is a list of two columns: rows where they hold the same value are left out")
                            ok = false
                            continue
                        }
                        entity.skipSame.append((pair[0], pair[1]))
                        continue
                    }
                    guard let list = names(values) else {
                        report(values, "the values to skip are a value or a list of values")
                        ok = false
                        continue
                    }
                    entity.skip.append((column.string ?? "", list))
                }
            default:
                report(
                    keyNode,
                    "unknown key '\((keyNode.string ?? "").prefix(40))'; an entity has "
                        + entityKeys.joined(separator: ", "))
                ok = false
            }
        }
        for missing in entity.missingRequired {
            report(
                fields["columns"] ?? node, "\(table.fileName) needs column \(missing): say which source column gives it"
            )
            ok = false
        }
        return ok ? entity : nil
    }

    private static func rule(_ node: Node, report: (Node?, String) -> Void) -> ValueRule? {
        if let list = names(node) { return ValueRule(columns: list) }
        guard let fields = node.mapping else {
            report(
                node,
                "a column is a source header, a list of headers, or a rule with " + ruleKeys.joined(separator: ", "))
            return nil
        }
        var rule = ValueRule()
        var ok = true
        for (keyNode, value) in fields {
            let key = keyNode.string ?? ""
            switch key {
            case "from", "earliest", "latest":
                guard let list = names(value), rule.columns.isEmpty else {
                    report(value, "'\(key)' is a header or a list of headers (one of from, earliest, latest)")
                    ok = false
                    continue
                }
                rule.columns = list
                rule.pick = ValueRule.Pick(rawValue: key) ?? .first
            case "map":
                guard let pairs = value.mapping, pairs.count <= 1000 else {
                    report(value, "'map' is a mapping (at most 1,000) of source value: dataset value")
                    ok = false
                    continue
                }
                for (from, to) in pairs {
                    guard let f = from.scalar?.string, let t = to.scalar?.string else {
                        report(from, "each 'map' entry is a value: value pair")
                        ok = false
                        continue
                    }
                    rule.map[f.lowercased()] = t
                }
            case "other", "default", "value", "when":
                guard let s = value.scalar?.string else {
                    report(value, "'\(key)' is a single value")
                    ok = false
                    continue
                }
                switch key {
                case "other": rule.other = s
                case "when": rule.when = [s]
                default: rule.fallback = s
                }
            default:
                report(
                    keyNode, "unknown key '\(key.prefix(40))'; a column rule has " + ruleKeys.joined(separator: ", "))
                ok = false
            }
        }
        if rule.columns.isEmpty && rule.fallback == nil {
            report(node, "the rule takes no column ('from') and gives no 'value'")
            ok = false
        }
        return ok ? rule : nil
    }
}
