import SalesMetrics

/// Reads the rows of one CSV file against a schema, handing typed values to
/// the table reader and logging every problem with its line and column.
struct RowReader {
    let file: String
    let log: IssueLog
    private let parser: CSVParser
    private var index: [Int]  // schema position → field index, -1 when absent
    private let schema: [ColumnSpec]
    private(set) var fields: [FieldBytes] = []
    private var headerCount = 0
    /// The columns kept as attributes (leads and accounts): their names, lowercased as header
    /// names are matched, and field indexes, sorted by name.
    private(set) var extras: [(name: String, index: Int)] = []
    /// Errors logged so far for the current row.
    private(set) var rowErrors = 0
    var line: Int { parser.recordLine }

    /// nil when the header is unusable (the problems are logged).
    /// A reader of one dataset file, by its table's schema.
    init?(_ table: Table, parser: CSVParser, log: IssueLog) {
        self.init(
            file: table.fileName, parser: parser, schema: TableSchema.columns(table), log: log,
            keepExtras: Table.withAttributes.contains(table))
    }

    /// `keepExtras`: columns the schema does not name are attributes rather than ignored.
    init?(file: String, parser: CSVParser, schema: [ColumnSpec], log: IssueLog, keepExtras: Bool = false) {
        self.file = file
        self.log = log
        self.schema = schema
        if parser.startsAsUTF16 {
            log.error(file, 1, nil, "the file is UTF-16; save it as UTF-8 CSV")
            return nil
        }
        self.parser = parser
        index = []
        var header: [FieldBytes] = []
        do {
            guard try parser.next(into: &header) else {
                log.error(file, 1, nil, "the file is empty; it needs at least a header row")
                return nil
            }
        } catch {
            log.error(file, error.line, nil, error.message)
            return nil
        }
        headerCount = header.count
        var position: [String: Int] = [:]
        for (i, raw) in header.enumerated() {
            guard let name = String(validating: raw, as: UTF8.self)?.lowercased() else {
                log.error(file, 1, nil, "header \(i + 1) is not valid UTF-8; save the file as UTF-8")
                return nil
            }
            if position[name] != nil {
                log.error(file, 1, name, "the column appears twice in the header; keep one")
                return nil
            }
            position[name] = i
            if !schema.contains(where: { $0.name == name }) {
                if keepExtras && !name.isEmpty {
                    extras.append((name, i))
                } else {
                    log.warning(file, 1, name.isEmpty ? "(empty)" : name, "unknown column, ignored")
                }
            }
        }
        extras.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        if let long = extras.first(where: { $0.name.utf8.count > AttributeColumns.maxNameBytes }) {
            log.error(
                file, 1, String(long.name.prefix(60)) + "…",
                "an attribute's name is at most \(AttributeColumns.maxNameBytes) bytes; shorten the header")
            return nil
        }
        if extras.count > AttributeColumns.maxColumns {
            log.error(
                file, 1, nil,
                "the file has \(extras.count) columns besides its own, more than the \(AttributeColumns.maxColumns) kept as attributes; remove the columns nobody needs (or map the ones that matter with --mapping)"
            )
            return nil
        }
        var usable = true
        for spec in schema {
            let i = position[spec.name] ?? -1
            index.append(i)
            if i < 0 && spec.required {
                log.error(file, 1, spec.name, "required column is missing; add it to the header")
                usable = false
            }
        }
        if !usable { return nil }
    }

    /// Advances to the next well-formed row; false at the end (or when the file can't be read further).
    mutating func next() -> Bool {
        while true {
            do {
                guard try parser.next(into: &fields) else { return false }
            } catch {
                log.error(file, error.line, nil, error.message)
                return false
            }
            rowErrors = 0
            if fields.count != headerCount {
                // A single empty field on a line of its own is a blank line with spaces.
                if fields.count == 1 && fields[0].isEmpty { continue }
                log.error(
                    file, line, nil,
                    "the row has \(fields.count) values but the header has \(headerCount) columns; quote values that contain commas"
                )
                continue
            }
            return true
        }
    }

    mutating func fail(_ column: Int?, _ message: String) {
        rowErrors += 1
        log.error(file, line, column.map { schema[$0].name }, message)
    }

    func columnName(_ column: Int) -> String { schema[column].name }

    /// Logs a problem found after the row was read.
    func fail(at line: Int, _ column: Int, _ message: String) {
        log.error(file, line, schema[column].name, message)
    }

    func warn(_ column: Int, _ message: String) {
        log.warning(file, line, schema[column].name, message)
    }

    /// Raw bytes of a column; nil when absent or empty.
    func raw(_ column: Int) -> FieldBytes? {
        let i = index[column]
        if i < 0 { return nil }
        let f = fields[i]
        return f.isEmpty ? nil : f
    }

    func has(_ column: Int) -> Bool { index[column] >= 0 }

    /// The value of the k-th attribute as a code of `interner`; `StringCodes.none` when empty.
    mutating func attribute(_ k: Int, _ interner: inout ByteInterner) -> Int32 {
        let value = fields[extras[k].index]
        if value.isEmpty { return StringCodes.none }
        if value.count > AttributeColumns.maxValueBytes {
            rowErrors += 1
            log.error(
                file, line, extras[k].name,
                "the value has \(value.count) bytes; an attribute's value is at most \(AttributeColumns.maxValueBytes)")
            return StringCodes.none
        }
        guard let code = interner.intern(value) else {
            rowErrors += 1
            log.error(file, line, extras[k].name, "the value is not valid UTF-8; save the file as UTF-8")
            return StringCodes.none
        }
        return code
    }

    private mutating func present(_ column: Int) -> FieldBytes? {
        guard let value = raw(column) else {
            if schema[column].required { fail(column, "a value is required") }
            return nil
        }
        return value
    }

    static func quote(_ bytes: FieldBytes) -> String {
        let text = String(decoding: bytes.prefix(60), as: UTF8.self)
        return "\"" + text + (bytes.count > 60 ? "…" : "") + "\""
    }

    mutating func text(_ column: Int) -> String? {
        guard let value = present(column) else { return nil }
        guard let s = String(validating: value, as: UTF8.self) else {
            fail(column, "the value is not valid UTF-8; save the file as UTF-8")
            return nil
        }
        return s
    }

    /// Checks that an optional text value is valid UTF-8 without keeping it.
    mutating func checkText(_ column: Int) {
        if let value = raw(column), !FieldParsers.isUTF8(value) {
            fail(column, "the value is not valid UTF-8; save the file as UTF-8")
        }
    }

    /// The dictionary code of a text value; `StringCodes.none` when empty.
    mutating func code(_ column: Int, _ interner: inout ByteInterner) -> Int32 {
        guard let value = present(column) else { return StringCodes.none }
        guard let code = interner.intern(value, line: line) else {
            fail(column, "the value is not valid UTF-8; save the file as UTF-8")
            return StringCodes.none
        }
        return code
    }

    mutating func date(_ column: Int) -> Int32 {
        guard let value = present(column) else { return CivilDate.none }
        guard let day = FieldParsers.date(value) else {
            fail(column, "\(Self.quote(value)) is not a date; write YYYY-MM-DD, such as 2024-03-05")
            return CivilDate.none
        }
        return day
    }

    /// (value, local); `Timestamp.none` when empty or bad.
    mutating func timestamp(_ column: Int) -> (Int64, Bool) {
        guard let value = present(column) else { return (Timestamp.none, false) }
        guard let t = FieldParsers.timestamp(value) else {
            fail(
                column,
                "\(Self.quote(value)) is not a timestamp; write a date (2024-03-05) or an ISO 8601 date-time (2024-03-05T14:30:00Z)"
            )
            return (Timestamp.none, false)
        }
        return t
    }

    mutating func money(_ column: Int) -> Int64? {
        decimal(
            column, FieldParsers.money, digits: FieldParsers.Bounds.moneyDigits, unit: "amounts",
            tooLarge: "1,000,000,000,000,000 (at most 15 digits before the point)",
            notOne:
                "is not an amount of money; write digits with at most 2 decimals and no currency sign or thousands separator, such as 1234.50"
        )
    }

    mutating func hours(_ column: Int) -> Int64? {
        decimal(
            column, FieldParsers.micros, digits: FieldParsers.Bounds.hoursDigits, unit: "hours",
            tooLarge: "1,000,000,000 (at most 9 digits before the point)",
            notOne: "is not a number of hours; write a decimal number such as 7.5")
    }

    /// A usage count (millionths).
    mutating func quantity(_ column: Int) -> Int64? {
        decimal(
            column, FieldParsers.micros, digits: FieldParsers.Bounds.hoursDigits, unit: "counts",
            tooLarge: "1,000,000,000 (at most 9 digits before the point)",
            notOne: "is not a number; write a decimal number such as 12 or 3.5")
    }

    /// A decimal of 0 or more in fixed point (`parse`): a refusal says whether the value was
    /// too large, not a number, or negative.
    @inline(__always)
    private mutating func decimal(
        _ column: Int, _ parse: (FieldBytes) -> Int64?, digits: Int, unit: String, tooLarge: String, notOne: String
    ) -> Int64? {
        guard let value = present(column) else { return nil }
        guard let parsed = parse(value) else {
            if FieldParsers.exceedsDigits(value, digits) {
                fail(column, "\(Self.quote(value)) is too large; \(unit) must be below \(tooLarge)")
            } else {
                fail(column, "\(Self.quote(value)) \(notOne)")
            }
            return nil
        }
        guard parsed >= 0 else {
            fail(column, "\(Self.quote(value)) is negative; \(unit) must be 0 or more")
            return nil
        }
        return parsed
    }

    /// A value from a fixed, case-insensitive vocabulary.
    mutating func choice<T>(_ column: Int, _ options: [(String, T)]) -> T? {
        guard let value = present(column) else { return nil }
        let lowered = String(decoding: value, as: UTF8.self).lowercased()
        if let match = options.first(where: { $0.0 == lowered }) { return match.1 }
        let names = options.map(\.0)
        fail(
            column,
            "\(Self.quote(value)) is not valid; use \(names.dropLast().joined(separator: ", ")) or \(names.last!)")
        return nil
    }
}
