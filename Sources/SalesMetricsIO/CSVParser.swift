/// A strict RFC 4180 reader over bytes: comma separator, `"` quoting with
/// `""` inside quotes, CRLF or LF line ends, an optional UTF-8 BOM.
///
/// Fields are handed out as byte slices of the input (no copies, no Strings);
/// only a quoted field with doubled quotes is copied to unescape it. Values
/// are trimmed of surrounding spaces and tabs (SPEC §8.1).
public struct CSVParser {
    public enum Problem: Error, Equatable {
        case unterminatedQuote(line: Int)
        case textAfterQuote(line: Int)
        case binary(line: Int)
        case fieldTooLong(line: Int, limit: Int)
        case tooManyColumns(line: Int, limit: Int)

        public var line: Int {
            switch self {
            case .unterminatedQuote(let l), .textAfterQuote(let l), .binary(let l), .fieldTooLong(let l, _),
                .tooManyColumns(let l, _):
                l
            }
        }

        public var message: String {
            switch self {
            case .unterminatedQuote:
                "a quoted value is never closed (the file may be truncated); close it with \" or remove the stray quote"
            case .textAfterQuote:
                "text follows a closing quote; quote the whole value and double any \" inside it (\"\")"
            case .binary:
                "the file contains binary data (a NUL byte); export it again as UTF-8 CSV text"
            case .fieldTooLong(_, let limit):
                "a value is longer than \(limit / 1_048_576) MiB; this is not a CSV export of CRM data"
            case .tooManyColumns(_, let limit):
                "a row has more than \(limit) columns; check the separator is a comma"
            }
        }
    }

    public static let maxFieldBytes = 1 << 20
    public static let maxColumns = 1000

    private let bytes: [UInt8]
    private var position: Int
    /// Line on which the next record starts (1-based).
    public private(set) var line = 1
    /// Line on which the record last returned started.
    public private(set) var recordLine = 1

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        position = hasBOM ? 3 : 0
    }

    /// Reads the next record into `fields`; false at the end of the input.
    /// A line that is completely empty is skipped.
    public mutating func next(into fields: inout [ArraySlice<UInt8>]) throws(Problem) -> Bool {
        fields.removeAll(keepingCapacity: true)
        let end = bytes.count
        // Skip blank lines (e.g. a trailing newline).
        while position < end && (bytes[position] == 10 || bytes[position] == 13) {
            if bytes[position] == 10 { line += 1 }
            position += 1
        }
        if position >= end { return false }
        recordLine = line
        while true {
            if fields.count >= Self.maxColumns { throw .tooManyColumns(line: recordLine, limit: Self.maxColumns) }
            // Leading spaces before a quote are allowed and trimmed.
            var p = position
            while p < end && (bytes[p] == 32 || bytes[p] == 9) { p += 1 }
            if p < end && bytes[p] == 34 {
                fields.append(try quoted(from: p + 1))
            } else {
                let start = position
                var q = position
                while q < end {
                    let c = bytes[q]
                    if c == 44 || c == 10 || c == 13 { break }
                    if c == 0 { throw .binary(line: line) }
                    if c == 34 { throw .textAfterQuote(line: line) }
                    q += 1
                }
                if q - start > Self.maxFieldBytes { throw .fieldTooLong(line: line, limit: Self.maxFieldBytes) }
                position = q
                fields.append(trimmed(bytes[start..<q]))
            }
            // After a field: comma, line end or end of input.
            if position >= end { return true }
            let c = bytes[position]
            if c == 44 {
                position += 1
                if position >= end { fields.append([]); return true }
                continue
            }
            if c == 13 {
                position += 1
                if position < end && bytes[position] == 10 { position += 1 }
                line += 1
                return true
            }
            if c == 10 {
                position += 1
                line += 1
                return true
            }
            throw .textAfterQuote(line: line)
        }
    }

    /// A quoted field starting after its opening quote; leaves `position` after the closing quote and any spaces.
    private mutating func quoted(from start: Int) throws(Problem) -> ArraySlice<UInt8> {
        let end = bytes.count
        var p = start
        var hasDoubledQuote = false
        while true {
            guard p < end else { throw .unterminatedQuote(line: recordLine) }
            let c = bytes[p]
            if c == 34 {
                if p + 1 < end && bytes[p + 1] == 34 {
                    hasDoubledQuote = true
                    p += 2
                    continue
                }
                break
            }
            if c == 0 { throw .binary(line: line) }
            if c == 10 { line += 1 }
            p += 1
            if p - start > Self.maxFieldBytes { throw .fieldTooLong(line: recordLine, limit: Self.maxFieldBytes) }
        }
        var value = bytes[start..<p]
        position = p + 1
        while position < end && (bytes[position] == 32 || bytes[position] == 9) { position += 1 }
        if hasDoubledQuote {
            var copy: [UInt8] = []
            copy.reserveCapacity(value.count)
            var i = value.startIndex
            while i < value.endIndex {
                copy.append(value[i])
                i += value[i] == 34 ? 2 : 1
            }
            value = copy[...]
        }
        return trimmed(value)
    }

    @inline(__always)
    private func trimmed(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var lo = s.startIndex
        var hi = s.endIndex
        while lo < hi && (s[lo] == 32 || s[lo] == 9) { lo += 1 }
        while hi > lo && (s[hi - 1] == 32 || s[hi - 1] == 9) { hi -= 1 }
        return s[lo..<hi]
    }
}
