import Foundation
import SalesMetrics

/// Converts source files of any layout into dataset files with an ``ImportMapping``.
///
/// Every value is checked against its dataset column's type here, so a bad value is reported at
/// the source file's line and header; what only the dataset reader can see (unique ids, dates out
/// of order) is located back to the source with ``MappedFiles/locate(_:)``.
public enum MappingImport {
    public struct Problems: Error, CustomStringConvertible {
        public var lines: [String]
        public var description: String { lines.joined(separator: "\n") }
    }

    /// Problems found, the first 50 kept (a file of bad rows lists 50, and counts the rest).
    struct ProblemList {
        private(set) var lines: [String] = []
        private(set) var count = 0
        var isEmpty: Bool { count == 0 }

        mutating func append(_ line: String) {
            count += 1
            if lines.count < 50 { lines.append(line) }
        }

        var all: [String] { lines + (count > lines.count ? ["… and \(count - lines.count) more problems."] : []) }
    }

    /// `files` by lower-cased file name. `strict`: every source column a rule names must be in its
    /// file (user mappings); otherwise (built-in CRM mappings) a rule none of whose columns are
    /// there leaves its dataset column out.
    public static func convert(_ files: [String: [UInt8]], mapping: ImportMapping, strict: Bool = true) throws(Problems)
        -> MappedFiles
    {
        var problems = ProblemList()
        var notes: [String] = []
        var sources: [String: SourceFile] = [:]
        for name in mapping.fileNames {
            guard let bytes = files[name.lowercased()] else {
                problems.append(
                    "The mapping reads \(name), which was not given: add the file (or its folder) to the command.")
                continue
            }
            do {
                sources[name.lowercased()] = try readSource(name: name, bytes: bytes, notes: &notes)
            } catch {
                problems.append(error.description)
            }
        }
        if !problems.isEmpty { throw Problems(lines: problems.all) }

        var tables: [Table: TableRows] = [:]
        for entity in mapping.entities {
            let source = sources[entity.file.lowercased()]!
            guard
                let plan = EntityPlan(
                    entity, source: source, sources: sources, strict: strict, problems: &problems)
            else { continue }
            var rows = tables[entity.table] ?? TableRows()
            plan.convert(into: &rows, dateOrder: mapping.dateOrder, problems: &problems, notes: &notes)
            tables[entity.table] = rows
        }
        if !problems.isEmpty { throw Problems(lines: problems.all + ["Nothing was imported."]) }
        var result = MappedFiles(files: [:], notes: notes, origins: [:])
        for (table, rows) in tables {
            // The schema's columns, then the attributes in the order the mapping gives them.
            let schema = TableSchema.columns(table).map(\.name)
            let order = schema.filter { rows.columns.contains($0) } + rows.columns.filter { !schema.contains($0) }
            let positions = order.map { rows.columns.firstIndex(of: $0)! }
            result.files[table] = TextRows(
                columns: order, rows: rows.values.map { row in positions.map { $0 < row.count ? row[$0] : nil } }
            ).csv()
            result.origins[table] = rows.origins
        }
        return result
    }

    static func readSource(name: String, bytes: [UInt8], notes: inout [String]) throws(Problems) -> SourceFile {
        var text = bytes
        if String(validating: bytes, as: UTF8.self) == nil {
            text = Windows1252.utf8(bytes)
            notes.append(
                "\(name): the file is not UTF-8; it was read as Windows-1252 (Latin-1), as Salesforce exports are.")
        }
        do { return try SourceFile(name: name, bytes: text) } catch { throw Problems(lines: ["\(error)"]) }
    }

    /// The rows made for one dataset file so far.
    struct TableRows {
        var columns: [String] = []
        var values: [[String?]] = []
        var origins: [MappedFiles.Origin] = []
    }
}

/// Dataset files made by a mapping, with where each row came from.
public struct MappedFiles: Sendable {
    public var files: [Table: [UInt8]]
    /// What was left out or changed, as sentences.
    public var notes: [String]

    public struct Origin: Sendable, Equatable {
        public var file: String
        public var line: Int
        /// Dataset column → the source column its value came from.
        public var columns: [String: String]
    }

    /// Per dataset file, the source of each data row (row k is line k + 2 of the dataset file).
    public var origins: [Table: [Origin]]

    /// Points the problems the dataset reader found in the made files at the source files' lines.
    public func locate(_ error: DatasetReadError) -> DatasetReadError {
        var located = error
        located.errors = error.errors.map(locate)
        return located
    }

    public func locate(_ issue: DatasetIssue) -> DatasetIssue {
        guard let table = Table.allCases.first(where: { $0.fileName == issue.file }), let rows = origins[table],
            let line = issue.line, line >= 2, line - 2 < rows.count
        else { return issue }
        let origin = rows[line - 2]
        var located = issue
        located.file = origin.file
        located.line = origin.line
        if let column = issue.column {
            located.column = origin.columns[column].map { "\($0)" } ?? column
            located.message += " (\(table.fileName) column \(column), as mapped)"
        }
        return located
    }
}

/// One entity's rules, resolved against its files' headers.
private struct EntityPlan {
    /// Where a source column is: in the entity's own file (`join` nil) or a joined one.
    struct Ref {
        var name: String
        var join: Int?
        var index: Int
    }

    struct Column {
        var name: String
        var type: ColumnType
        var rule: ValueRule
        var refs: [Ref]
        var when: Ref?
    }

    let entity: EntityMapping
    let source: SourceFile
    let joined: [(file: SourceFile, on: Int, rows: [String: Int])]
    var columns: [Column] = []
    var skips: [(ref: Ref, values: Set<String>)] = []
    var sames: [(Ref, Ref)] = []
    /// Rows that repeat the row before them (``EntityMapping/skipRepeats``), by position.
    var repeats: Set<Int> = []
    var repeatsReason = ""

    init?(
        _ entity: EntityMapping, source: SourceFile, sources: [String: SourceFile], strict: Bool,
        problems: inout MappingImport.ProblemList
    ) {
        self.entity = entity
        self.source = source
        let before = problems.count
        var joined: [(SourceFile, Int, [String: Int])] = []
        for join in entity.joins {
            let other = sources[join.file.lowercased()]!
            guard let on = source.header.firstIndex(of: join.on.lowercased()) else {
                problems.append(
                    "\(source.name):1: the join '\(join.alias)' is on column '\(join.on)', which the file does not have."
                )
                continue
            }
            guard let key = other.header.firstIndex(of: join.key.lowercased()) else {
                problems.append(
                    "\(other.name):1: the join '\(join.alias)' uses column '\(join.key)' as its key, which the file does not have."
                )
                continue
            }
            var rows: [String: Int] = [:]
            for (i, row) in other.rows.enumerated() where !row.values[key].isEmpty {
                if let earlier = rows[row.values[key]] {
                    problems.append(
                        "\(other.name):\(row.line): column '\(join.key)': \"\(row.values[key].prefix(64))\" is also on line \(other.rows[earlier].line); a joined file needs one row per key."
                    )
                } else {
                    rows[row.values[key]] = i
                }
            }
            joined.append((other, on, rows))
        }
        self.joined = joined
        let schema = Dictionary(uniqueKeysWithValues: TableSchema.columns(entity.table).map { ($0.name, $0) })
        func resolve(_ name: String, for column: String) -> Ref? {
            var file = source
            var join: Int?
            var header = name
            if let dot = name.firstIndex(of: "."),
                let j = entity.joins.firstIndex(where: { $0.alias == name[..<dot] }), j < joined.count
            {
                join = j
                file = joined[j].0
                header = String(name[name.index(after: dot)...])
            }
            guard let index = file.header.firstIndex(of: header.lowercased()) else { return nil }
            return Ref(name: name, join: join, index: index)
        }
        func missing(_ name: String, _ column: String, _ file: SourceFile) -> String {
            let shown = file.header.prefix(12).map { "'\($0)'" }.joined(separator: ", ")
            return
                "\(file.name):1: the mapping's '\(name)' (for \(entity.table.fileName) column \(column)) is not a column of this file; it has \(shown)\(file.header.count > 12 ? ", …" : "")."
        }
        /// The source columns a rule reads and its `when` column; in a user's mapping every one
        /// the files lack is a problem.
        func locate(_ rule: ValueRule, for name: String) -> (refs: [Ref], when: Ref?) {
            let refs = rule.columns.compactMap { resolve($0, for: name) }
            if strict {
                for c in rule.columns where resolve(c, for: name) == nil { problems.append(missing(c, name, source)) }
            }
            var when: Ref?
            if !rule.when.isEmpty {
                when = rule.when.lazy.compactMap { resolve($0, for: name) }.first
                if when == nil && strict { problems.append(missing(rule.when[0], name, source)) }
            }
            return (refs, when)
        }
        for (name, rule) in entity.columns {
            guard let spec = schema[name] else {
                problems.append(
                    "The mapping gives \(entity.table.fileName) a column '\(name)' it does not have; its columns are \(TableSchema.columns(entity.table).map(\.name).joined(separator: ", "))."
                )
                continue
            }
            let (refs, when) = locate(rule, for: name)
            if refs.isEmpty && !rule.columns.isEmpty && rule.fallback == nil {
                if spec.required && !strict {
                    problems.append(
                        "\(source.name):1: no column for \(entity.table.fileName) column \(name): expected one of \(rule.columns.map { "'\($0)'" }.joined(separator: ", ")); is this the right export or --format?"
                    )
                }
                continue
            }
            columns.append(Column(name: name, type: spec.type, rule: rule, refs: refs, when: when))
        }
        if !entity.attributes.isEmpty && !Table.withAttributes.contains(entity.table) {
            problems.append(
                "The mapping gives \(entity.table.fileName) attributes; only leads and accounts keep them (docs/import.md, \"Attributes\")."
            )
        }
        for (name, rule) in entity.attributes {
            let key = name.lowercased().trimmingCharacters(in: .whitespaces)
            if key.isEmpty || schema[key] != nil || key.utf8.count > AttributeColumns.maxNameBytes
                || columns.contains(where: { $0.name == key })
            {
                problems.append(
                    "The mapping's attribute '\(name.prefix(60))' of \(entity.table.fileName) needs a name of its own: not empty, not a column of the file, not twice, at most \(AttributeColumns.maxNameBytes) bytes."
                )
                continue
            }
            let (refs, when) = locate(rule, for: key)
            columns.append(Column(name: key, type: .text, rule: rule, refs: refs, when: when))
        }
        for required in entity.missingRequired {
            problems.append(
                "The mapping does not say where \(entity.table.fileName) column \(required) comes from; it is required."
            )
        }
        for (column, values) in entity.skip {
            guard let ref = resolve(column, for: "skip") else {
                if strict { problems.append(missing(column, "skip", source)) }
                continue
            }
            skips.append((ref, Set(values.map { $0.lowercased() })))
        }
        for (a, b) in entity.skipSame {
            guard let first = resolve(a, for: "skip"), let second = resolve(b, for: "skip") else {
                problems.append(missing(resolve(a, for: "skip") == nil ? a : b, "skip", source))
                continue
            }
            sames.append((first, second))
        }
        if let r = entity.skipRepeats {
            let found = [r.key, r.value, r.order].map { names in
                names.lazy.compactMap { resolve($0, for: "skip") }.first
            }
            if let key = found[0], let value = found[1], let order = found[2] {
                repeatsReason = "\(value.name) is the same as on the row before with this \(key.name)"
                repeats = Self.repeatingRows(source, key: key.index, value: value.index, order: order.index)
            } else if strict {
                problems.append("\(source.name):1: 'repeats' needs columns the file has: \(r.key + r.value + r.order)")
            }
        }
        if problems.count > before { return nil }
    }

    /// Rows whose `value` equals the one before them with the same `key`, ordered by `order`
    /// (dates and times as written sort in time order once normalised; ties keep file order).
    static func repeatingRows(_ source: SourceFile, key: Int, value: Int, order: Int) -> Set<Int> {
        var byKey: [String: [Int]] = [:]
        for (i, row) in source.rows.enumerated() { byKey[row.values[key], default: []].append(i) }
        var out: Set<Int> = []
        for (_, rows) in byKey where rows.count > 1 {
            let sorted = rows.sorted { a, b in
                let x = DealMappingImport.normalizeTimestamp(source.rows[a].values[order], order: nil) ?? ""
                let y = DealMappingImport.normalizeTimestamp(source.rows[b].values[order], order: nil) ?? ""
                return x == y ? a < b : x < y
            }
            for (previous, current) in zip(sorted, sorted.dropFirst())
            where source.rows[previous].values[value] == source.rows[current].values[value] {
                out.insert(current)
            }
        }
        return out
    }

    private func value(_ ref: Ref, _ row: [String], joinedRows: [Int?]) -> String {
        let raw: String
        if let j = ref.join {
            guard let k = joinedRows[j] else { return "" }
            raw = joined[j].file.rows[k].values[ref.index]
        } else {
            raw = row[ref.index]
        }
        let trimmed = raw.trimmingWhitespace
        return DealMappingImport.nullIds.contains(trimmed) ? "" : trimmed
    }

    func convert(
        into table: inout MappingImport.TableRows, dateOrder: DealMapping.DateOrder,
        problems: inout MappingImport.ProblemList,
        notes: inout [String]
    ) {
        let positions = columns.map { column in
            if let i = table.columns.firstIndex(of: column.name) { return i }
            table.columns.append(column.name)
            return table.columns.count - 1
        }
        var skipped: [String: [Int]] = [:]
        var rounded = 0
        rows: for (position, row) in source.rows.enumerated() {
            if repeats.contains(position) {
                skipped[repeatsReason, default: []].append(row.line)
                continue
            }
            let joinedRows = joined.map { join in join.rows[row.values[join.on].trimmingWhitespace] }
            for skip in skips {
                let v = value(skip.ref, row.values, joinedRows: joinedRows)
                if skip.values.contains(v.lowercased()) {
                    skipped["\(skip.ref.name) is \"\(v)\"", default: []].append(row.line)
                    continue rows
                }
            }
            for (a, b) in sames {
                let v = value(a, row.values, joinedRows: joinedRows)
                if !v.isEmpty && v == value(b, row.values, joinedRows: joinedRows) {
                    skipped["\(a.name) and \(b.name) are the same", default: []].append(row.line)
                    continue rows
                }
            }
            var out = [String?](repeating: nil, count: table.columns.count)
            var from: [String: String] = [:]
            for (column, position) in zip(columns, positions) {
                func fail(_ header: String, _ message: String) {
                    problems.append("\(source.name):\(row.line): column '\(header)': \(message)")
                }
                if let when = column.when, !DealMappingImport.isTrue(value(when, row.values, joinedRows: joinedRows)) {
                    continue
                }
                var picked: (header: String, text: String)?
                switch column.rule.pick {
                case .first:
                    for ref in column.refs {
                        let v = value(ref, row.values, joinedRows: joinedRows)
                        if !v.isEmpty {
                            picked = (ref.name, v)
                            break
                        }
                    }
                case .earliest, .latest:
                    var best: (header: String, text: String, at: Int64)?
                    for ref in column.refs {
                        let v = value(ref, row.values, joinedRows: joinedRows)
                        guard !v.isEmpty else { continue }
                        guard let text = DealMappingImport.normalizeTimestamp(v, order: dateOrder),
                            let at = Array(text.utf8).withUnsafeBufferPointer({ FieldParsers.timestamp($0) })?.value
                        else {
                            fail(ref.name, "\"\(v.prefix(64))\" is not a date or date-time")
                            continue
                        }
                        if best == nil || (column.rule.pick == .earliest ? at < best!.at : at > best!.at) {
                            best = (ref.name, text, at)
                        }
                    }
                    picked = best.map { ($0.header, $0.text) }
                }
                var text = picked?.text
                if let t = text, !column.rule.map.isEmpty || column.rule.other != nil {
                    text = column.rule.map[t.lowercased()] ?? column.rule.other ?? t
                }
                if text == nil || text!.isEmpty { text = column.rule.fallback }
                guard var cell = text, !cell.isEmpty else { continue }
                let header = picked?.header ?? column.name
                switch column.type {
                case .timestamp, .date:
                    guard let normal = DealMappingImport.normalizeTimestamp(cell, order: dateOrder) else {
                        fail(
                            header,
                            "\"\(cell.prefix(64))\" is not a date the mapping understands (ISO 8601, or 5/11/2023 with date_order MDY or DMY)"
                        )
                        continue
                    }
                    cell = column.type == .date ? String(normal.prefix(10)) : normal
                case .money:
                    guard let cleaned = DealMappingImport.cleanAmount(cell) else {
                        fail(header, "\"\(cell.prefix(64))\" is not an amount")
                        continue
                    }
                    if cleaned.rounded { rounded += 1 }
                    cell = cleaned.text
                case .choice(let words):
                    guard words.contains(cell.lowercased()) else {
                        fail(
                            header,
                            "\"\(cell.prefix(64))\" is not one of \(words.joined(separator: ", ")); give the mapping a 'map' from the export's values"
                        )
                        continue
                    }
                    cell = cell.lowercased()
                case .currency:
                    cell = cell.uppercased()
                case .text, .hours, .quantity, .integer, .rate:
                    break
                }
                out[position] = cell
                from[column.name] = header
            }
            table.values.append(out)
            table.origins.append(MappedFiles.Origin(file: source.name, line: row.line, columns: from))
        }
        for (reason, lines) in skipped.sorted(by: { $0.key < $1.key }) {
            let shown = lines.prefix(5).map(String.init).joined(separator: ", ")
            notes.append(
                "\(source.name): left out \(lines.count) \(lines.count == 1 ? "row" : "rows") where \(reason), as the mapping says (lines \(shown)\(lines.count > 5 ? ", …" : ""))."
            )
        }
        if rounded > 0 {
            notes.append("\(source.name): \(rounded) amounts had more than 2 decimals and were rounded to the cent.")
        }
    }
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return String(s)
    }
}
