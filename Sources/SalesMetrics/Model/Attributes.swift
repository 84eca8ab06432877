import Foundation

/// The extra columns of leads.csv or accounts.csv, kept beside the table's own columns as
/// attributes (docs/data-format.md, "Attributes"): the lead score learns from them and
/// `export` writes them back as they were read.
///
/// Values are kept as written, dictionary-encoded per column; whether a column is a number or a
/// category is decided from its values once (``AttributeKind/infer(_:)``) unless a mapping says.
public struct AttributeColumns: Sendable, Equatable {
    public var columns: [AttributeColumn] = []

    /// Columns a file may keep as attributes; more is an error naming the limit.
    public static let maxColumns = 64
    /// Bytes of an attribute's name and of one of its values.
    public static let maxNameBytes = 100
    public static let maxValueBytes = 500

    public init(columns: [AttributeColumn] = []) { self.columns = columns }

    public var isEmpty: Bool { columns.isEmpty }

    /// The column of that name (names are compared as written, after trimming).
    public func column(named name: String) -> AttributeColumn? { columns.first { $0.name == name } }
}

public enum AttributeKind: String, Sendable, Equatable, CaseIterable {
    case category, number

    /// Kinds declared as `NAME=category` or `NAME=number` (`--attribute-kind`), by name
    /// lowercased as attribute names are; a sentence naming the first bad one otherwise.
    public static func declarations(_ texts: [String]) -> Result<[String: AttributeKind], DeclarationError> {
        var kinds: [String: AttributeKind] = [:]
        for text in texts {
            guard let equals = text.lastIndex(of: "=") else { return .failure(DeclarationError(text: text)) }
            let name = text[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let kind = AttributeKind(rawValue: text[text.index(after: equals)...].trimmingCharacters(in: .whitespaces))
            guard !name.isEmpty, let kind else { return .failure(DeclarationError(text: text)) }
            kinds[name] = kind
        }
        return .success(kinds)
    }

    public struct DeclarationError: Error, CustomStringConvertible {
        public let text: String
        public var description: String {
            "--attribute-kind \"\(text)\" is not NAME=category or NAME=number (such as \"postal code=category\")."
        }
    }

    /// A number when every value written is a decimal number (`12`, `-0.5`, `1e3` is not one),
    /// a category otherwise; a column with no values is a category.
    public static func infer(_ values: [String]) -> AttributeKind {
        guard !values.isEmpty else { return .category }
        return values.allSatisfy { AttributeKind.number(in: $0) != nil } ? .number : .category
    }

    /// The decimal number a value writes: an optional sign, digits, an optional fraction;
    /// at most 18 digits, so every such number is exact to 15 significant digits in a Double.
    public static func number(in text: String) -> Double? {
        var digits = 0
        var sawPoint = false
        for (i, c) in text.utf8.enumerated() {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "-"), UInt8(ascii: "+"): if i != 0 { return nil }
            case UInt8(ascii: "."):
                if sawPoint { return nil }
                sawPoint = true
            default: return nil
            }
        }
        guard digits > 0, digits <= 18 else { return nil }
        return Double(text)
    }
}

/// One attribute column: its name, kind, distinct values and each row's value.
public struct AttributeColumn: Sendable, Equatable {
    public var name: String
    public var kind: AttributeKind
    /// The distinct values as written.
    public var values: StringCodes
    /// Per row, a code into `values`; ``StringCodes/none`` when empty.
    public var codes: [Int32]

    public init(name: String, kind: AttributeKind, values: StringCodes, codes: [Int32]) {
        self.name = name
        self.kind = kind
        self.values = values
        self.codes = codes
    }

    /// The row's value as written, nil when empty.
    public func value(_ row: Int) -> String? { values[codes[row]] }
}
