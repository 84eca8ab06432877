import Foundation
import SalesMetrics
import SalesMetricsIO

/// One fuzz input, run through the byte-level CSV parser, every field parser and the dataset
/// reader, with checks that fail loudly (`check` traps, so libFuzzer keeps the input) when a
/// result contradicts an independent reading of the same bytes. A crash, a sanitizer report or a
/// failed check is a finding; a rejected input (a CSV problem, a dataset error) is not.
///
/// Input layout, readable so that seeds can be written by hand (Tests/Fuzz/corpus):
/// - `=== NAME` lines split the input into dataset files, NAME a table (`reps`, `stage_history`,
///   …); `=== NAME.csv` writes that file into a temporary folder and reads the folder, through the
///   file-reading path of the parser, instead of bytes in memory. Several files exercise the
///   merge of dictionaries and the references between files (owners missing from reps.csv).
/// - Without such a line, the whole input is one file of the table picked by its first byte.
///
/// `SALESMETRICS_FUZZ_MODE=csv` fuzzes the CSV parser and the field parsers alone: some forty
/// times more executions per second than with the dataset reader, for the code that handles raw
/// pointers.
enum FuzzTarget {
    static let csvOnly = ProcessInfo.processInfo.environment["SALESMETRICS_FUZZ_MODE"] == "csv"

    static func run(_ input: [UInt8]) {
        parseCSV(input)
        if csvOnly { return }
        let (files, inFolder) = split(input)
        readDataset(files, inFolder: inFolder)
    }

    /// A broken promise of the code under test: a finding, kept by libFuzzer as a crash.
    static func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition {
            FileHandle.standardError.write(Data("fuzz check failed: \(message())\n".utf8))
            abort()
        }
    }

    // MARK: - CSV parser and field parsers

    static func parseCSV(_ input: [UInt8]) {
        let parser = CSVParser(bytes: input)
        let lines = lineBound(input)
        var fields: [FieldBytes] = []
        var records = 0
        var previousLine = 0
        var first: [String]?
        do {
            while try parser.next(into: &fields) {
                records += 1
                check(parser.recordLine > previousLine, "record lines go forward")
                check(parser.line >= parser.recordLine && parser.line <= lines, "line count stays in the input")
                check(!fields.isEmpty && fields.count <= CSVParser.maxColumns, "a record has 1…maxColumns fields")
                previousLine = parser.recordLine
                if first == nil { first = fields.map { String(decoding: $0, as: UTF8.self) } }
                for field in fields { checkField(field) }
            }
            check(records <= lines, "no more records than lines")
        } catch {
            check(error.line >= 1 && error.line <= lines, "a problem's line \(error.line) is in the input (\(lines))")
            check(!error.message.isEmpty, "a problem says what is wrong")
        }
        // The header shortcut (used to recognise CRM exports) agrees with the parser on a first
        // record that starts the input and parses.
        let start = input.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if let first, start < input.count, input[start] != 10, input[start] != 13 {
            let header = try? CSVParser.header(of: input)
            check(header == first, "header(of:) \(String(describing: header)) ≠ first record \(first)")
        }
    }

    static func checkField(_ b: FieldBytes) {
        if let first = b.first { check(first != 32 && first != 9, "fields are trimmed") }
        if let last = b.last { check(last != 32 && last != 9, "fields are trimmed") }
        let text = String(validating: b, as: UTF8.self)
        check(FieldParsers.isUTF8(b) == (text != nil), "isUTF8 agrees with String(validating:)")

        let date = FieldParsers.date(b)
        check(date == (b.count == 10 ? CivilDate.parse(ArraySlice(b)) : nil), "date agrees with CivilDate.parse")
        if let date { check(CivilDate.format(date) == text, "a date formats back to its text") }

        let timestamp = FieldParsers.timestamp(b)
        let expected = Reference.timestamp(Array(b))
        check(
            timestamp?.value == expected?.value && timestamp?.local == expected?.local,
            "timestamp \(String(describing: timestamp)) ≠ reference \(String(describing: expected))")
        if let date { check(timestamp?.value == Int64(date) * Timestamp.msPerDay, "a date is its midnight") }

        let integer = FieldParsers.integer(b)
        let money = FieldParsers.money(b)
        let micros = FieldParsers.micros(b)
        if let integer {
            check(Int64(String(decoding: b, as: UTF8.self)) == integer, "integer agrees with Int64(String)")
            check(money == integer * 100, "an integer is that many units of money")
            if let micros { check(micros == integer * 1_000_000, "an integer is that many hours") }
        }
        // Small values are accepted by every type that can hold them.
        if let small = Reference.smallDecimal(Array(b)) {
            if small.fraction.isEmpty && !small.integer.isEmpty {
                check(integer == small.units(scale: 0), "integer of \(small)")
            }
            if small.fraction.count <= 2 { check(money == small.units(scale: 2), "money of \(small)") }
            if small.fraction.count <= 6 { check(micros == small.units(scale: 6), "micros of \(small)") }
        }
        if let money, let micros { check(micros == money * 10_000, "money and hours agree") }
    }

    // MARK: - Dataset reader

    static func split(_ input: [UInt8]) -> (files: [(Table, [UInt8])], inFolder: Bool) {
        let marker = Array("=== ".utf8)
        guard input.starts(with: marker) else {
            guard let first = input.first else { return ([(.reps, [])], false) }
            return ([(Table.allCases[Int(first) % Table.allCases.count], input)], false)
        }
        // Every line that starts with the marker opens a file that runs to the next one.
        var starts: [Int] = []
        var i = 0
        while i < input.count {
            if input[i...].starts(with: marker) { starts.append(i) }
            guard let lineFeed = input[i...].firstIndex(of: 10) else { break }
            i = lineFeed + 1
        }
        var files: [(Table, [UInt8])] = []
        var inFolder = false
        for (k, start) in starts.enumerated() {
            let next = k + 1 < starts.count ? starts[k + 1] : input.count
            let nameEnd = input[start..<next].firstIndex(of: 10) ?? next
            let name = String(decoding: input[(start + marker.count)..<nameEnd], as: UTF8.self)
            let folder = name.hasSuffix(".csv")
            guard let table = Table(rawValue: folder ? String(name.dropLast(4)) : name),
                !files.contains(where: { $0.0 == table })
            else { continue }
            files.append((table, Array(input[min(nameEnd + 1, next)..<next])))
            inFolder = inFolder || folder
        }
        return (files, inFolder)
    }

    /// Line ends of either kind, plus one: the parser counts a lone CR as a line end too.
    static func lineBound(_ bytes: [UInt8]) -> Int { bytes.reduce(1) { $1 == 10 || $1 == 13 ? $0 + 1 : $0 } }

    static func readDataset(_ files: [(Table, [UInt8])], inFolder: Bool) {
        guard !files.isEmpty else { return }
        let first = read(files, inFolder: inFolder)
        switch first {
        case .success(let result):
            for (table, bytes) in files {
                check(result.dataset.rowCount(table) <= lineBound(bytes), "rows ≤ lines of \(table)")
            }
            for warning in result.warnings {
                check(files.contains { $0.0.fileName == warning.file }, "a warning names a file read: \(warning)")
            }
            // The snapshot codec keeps every value of a dataset that was read.
            let encoded = DatasetCodec.encode(result.dataset)
            do {
                check(DatasetCodec.encode(try DatasetCodec.decode(encoded)) == encoded, "snapshot round trip")
            } catch {
                check(false, "a fresh snapshot decodes: \(error)")
            }
            // Files are read on several threads: codes must not depend on which finished first.
            if files.count > 1, case .success(let again) = read(files, inFolder: inFolder) {
                check(DatasetCodec.encode(again.dataset) == encoded, "two reads give the same dataset")
            } else if files.count > 1 {
                check(false, "a second read of the same files fails")
            }
        case .failure(let error):
            check(!error.errors.isEmpty && error.errorCount >= error.errors.count, "a failed read lists its errors")
            for issue in error.errors {
                check(issue.severity == .error, "errors are errors")
                check(files.contains { $0.0.fileName == issue.file }, "an error names a file read: \(issue)")
                check(!issue.message.isEmpty, "an error says what is wrong")
            }
            if files.count > 1, case .failure(let again) = read(files, inFolder: inFolder) {
                check(again.errors == error.errors, "two reads give the same errors")
            } else if files.count > 1 {
                check(false, "a second read of the same files succeeds")
            }
        }
    }

    static func read(_ files: [(Table, [UInt8])], inFolder: Bool) -> Result<DatasetReader.Result, DatasetReadError> {
        guard inFolder else {
            return Result { () throws(DatasetReadError) in
                try DatasetReader().read(files: Dictionary(files, uniquingKeysWith: { a, _ in a }))
            }
        }
        // In memory (tmpfs) where there is one: a disk write per execution would slow fuzzing tenfold.
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let folder = URL(fileURLWithPath: base).appendingPathComponent("salesmetrics-fuzz-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (table, bytes) in files {
            try? Data(bytes).write(to: folder.appendingPathComponent(table.fileName))
        }
        return Result { () throws(DatasetReadError) in try DatasetReader().read(folder: folder) }
    }
}

/// Independent readings of values, written differently from `FieldParsers` (whole-string
/// splitting instead of a byte cursor), to compare with it.
enum Reference {
    /// A decimal of at most 9 digits before the point, every type's range: sign, digits, fraction.
    struct SmallDecimal: CustomStringConvertible {
        var negative: Bool
        var integer: [UInt8]
        var fraction: [UInt8]

        var description: String {
            (negative ? "-" : "") + String(decoding: integer, as: UTF8.self) + "."
                + String(decoding: fraction, as: UTF8.self)
        }

        /// The value in units of 10^-scale, fraction digits beyond the scale rounded half up.
        func units(scale: Int) -> Int64 {
            var v: Int64 = 0
            for d in integer { v = v * 10 + Int64(d - 48) }
            for k in 0..<scale { v = v * 10 + (k < fraction.count ? Int64(fraction[k] - 48) : 0) }
            if fraction.count > scale && fraction[scale] >= 53 { v += 1 }
            return negative ? -v : v
        }
    }

    static func smallDecimal(_ b: [UInt8]) -> SmallDecimal? {
        var body = b[...]
        var negative = false
        if let sign = body.first, sign == 43 || sign == 45 {
            negative = sign == 45
            body = body.dropFirst()
        }
        let parts = body.split(separator: 46, maxSplits: 1, omittingEmptySubsequences: false)
        let isDigits = { (s: ArraySlice<UInt8>) in s.allSatisfy { $0 >= 48 && $0 <= 57 } }
        guard let integer = parts.first, isDigits(integer), integer.count <= 9 else { return nil }
        if parts.count == 1 {
            return integer.isEmpty ? nil : SmallDecimal(negative: negative, integer: Array(integer), fraction: [])
        }
        let fraction = parts[1]
        guard !fraction.isEmpty, isDigits(fraction), fraction.count <= 12 else { return nil }
        return SmallDecimal(negative: negative, integer: Array(integer), fraction: Array(fraction))
    }

    /// A timestamp of SPEC §1: `YYYY-MM-DD`, optionally `T` or a space, `HH:MM`, optionally `:SS`
    /// with a `.` or `,` fraction, then nothing (local time), `Z`, or `±HH`, `±HHMM`, `±HH:MM`.
    static func timestamp(_ b: [UInt8]) -> (value: Int64, local: Bool)? {
        guard b.count >= 10, let day = CivilDate.parse(b[0..<10]) else { return nil }
        let midnight = Int64(day) * Timestamp.msPerDay
        if b.count == 10 { return (midnight, true) }
        guard b[10] == 84 || b[10] == 32 else { return nil }
        var rest = b[11...]
        // The zone designator, split off from the end.
        var offset: Int64? = nil
        if rest.last == 90 || rest.last == 122 {
            offset = 0
            rest = rest.dropLast()
        } else if let signAt = rest.lastIndex(where: { $0 == 43 || $0 == 45 }) {
            let zone = Array(rest[(signAt + 1)...]).filter { $0 != 58 }
            let colons = rest[(signAt + 1)...].filter { $0 == 58 }.count
            guard zone.count == 2 || zone.count == 4, colons <= 1, digitsValue(zone[...]) != nil else { return nil }
            if colons == 1 { guard rest.endIndex > signAt + 3, rest[signAt + 3] == 58 else { return nil } }
            let hours = digitsValue(zone[0..<2])!
            let minutes = zone.count == 4 ? digitsValue(zone[2..<4])! : 0
            guard hours <= 18, minutes <= 59 else { return nil }
            let sign: Int64 = rest[signAt] == 43 ? 1 : -1
            offset = sign * Int64(hours * 3_600_000 + minutes * 60_000)
            rest = rest[..<signAt]
        }
        let clock = rest.split(separator: 58, omittingEmptySubsequences: false)
        guard clock.count == 2 || clock.count == 3, clock[0].count == 2, clock[1].count == 2,
            let hour = digitsValue(clock[0]), let minute = digitsValue(clock[1]), hour <= 23, minute <= 59
        else { return nil }
        var ms = Int64(hour * 3_600_000 + minute * 60_000)
        if clock.count == 3 {
            let parts = clock[2].split(omittingEmptySubsequences: false) { $0 == 46 || $0 == 44 }
            guard parts.count <= 2, parts[0].count == 2, let second = digitsValue(parts[0]), second <= 60 else {
                return nil
            }
            ms += Int64(second * 1000)
            if parts.count == 2 {
                guard !parts[1].isEmpty, digitsValue(parts[1].prefix(18)) != nil,
                    parts[1].allSatisfy({ $0 >= 48 && $0 <= 57 })
                else { return nil }
                let millis = Array(parts[1].prefix(3)) + Array(repeating: 48, count: max(0, 3 - parts[1].count))
                ms += Int64(digitsValue(millis[...])!)
            }
        }
        return offset.map { (midnight + ms - $0, false) } ?? (midnight + ms, true)
    }

    static func digitsValue(_ s: ArraySlice<UInt8>) -> Int? {
        guard !s.isEmpty, s.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return s.reduce(0) { $0 * 10 + Int($1 - 48) }
    }
}
