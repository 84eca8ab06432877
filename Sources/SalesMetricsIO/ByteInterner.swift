import Foundation
import SalesMetrics

/// Dictionary-encodes text values straight from the file's bytes.
///
/// An open-addressing hash table over byte strings: a value seen before costs
/// one hash and one byte comparison, and a `String` is made only the first
/// time a value appears (or never, for keys only checked for uniqueness).
/// Codes are assigned in order of first appearance and match ``codes``, so the
/// dataset's dictionaries come out as is.
struct ByteInterner {
    private(set) var codes: StringCodes
    let keepsStrings: Bool
    /// Key bytes of every entry, back to back.
    private var arena: [UInt8] = []
    private var offsets: [Int] = [0]
    /// Slots hold `entry + 1`; 0 is empty.
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    /// The code of each entry. Usually the entry's own index, but byte-different
    /// spellings that Swift considers the same string share one code.
    private var entryCodes: [Int32] = []
    /// Number of distinct codes.
    private(set) var count = 0
    /// Per code: the line it first appeared on and how many rows named it (see ``intern(_:line:)``).
    private(set) var firstLine: [Int] = []
    private(set) var occurrences: [Int] = []
    private var mask: Int

    init(keepsStrings: Bool = true) {
        codes = StringCodes()
        self.keepsStrings = keepsStrings
        mask = 1023
        slots = [Int32](repeating: 0, count: 1024)
    }

    private var entryCount: Int { offsets.count - 1 }

    @inline(__always)
    static func hash(_ bytes: FieldBytes) -> UInt64 {
        // FNV-1a, 64-bit.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h = (h ^ UInt64(b)) &* 0x100_0000_01b3
        }
        return h
    }

    /// The entry holding `bytes` (hash `h`), or the empty slot where it belongs as `-(slot + 1)`.
    @inline(__always)
    private func find(_ bytes: FieldBytes, _ h: UInt64) -> Int {
        slots.withUnsafeBufferPointer { slots in
            hashes.withUnsafeBufferPointer { hashes in
                offsets.withUnsafeBufferPointer { offsets in
                    arena.withUnsafeBufferPointer { arena in
                        do {
                            let key = bytes
                            var slot = Int(truncatingIfNeeded: h) & mask
                            while true {
                                let entry = slots[slot]
                                if entry == 0 { return -(slot + 1) }
                                let e = Int(entry - 1)
                                if hashes[e] == h {
                                    let start = offsets[e]
                                    let length = offsets[e + 1] - start
                                    if length == key.count
                                        && (length == 0 || memcmp(arena.baseAddress! + start, key.baseAddress!, length) == 0)
                                    {
                                        return e
                                    }
                                }
                                slot = (slot + 1) & mask
                            }
                        }
                    }
                }
            }
        }
    }

    /// The code of `bytes`, or nil when it is new and not valid UTF-8.
    mutating func intern(_ bytes: FieldBytes) -> Int32? {
        let h = Self.hash(bytes)
        let found = find(bytes, h)
        if found >= 0 { return entryCodes[found] }
        let slot = -found - 1
        var code = Int32(count)
        if keepsStrings {
            guard let string = String(validating: bytes, as: UTF8.self) else { return nil }
            code = codes.code(for: string)
        } else if bytes.contains(where: { $0 >= 0x80 }) && String(validating: bytes, as: UTF8.self) == nil {
            return nil
        }
        arena.append(contentsOf: bytes)
        offsets.append(arena.count)
        hashes.append(h)
        entryCodes.append(code)
        slots[slot] = Int32(entryCount)
        if Int(code) == count { count += 1 }
        if entryCount * 2 > mask { grow() }
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

    /// The code of `bytes` if it was interned before.
    func lookup(_ bytes: FieldBytes) -> Int32? {
        let found = find(bytes, Self.hash(bytes))
        return found >= 0 ? entryCodes[found] : nil
    }

    private mutating func grow() {
        mask = mask * 2 + 1
        slots = [Int32](repeating: 0, count: mask + 1)
        for e in 0..<entryCount {
            var slot = Int(truncatingIfNeeded: hashes[e]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(e + 1)
        }
    }
}
