import SalesMetrics

/// How CSV files of any layout become dataset files (`import --mapping FILE.yml`; docs/import.md).
///
/// One ``EntityMapping`` per dataset file to fill: which source file its rows come from, which
/// files are joined to it, and how each dataset column is made from the source columns. Read from
/// YAML by the command line; built in for the CRMs' lead, account and history exports.
public struct ImportMapping: Sendable, Equatable {
    public var entities: [EntityMapping]
    /// Order of day and month in slash-separated dates (`5/11/2023`).
    public var dateOrder: DealMapping.DateOrder

    public init(entities: [EntityMapping], dateOrder: DealMapping.DateOrder = .mdy) {
        self.entities = entities
        self.dateOrder = dateOrder
    }

    /// The source files the mapping reads, as the mapping writes them, in order of first use
    /// (names that differ only in case are one file).
    public var fileNames: [String] {
        var names: [String] = []
        for entity in entities {
            for name in [entity.file] + entity.joins.map(\.file)
            where !names.contains(where: { $0.lowercased() == name.lowercased() }) {
                names.append(name)
            }
        }
        return names
    }
}

/// The rows of one dataset file, made from the rows of one source file.
public struct EntityMapping: Sendable, Equatable {
    public var table: Table
    /// The source file's name (matched ignoring case and folders).
    public var file: String
    public var joins: [Join]
    /// Dataset column → how its value is made, in the order written.
    public var columns: [(column: String, rule: ValueRule)]
    /// Leads and accounts: attribute name → how its value is made (docs/import.md, "Attributes").
    public var attributes: [(name: String, rule: ValueRule)] = []
    /// Rows left out on purpose (and counted in a note): source column → values that leave the row out.
    public var skip: [(column: String, values: [String])]
    /// Rows left out on purpose where two source columns hold the same value (a subscription that
    /// ends the day it starts was never active).
    public var skipSame: [(String, String)]
    /// Rows left out on purpose that repeat the `value` of the row before them with the same `key`,
    /// in the order of `order` (a history row that changed something else than the stage).
    public var skipRepeats: Repeats?

    public struct Repeats: Sendable, Equatable {
        public var key: [String]
        public var value: [String]
        public var order: [String]

        public init(key: [String], value: [String], order: [String]) {
            self.key = key
            self.value = value
            self.order = order
        }
    }

    public init(
        table: Table, file: String, joins: [Join] = [], columns: [(column: String, rule: ValueRule)],
        skip: [(column: String, values: [String])] = [], skipSame: [(String, String)] = [], skipRepeats: Repeats? = nil
    ) {
        self.skipRepeats = skipRepeats
        self.table = table
        self.file = file
        self.joins = joins
        self.columns = columns
        self.skip = skip
        self.skipSame = skipSame
    }

    public static func == (a: EntityMapping, b: EntityMapping) -> Bool {
        a.table == b.table && a.file == b.file && a.joins == b.joins
            && a.columns.map(\.column) == b.columns.map(\.column)
            && a.columns.map(\.rule) == b.columns.map(\.rule) && a.skip.map(\.column) == b.skip.map(\.column)
            && a.skip.map(\.values) == b.skip.map(\.values) && a.skipSame.map(\.0) == b.skipSame.map(\.0)
            && a.skipSame.map(\.1) == b.skipSame.map(\.1) && a.skipRepeats == b.skipRepeats
            && a.attributes.map(\.name) == b.attributes.map(\.name)
            && a.attributes.map(\.rule) == b.attributes.map(\.rule)
    }

    /// Columns a mapping must give: the file's required columns.
    public var missingRequired: [String] {
        TableSchema.columns(table).filter(\.required).map(\.name).filter { name in
            !columns.contains { $0.column == name }
        }
    }
}

/// A second file whose columns a mapping may use, as `ALIAS.column`: the row whose `key` equals
/// this row's `on`.
public struct Join: Sendable, Equatable {
    public var alias: String
    public var file: String
    /// Column of the entity's own file.
    public var on: String
    /// Column of the joined file; its values must be unique.
    public var key: String

    public init(alias: String, file: String, on: String, key: String) {
        self.alias = alias
        self.file = file
        self.on = on
        self.key = key
    }
}

/// How one dataset column's value is made from a source row.
public struct ValueRule: Sendable, Equatable {
    public enum Pick: String, Sendable {
        /// The first of the columns with a value.
        case first
        /// The earliest (or latest) of the columns' dates and times.
        case earliest, latest
    }

    /// Source columns (`header` or `alias.header`), tried as `pick` says.
    public var columns: [String]
    public var pick: Pick
    /// Source value (ignoring case) → dataset value.
    public var map: [String: String]
    /// The value of anything `map` does not name (nil: kept as it is).
    public var other: String?
    /// The value when the columns are empty (or there are none: a constant).
    public var fallback: String?
    /// A yes/no column (the first of these the file has): the value only where it says yes.
    public var when: [String]

    public init(
        columns: [String] = [], pick: Pick = .first, map: [String: String] = [:], other: String? = nil,
        fallback: String? = nil, when: [String] = []
    ) {
        self.columns = columns
        self.pick = pick
        self.map = Dictionary(map.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.other = other
        self.fallback = fallback
        self.when = when
    }

    public static func column(_ names: String...) -> ValueRule { ValueRule(columns: names) }
    public static func constant(_ value: String) -> ValueRule { ValueRule(fallback: value) }
}
