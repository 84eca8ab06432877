import SalesMetrics

/// Converts a CRM's deal export into opportunities.csv with a ``DealMapping``.
public enum DealMappingImport {
    public struct Result: Sendable {
        public var files: [Table: [UInt8]]
        /// What was guessed or filled in, as sentences.
        public var notes: [String]
    }

    public struct Problems: Error, CustomStringConvertible {
        public var lines: [String]
        public var description: String { lines.joined(separator: "\n") }
    }

    /// Salesforce's "no record" id.
    static let nullIds: Set<String> = ["000000000000000AAA", "000000000000000"]

    public static func convert(_ bytes: [UInt8], fileName: String, mapping: DealMapping) throws -> Result {
        var notes: [String] = []
        let source = try MappingImport.readSource(name: fileName, bytes: bytes, notes: &notes)
        // Positions of the candidate headers present, per target.
        var positions: [String: [(name: String, index: Int)]] = [:]
        for (target, candidates) in mapping.columns {
            guard DealMapping.targets.contains(target) else {
                throw Problems(lines: [
                    "The mapping names an unknown column '\(target)'; use \(DealMapping.targets.joined(separator: ", "))."
                ])
            }
            positions[target] = candidates.compactMap { name in
                source.header.firstIndex(of: name.lowercased()).map { (name, $0) }
            }
        }
        func present(_ candidates: [String]?) -> [(name: String, index: Int)] {
            (candidates ?? []).compactMap { name in source.header.firstIndex(of: name.lowercased()).map { (name, $0) } }
        }
        for required in ["opportunity_id", "created_at"] where positions[required, default: []].isEmpty {
            let names = mapping.columns[required] ?? []
            throw Problems(lines: [
                "\(fileName):1: no column for \(required): expected one of \(names.map { "'\($0)'" }.joined(separator: ", ")); is this the right export or --format?"
            ])
        }
        let statusColumns = present(mapping.status.column)
        let wonFlags = present(mapping.status.wonFlag)
        let closedFlags = present(mapping.status.closedFlag)
        if statusColumns.isEmpty && wonFlags.isEmpty {
            throw Problems(lines: [
                "\(fileName):1: no column tells the deal's status (looked for \(((mapping.status.column ?? []) + (mapping.status.wonFlag ?? [])).map { "'\($0)'" }.joined(separator: ", ")))."
            ])
        }
        let won = Set((mapping.status.won ?? []).map { $0.lowercased() })
        let lost = Set((mapping.status.lost ?? []).map { $0.lowercased() })

        var problems: [String] = []
        var rows: [[String?]] = []
        var zeroAmounts = 0
        var roundedAmounts = 0
        for row in source.rows {
            func value(_ target: String) -> (String, String)? {
                for (name, index) in positions[target] ?? [] where !row.values[index].isEmpty {
                    return (name, row.values[index])
                }
                return nil
            }
            func fail(_ column: String, _ message: String) {
                if problems.count < 50 { problems.append("\(fileName):\(row.line): column '\(column)': \(message)") }
            }
            guard let (_, rawId) = value("opportunity_id"), !nullIds.contains(rawId) else {
                fail(positions["opportunity_id"]![0].name, "the deal has no id; every deal needs one")
                continue
            }
            var status = "open"
            if let flag = wonFlags.first, isTrue(row.values[flag.index]) {
                status = "won"
            } else if let flag = closedFlags.first, isTrue(row.values[flag.index]) {
                status = "lost"
            } else if wonFlags.isEmpty, let column = statusColumns.first {
                let v = row.values[column.index].lowercased()
                status = won.contains(v) ? "won" : lost.contains(v) ? "lost" : "open"
            }
            var created: String?
            if let (name, raw) = value("created_at") {
                created = normalizeTimestamp(raw, order: mapping.dateOrder)
                if created == nil {
                    fail(
                        name,
                        "\"\(raw)\" is not a date the mapping understands (set date_order MDY or DMY for 5/11/2023)")
                }
            } else {
                fail(positions["created_at"]![0].name, "the deal has no creation date; it is required")
            }
            func timestamp(_ target: String) -> String? {
                guard let (name, raw) = value(target) else { return nil }
                guard let t = normalizeTimestamp(raw, order: mapping.dateOrder) else {
                    fail(name, "\"\(raw)\" is not a date the mapping understands")
                    return nil
                }
                return t
            }
            let closeDate = timestamp("close_date")
            var closedAt = timestamp("closed_at") ?? (status == "open" ? nil : closeDate)
            var expected = timestamp("expected_close_on").map { String($0.prefix(10)) }
            if expected == nil && status == "open" { expected = closeDate.map { String($0.prefix(10)) } }
            if status == "open" { closedAt = nil }
            if status != "open" && closedAt == nil {
                fail(mapping.columns["close_date"]?.first ?? "close date", "a \(status) deal needs its close date")
            }
            var amount = "0"
            if let (name, raw) = value("amount") {
                guard let cleaned = cleanAmount(raw) else {
                    fail(name, "\"\(raw)\" is not an amount")
                    continue
                }
                if cleaned.rounded { roundedAmounts += 1 }
                amount = cleaned.text
            } else {
                zeroAmounts += 1
            }
            rows.append([
                rawId, value("account_id").map(\.1).flatMap { nullIds.contains($0) ? nil : $0 },
                value("owner_id").map(\.1).flatMap { nullIds.contains($0) ? nil : $0 }, created, status, closedAt,
                amount,
                value("stage")?.1, expected, value("source")?.1, value("product")?.1, value("currency")?.1,
            ])
        }
        if !problems.isEmpty { throw Problems(lines: problems) }
        if zeroAmounts > 0 { notes.append("\(fileName): \(zeroAmounts) deals have no amount; they count as 0.") }
        if roundedAmounts > 0 {
            notes.append(
                "\(fileName): \(roundedAmounts) amounts had more than 2 decimals and were rounded to the cent.")
        }
        let columns = TableSchema.columns(.opportunities).map(\.name)
        return Result(files: [.opportunities: TextRows(columns: columns, rows: rows).csv()], notes: notes)
    }

    static func isTrue(_ s: String) -> Bool { ["1", "true", "yes", "y"].contains(s.lowercased()) }

    /// An amount as exported (`$1,234.50`, `1234.5 USD`, `1 234,00 €` is not supported) → `1234.50`.
    static func cleanAmount(_ raw: String) -> (text: String, rounded: Bool)? {
        // A comma before the last one or two digits is a decimal comma (1.234,50): not guessed at.
        if let comma = raw.lastIndex(of: ","), raw[raw.index(after: comma)...].allSatisfy(\.isNumber),
            (1...2).contains(raw.distance(from: comma, to: raw.endIndex) - 1)
        {
            return nil
        }
        let negative = raw.hasPrefix("-") || (raw.hasPrefix("(") && raw.hasSuffix(")"))
        let kept = raw.filter { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard !kept.isEmpty, kept.filter({ $0 == "." }).count <= 1 else { return nil }
        let parts = kept.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts[0].isEmpty ? "0" : String(parts[0])
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        var rounded = false
        var wholeValue = Int64(whole) ?? 0
        guard Int64(whole) != nil || whole == "0" else { return nil }
        if fraction.count > 2 {
            rounded = true
            let digits = Array(fraction)
            var cents = Int64(String(digits[0..<2]))!
            if digits[2] >= "5" { cents += 1 }
            if cents == 100 {
                cents = 0
                wholeValue += 1
            }
            fraction = cents < 10 ? "0\(cents)" : "\(cents)"
        }
        let text = (negative ? "-" : "") + String(wholeValue) + (fraction.isEmpty ? "" : "." + fraction)
        return (text, rounded)
    }

    /// ISO dates and date-times pass through; `M/D/YYYY[ H:MM[:SS][ AM|PM]]` is rewritten as ISO.
    static func normalizeTimestamp(_ raw: String, order: DealMapping.DateOrder?) -> String? {
        let bytes = Array(raw.utf8)
        if bytes.count >= 10, bytes.withUnsafeBufferPointer({ FieldParsers.timestamp($0) }) != nil { return raw }
        let parts = raw.split(separator: " ", maxSplits: 1).map(String.init)
        let date = parts[0].split(separator: "/").map(String.init)
        guard date.count == 3, let a = Int(date[0]), let b = Int(date[1]), let year = Int(date[2]), year >= 1000 else {
            return nil
        }
        let (month, day) = (order ?? .mdy) == .mdy ? (a, b) : (b, a)
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year: year, month: month) else {
            return nil
        }
        var out = CivilDate.format(CivilDate.day(year: year, month: month, day: day))
        if parts.count == 2 {
            var time = parts[1].uppercased()
            var offset = 0
            if time.hasSuffix("AM") || time.hasSuffix("PM") {
                offset = time.hasSuffix("PM") ? 12 : 0
                time = String(time.dropLast(2)).trimmingSpaces
            }
            let hms = time.split(separator: ":").compactMap { Int($0) }
            guard hms.count >= 2, hms.count <= 3, hms[0] <= 23, hms[1] <= 59 else { return nil }
            var hour = hms[0]
            if offset > 0 || parts[1].uppercased().hasSuffix("AM") { hour = hour % 12 + offset }
            func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
            out += "T\(two(hour)):\(two(hms[1])):\(two(hms.count == 3 ? hms[2] : 0))"
        }
        return out
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}

/// Windows-1252, the encoding of Salesforce's data exports, to UTF-8.
enum Windows1252 {
    /// Code points of bytes 0x80–0x9F (the rest of the range maps to itself, like Latin-1).
    private static let high: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x192, 0x201E, 0x2026, 0x2020, 0x2021, 0x2C6, 0x2030, 0x160, 0x2039, 0x152, 0x8D, 0x17D,
        0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x2DC, 0x2122, 0x161, 0x203A, 0x153, 0x9D, 0x17E,
        0x178,
    ]

    static func utf8(_ bytes: [UInt8]) -> [UInt8] {
        var scalars = String.UnicodeScalarView()
        for b in bytes {
            let code = b >= 0x80 && b <= 0x9F ? high[Int(b - 0x80)] : UInt32(b)
            scalars.append(Unicode.Scalar(code)!)
        }
        return Array(String(scalars).utf8)
    }
}
