/// Markup in which every piece of text was escaped on the way in.
///
/// A value is made only from string literals written in the source (the markup, trusted) and
/// from values interpolated into them: a `String` is escaped automatically, another `HTML` is
/// inserted as it is. No runtime string can become markup unescaped, because the literal type
/// is `StaticString`, so forgetting to escape data is a compile error rather than a hole.
///
///     let row: HTML = "<td class=\"num\">\(value)</td>"      // value: String, escaped
///     let link: HTML = "<a href=\"\(url)\">\(label)</a>"      // both escaped, quotes included
public struct HTML: Sendable, Equatable, ExpressibleByStringInterpolation {
    public private(set) var rendered: String

    public init(stringLiteral literal: StaticString) { rendered = literal.description }
    public init(stringInterpolation: Interpolation) { rendered = stringInterpolation.rendered }
    /// Text as markup: escaped.
    public init(text: String) {
        rendered = ""
        Self.escape(text, into: &rendered)
    }

    public static let empty: HTML = ""

    public static func + (a: HTML, b: HTML) -> HTML {
        var out = a
        out += b
        return out
    }

    public static func += (a: inout HTML, b: HTML) { a.rendered += b.rendered }

    public struct Interpolation: StringInterpolationProtocol {
        var rendered = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            rendered.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        public mutating func appendLiteral(_ literal: StaticString) { rendered += literal.description }
        /// Markup, as it is.
        public mutating func appendInterpolation(_ html: HTML) { rendered += html.rendered }
        public mutating func appendInterpolation(_ html: [HTML]) { for part in html { rendered += part.rendered } }
        /// Text, escaped for element content and quoted attribute values alike.
        public mutating func appendInterpolation(_ text: String) { HTML.escape(text, into: &rendered) }
        /// Numbers are digits, signs and points: nothing to escape.
        public mutating func appendInterpolation(_ number: Int) { rendered += String(number) }
        public mutating func appendInterpolation(_ number: Double) { rendered += String(number) }
    }

    /// Escapes `&`, `<`, `>`, `"` and `'`.
    public static func escape(_ text: String, into out: inout String) {
        out.reserveCapacity(out.utf8.count + text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
    }

    public static func option(_ value: String, _ label: String, selected: Bool) -> HTML {
        "<option value=\"\(value)\"\(selected ? " selected" : HTML.empty)>\(label)</option>"
    }

    /// A table; cells are markup (text cells: `HTML(text:)`), `numeric` columns right-aligned.
    public static func table(head: [String], rows: [[HTML]], numeric: Set<Int> = []) -> HTML {
        func cell(_ tag: HTML, _ column: Int) -> HTML {
            numeric.contains(column) ? "<\(tag) class=\"num\">" : "<\(tag)>"
        }
        var out: HTML = "<div class=\"table-wrap\"><table><thead><tr>"
        for (i, c) in head.enumerated() { out += "\(cell("th", i))\(c)</th>" }
        out += "</tr></thead><tbody>"
        for row in rows {
            out += "<tr>"
            for (i, c) in row.enumerated() { out += "\(cell("td", i))\(c)</td>" }
            out += "</tr>"
        }
        return out + "</tbody></table></div>"
    }

    /// A table of plain text cells.
    public static func table(head: [String], text rows: [[String]], numeric: Set<Int> = []) -> HTML {
        table(head: head, rows: rows.map { $0.map(HTML.init(text:)) }, numeric: numeric)
    }

    /// A box explaining why there is nothing to show, and what would fix it.
    public static func empty(_ title: String, _ detail: String) -> HTML {
        "<div class=\"empty\"><strong>\(title)</strong><p>\(detail)</p></div>"
    }
}

extension [HTML] {
    public func joined() -> HTML {
        var out = HTML.empty
        for part in self { out += part }
        return out
    }
}
