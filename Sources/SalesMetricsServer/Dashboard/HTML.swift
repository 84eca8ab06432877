/// Small helpers for writing HTML by hand: every text that comes from data goes through `h`.
enum HTML {
    /// Escapes text for element content and quoted attribute values.
    static func h(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
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
        return out
    }

    static func option(_ value: String, _ label: String, selected: Bool) -> String {
        "<option value=\"\(h(value))\"\(selected ? " selected" : "")>\(h(label))</option>"
    }

    static func table(head: [String], rows: [[String]], numeric: Set<Int> = [], escape: Bool = true) -> String {
        var out = "<div class=\"table-wrap\"><table><thead><tr>"
        for (i, c) in head.enumerated() { out += "<th\(numeric.contains(i) ? " class=\"num\"" : "")>\(h(c))</th>" }
        out += "</tr></thead><tbody>"
        for row in rows {
            out += "<tr>"
            for (i, c) in row.enumerated() {
                out += "<td\(numeric.contains(i) ? " class=\"num\"" : "")>\(escape ? h(c) : c)</td>"
            }
            out += "</tr>"
        }
        return out + "</tbody></table></div>"
    }

    /// A box explaining why there is nothing to show, and what would fix it.
    static func empty(_ title: String, _ detail: String) -> String {
        "<div class=\"empty\"><strong>\(h(title))</strong><p>\(h(detail))</p></div>"
    }
}
