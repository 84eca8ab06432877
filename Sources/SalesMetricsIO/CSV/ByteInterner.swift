import Foundation
import SalesMetrics

/// Dictionary-encodes text values straight from the file's bytes.
///
/// An open-addressing hash table over byte strings: a value seen before costs
/// one hash and one comparison, and no `String` is made while reading; the
/// distinct values are decoded once, at the end (``strings()``). Values are
/// compared byte for byte, so they are kept exactly as written (SPEC §8.2).
struct ByteInterner {
    /// Key bytes of every code, back to back.
    private var arena: [UInt8] = []
    private var offsets: [Int] = [0]
    /// Slots hold the hash's upper 32 bits and `code + 1` (low 32 bits); 0 is empty.
    /// Comparing the stored hash bits first means most probes touch nothing else.
    private var slots: [UInt64]
    private var hashes: [UInt64] = []
    private var mask: Int
    /// Per code: the line it first appeared on and how many rows named it (see ``intern(_:line:)``).
    private(set) var firstLine: [Int] = []
    private(set) var occurrences: [Int] = []

    /// `expected`: about how many distinct values will come (ids of a table), so the table never has to grow.
    init(expected: Int = 0) {
        var size = 1024
        while size < expected * 2 { size *= 2 }
        mask = size - 1
        slots = [UInt64](repeating: 0, count: size)
        hashes.reserveCapacity(expected)
        offsets.reserveCapacity(expected + 1)
    }

    /// Number of distinct values.
    var count: Int { offsets.count - 1 }

    @inline(__always)
    static func hash(_ bytes: FieldBytes) -> UInt64 {
        // FNV-1a, then a final mix so that the low bits used for slots depend on every byte.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h = (h ^ UInt64(b)) &* 0x100_0000_01b3
        }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        return h ^ (h >> 33)
    }

    /// The code holding `bytes` (hash `h`), or the empty slot where it belongs as `-(slot + 1)`.
    @inline(__always)
    private func find(_ key: FieldBytes, _ h: UInt64) -> Int {
        let tag = h & 0xFFFF_FFFF_0000_0000
        return slots.withUnsafeBufferPointer { slots in
            offsets.withUnsafeBufferPointer { offsets in
                arena.withUnsafeBufferPointer { arena in
                    var slot = Int(truncatingIfNeeded: h) & mask
                    while true {
                        let entry = slots[slot]
                        if entry == 0 { return -(slot + 1) }
                        if entry & 0xFFFF_FFFF_0000_0000 == tag {
                            let code = Int(entry & 0xFFFF_FFFF) - 1
                            let start = offsets[code]
                            let length = offsets[code + 1] - start
                            if length == key.count
                                && (length == 0 || memcmp(arena.baseAddress! + start, key.baseAddress!, length) == 0)
                            {
                                return code
                            }
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    /// The code interned last: files often repeat a value on consecutive rows (stage history
    /// lists each deal's stages together). Only the code is kept, and compared with the
    /// interner's own copy of its bytes: a pointer to the caller's bytes would dangle once the
    /// caller's buffer is gone (a file's parser, another interner's arena), and the interner is a
    /// value type that is copied into other datasets.
    private var lastCode: Int32 = -1

    /// The code of `bytes`, adding it when new; nil when it is new and not valid UTF-8.
    mutating func intern(_ bytes: FieldBytes) -> Int32? {
        if lastCode >= 0 && isLast(bytes) { return lastCode }
        guard let code = insert(bytes) else { return nil }
        lastCode = code
        return code
    }

    @inline(__always)
    private func isLast(_ bytes: FieldBytes) -> Bool {
        let code = Int(lastCode)
        return offsets.withUnsafeBufferPointer { offsets in
            let start = offsets[code]
            let length = offsets[code + 1] - start
            guard length == bytes.count else { return false }
            if length == 0 { return true }
            return arena.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, bytes.baseAddress!, length) == 0 }
        }
    }

    private mutating func insert(_ bytes: FieldBytes) -> Int32? {
        let h = Self.hash(bytes)
        let found = find(bytes, h)
        if found >= 0 { return Int32(found) }
        if !FieldParsers.isUTF8(bytes) { return nil }
        let code = Int32(count)
        arena.append(contentsOf: bytes)
        offsets.append(arena.count)
        hashes.append(h)
        slots[-found - 1] = Self.entry(h, code)
        if count * 2 > mask { grow() }
        return code
    }

    /// Interns a value of row `line`, counting where and how often each code occurs.
    mutating func intern(_ bytes: FieldBytes, line: Int) -> Int32? {
        guard let code = intern(bytes) else { return nil }
        if Int(code) == firstLine.count {
            firstLine.append(line)
            occurrences.append(0)
        }
        occurrences[Int(code)] += 1
        return code
    }

    /// The code of `bytes` if it is known (read only, so it can run on several threads).
    func lookup(_ bytes: FieldBytes) -> Int32? {
        let found = find(bytes, Self.hash(bytes))
        return found >= 0 ? Int32(found) : nil
    }

    /// Calls `body` with the bytes of a code.
    func withBytes<T>(of code: Int, _ body: (FieldBytes) -> T) -> T {
        arena.withUnsafeBufferPointer { arena in
            body(FieldBytes(rebasing: arena[offsets[code]..<offsets[code + 1]]))
        }
    }

    func string(_ code: Int) -> String { withBytes(of: code) { String(decoding: $0, as: UTF8.self) } }

    /// Every value, in code order.
    func strings() -> [String] { (0..<count).map(string) }

    @inline(__always)
    private static func entry(_ h: UInt64, _ code: Int32) -> UInt64 {
        (h & 0xFFFF_FFFF_0000_0000) | UInt64(code + 1)
    }

    private mutating func grow() {
        mask = mask * 2 + 1
        slots = [UInt64](repeating: 0, count: mask + 1)
        for code in 0..<count {
            var slot = Int(truncatingIfNeeded: hashes[code]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Self.entry(hashes[code], Int32(code))
        }
    }
}
