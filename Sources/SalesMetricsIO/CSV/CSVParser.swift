import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A field's bytes, valid while the ``CSVParser`` that produced it is alive.
public typealias FieldBytes = UnsafeBufferPointer<UInt8>

/// A strict RFC 4180 reader over bytes: comma separator, `"` quoting with
/// `""` inside quotes, CRLF or LF line ends, an optional UTF-8 BOM.
///
/// The parser keeps its own copy of the input and hands out fields as
/// pointers into it: no per-field allocation or reference counting. A quoted
/// field with doubled quotes is unescaped in place. Values are trimmed of
/// surrounding spaces and tabs (SPEC §8.1).
public final class CSVParser {
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

    private let storage: UnsafeMutableBufferPointer<UInt8>
    /// Whether `storage` is a file mapping (else an allocation).
    private let mapped: Bool
    private let base: UnsafeMutablePointer<UInt8>
    private let end: Int
    private var position: Int
    /// Line on which the next record starts (1-based).
    public private(set) var line = 1
    /// Line on which the record last returned started.
    public private(set) var recordLine = 1

    public convenience init(bytes: [UInt8]) {
        self.init(count: bytes.count) { buffer in _ = buffer.initialize(from: bytes) }
    }

    /// Maps a whole file copy-on-write: pages come straight from the page cache,
    /// and only those where quotes are unescaped get copied. Reading the file into a buffer
    /// instead was measured 20–25 % slower at scale 100 (docs/performance.md); the price of the
    /// mapping is that a file another program truncates while it is being read ends the process
    /// with SIGBUS (a known limitation in docs/data-format.md; `import` reads into arrays and
    /// is not affected).
    public init(contentsOfFile path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        let count = Int(info.st_size)
        if count == 0 {
            storage = .allocate(capacity: 1)
            storage[0] = 0
            mapped = false
        } else {
            guard let address = mmap(nil, count, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0), address != MAP_FAILED
            else { throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: path]) }
            storage = UnsafeMutableBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: count)
            mapped = true
        }
        base = storage.baseAddress!
        end = count
        position = Self.skipBOM(base, count)
    }

    /// The first record of `bytes` (a header's names, trimmed), copying only that record.
    public static func header(of bytes: [UInt8]) throws(Problem) -> [String] {
        // The record ends at the first line feed outside quotes.
        var end = bytes.count
        var quoted = false
        for (i, byte) in bytes.enumerated() {
            if byte == 34 {
                quoted.toggle()
            } else if byte == 10 && !quoted {
                end = i + 1
                break
            }
        }
        let parser = CSVParser(bytes: Array(bytes[..<end]))
        var fields: [FieldBytes] = []
        _ = try parser.next(into: &fields)
        return withExtendedLifetime(parser) { fields.map { String(decoding: $0, as: UTF8.self) } }
    }

    private init(count: Int, fill: (UnsafeMutableBufferPointer<UInt8>) throws -> Void) rethrows {
        // One spare byte keeps `base` valid for empty input.
        storage = .allocate(capacity: count + 1)
        storage[count] = 0
        mapped = false
        base = storage.baseAddress!
        end = count
        do {
            try fill(UnsafeMutableBufferPointer(rebasing: storage[0..<count]))
        } catch {
            storage.deallocate()
            throw error
        }
        position = Self.skipBOM(base, count)
    }

    private static func skipBOM(_ base: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
        count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF ? 3 : 0
    }

    /// Whether the input starts with a UTF-16 byte order mark.
    public var startsAsUTF16: Bool {
        end >= 2 && ((base[0] == 0xFF && base[1] == 0xFE) || (base[0] == 0xFE && base[1] == 0xFF))
    }

    /// About how many records the input holds, to size columns once: its line
    /// count, unless lines are so short (blank lines, a hostile file) that
    /// reserving that much memory would be a waste.
    public var estimatedRecords: Int {
        let lines = lineCount
        return lines * 16 <= end ? lines : end / 64
    }

    /// Line ends in the input, plus one.
    public var lineCount: Int { Self.lineFeeds(in: UnsafeRawBufferPointer(start: base, count: end)) + 1 }

    /// Line feeds in some bytes (memchr runs at memory speed; a byte loop does not).
    public static func lineFeeds(in bytes: UnsafeRawBufferPointer) -> Int {
        guard var p = bytes.baseAddress else { return 0 }
        var left = bytes.count
        var n = 0
        while left > 0, let hit = memchr(p, 10, left) {
            n += 1
            let next = UnsafeRawPointer(hit) + 1
            left -= next - p
            p = next
        }
        return n
    }

    deinit {
        if mapped { munmap(storage.baseAddress, storage.count) } else { storage.deallocate() }
    }

    /// Bytes that end an unquoted value or make it invalid: `,` LF CR `"` NUL.
    private static let stops: [Bool] = (0..<256).map { [44, 10, 13, 34, 0].contains($0) }

    /// Reads the next record into `fields`; false at the end of the input.
    /// Lines that are completely empty are skipped.
    public func next(into fields: inout [FieldBytes]) throws(Problem) -> Bool {
        fields.removeAll(keepingCapacity: true)
        // Work on locals: class properties would be checked for exclusive access on every byte.
        let b = base
        let end = end
        var position = position
        var line = line
        defer {
            self.position = position
            self.line = line
        }
        while position < end && (b[position] == 10 || b[position] == 13) {
            if b[position] == 10 { line += 1 }
            position += 1
        }
        if position >= end { return false }
        recordLine = line
        let recordLine = line
        return try Self.stops.withUnsafeBufferPointer { (stops) throws(Problem) -> Bool in
            while true {
                if fields.count >= Self.maxColumns { throw .tooManyColumns(line: recordLine, limit: Self.maxColumns) }
                var p = position
                while p < end && (b[p] == 32 || b[p] == 9) { p += 1 }
                if p < end && b[p] == 34 {
                    fields.append(try Self.quoted(b, end, from: p + 1, &position, &line, recordLine))
                } else {
                    let start = position
                    var q = position
                    while q < end && !stops[Int(b[q])] { q += 1 }
                    if q < end && b[q] == 34 { throw .textAfterQuote(line: line) }
                    if q < end && b[q] == 0 { throw .binary(line: line) }
                    if q - start > Self.maxFieldBytes { throw .fieldTooLong(line: line, limit: Self.maxFieldBytes) }
                    position = q
                    fields.append(Self.trimmed(b, start, q))
                }
                if position >= end { return true }
                let c = b[position]
                if c == 44 {
                    position += 1
                    if position >= end {
                        // The empty value after a final comma counts towards the limit too.
                        if fields.count >= Self.maxColumns {
                            throw .tooManyColumns(line: recordLine, limit: Self.maxColumns)
                        }
                        fields.append(FieldBytes(start: b + end, count: 0))
                        return true
                    }
                    continue
                }
                if c == 13 {
                    position += 1
                    if position < end && b[position] == 10 { position += 1 }
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
    }

    /// A quoted field starting after its opening quote; leaves `position` after the closing quote and any spaces.
    private static func quoted(
        _ b: UnsafeMutablePointer<UInt8>, _ end: Int, from start: Int, _ position: inout Int, _ line: inout Int,
        _ recordLine: Int
    ) throws(Problem) -> FieldBytes {
        var read = start
        var write = start  // doubled quotes are collapsed in place
        while true {
            guard read < end else { throw .unterminatedQuote(line: recordLine) }
            let c = b[read]
            if c == 34 {
                if read + 1 < end && b[read + 1] == 34 {
                    b[write] = 34
                    write += 1
                    read += 2
                    continue
                }
                break
            }
            if c == 0 { throw .binary(line: line) }
            if c == 10 { line += 1 }
            b[write] = c
            write += 1
            read += 1
            if read - start > maxFieldBytes { throw .fieldTooLong(line: recordLine, limit: maxFieldBytes) }
        }
        position = read + 1
        while position < end && (b[position] == 32 || b[position] == 9) { position += 1 }
        return trimmed(b, start, write)
    }

    @inline(__always)
    private static func trimmed(_ base: UnsafeMutablePointer<UInt8>, _ start: Int, _ stop: Int) -> FieldBytes {
        var lo = start
        var hi = stop
        while lo < hi && (base[lo] == 32 || base[lo] == 9) { lo += 1 }
        while hi > lo && (base[hi - 1] == 32 || base[hi - 1] == 9) { hi -= 1 }
        return FieldBytes(start: base + lo, count: hi - lo)
    }
}
