/// Text values dictionary-encoded as `Int32` codes; `-1` means "no value".
public struct StringCodes: Sendable, Equatable {
    public static let none: Int32 = -1
    public private(set) var values: [String] = []
    /// Built on first use: reading a dataset never needs it.
    private var index: [String: Int32]?

    public init() {}

    public init(values: [String]) {
        for value in values { _ = code(for: value) }
    }

    /// Values known to be distinct (as the dataset reader produces them).
    public init(uniqueValues: [String]) {
        values = uniqueValues
    }

    public var count: Int { values.count }

    /// The code of a value, adding it when new.
    public mutating func code(for value: String) -> Int32 {
        if index == nil { index = Self.makeIndex(values) }
        if let existing = index![value] { return existing }
        let code = Int32(values.count)
        values.append(value)
        index![value] = code
        return code
    }

    public func existingCode(for value: String) -> Int32? {
        (index ?? Self.makeIndex(values))[value]
    }

    private static func makeIndex(_ values: [String]) -> [String: Int32] {
        var index: [String: Int32] = [:]
        for (i, value) in values.enumerated() where index[value] == nil { index[value] = Int32(i) }
        return index
    }

    public subscript(code: Int32) -> String? { code >= 0 && Int(code) < values.count ? values[Int(code)] : nil }

    public static func == (a: StringCodes, b: StringCodes) -> Bool { a.values == b.values }
}
