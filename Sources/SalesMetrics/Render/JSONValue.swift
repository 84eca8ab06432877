/// A JSON value built in order (object keys keep their order), for the documents whose shape
/// is nested (the review, the scores); the report's JSON, which can hold millions of values, is
/// written straight into bytes instead.
indirect enum JSONValue {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    /// A number already in JSON form.
    case number(String)
    case bool(Bool)
    case null

    static func metric(_ v: MetricValue) -> JSONValue { ValueFormat.machine(v).map(JSONValue.number) ?? .null }
    static func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
    static func int<T: BinaryInteger>(_ n: T?) -> JSONValue { n.map { .number(String($0)) } ?? .null }
    static func double(_ x: Double?) -> JSONValue {
        guard let x, x.isFinite else { return .null }
        return .number(x.description)
    }

    func write(_ w: inout JSONBytes, indent: Int) {
        let pad = String(repeating: "  ", count: indent + 1)
        let close = String(repeating: "  ", count: indent)
        switch self {
        case .object(let fields):
            if fields.isEmpty { return w.raw("{}") }
            w.raw("{\n")
            for (i, (key, value)) in fields.enumerated() {
                w.raw(pad)
                w.quoted(key)
                w.raw(": ")
                value.write(&w, indent: indent + 1)
                w.raw(i + 1 < fields.count ? ",\n" : "\n")
            }
            w.raw(close + "}")
        case .array(let items):
            if items.isEmpty { return w.raw("[]") }
            w.raw("[\n")
            for (i, item) in items.enumerated() {
                w.raw(pad)
                item.write(&w, indent: indent + 1)
                w.raw(i + 1 < items.count ? ",\n" : "\n")
            }
            w.raw(close + "]")
        case .string(let s): w.quoted(s)
        case .number(let n): w.raw(n)
        case .bool(let b): w.raw(b ? "true" : "false")
        case .null: w.raw("null")
        }
    }
}

extension JSONValue {
    /// The value as a document: two-space indents, a final newline.
    func document() -> String {
        var w = JSONBytes()
        write(&w, indent: 0)
        w.raw("\n")
        return String(decoding: w.bytes, as: UTF8.self)
    }
}
