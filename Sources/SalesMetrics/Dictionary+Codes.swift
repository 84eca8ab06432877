/// Text values dictionary-encoded as `Int32` codes; `-1` means "no value".
public struct StringCodes: Sendable, Equatable {
    public static let none: Int32 = -1
    public private(set) var values: [String] = []
    private var index: [String: Int32] = [:]

    public init() {}

    public init(values: [String]) {
        for value in values { _ = code(for: value) }
    }

    public var count: Int { values.count }

    /// The code of a value, adding it when new.
    public mutating func code(for value: String) -> Int32 {
        if let existing = index[value] { return existing }
        let code = Int32(values.count)
        values.append(value)
        index[value] = code
        return code
    }

    public func existingCode(for value: String) -> Int32? { index[value] }

    public subscript(code: Int32) -> String? { code >= 0 && Int(code) < values.count ? values[Int(code)] : nil }

    public static func == (a: StringCodes, b: StringCodes) -> Bool { a.values == b.values }
}
