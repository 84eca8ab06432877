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
    private var mask: Int

    init(_ existing: StringCodes = StringCodes(), keepsStrings: Bool = true) {
        codes = StringCodes()
        self.keepsStrings = keepsStrings
        mask = 1023
        slots = [Int32](repeating: 0, count: 1024)
        for value in existing.values { _ = intern(Array(value.utf8)[...]) }
    }

    private var entryCount: Int { offsets.count - 1 }

    @inline(__always)
    static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        // FNV-1a, 64-bit.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h = (h ^ UInt64(b)) &* 0x100_0000_01b3
        }
        return h
    }

    /// The code of `bytes`, or nil when it is new and not valid UTF-8.
    mutating func intern(_ bytes: ArraySlice<UInt8>) -> Int32? {
        let h = Self.hash(bytes)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            let e = Int(entry - 1)
            if hashes[e] == h && equals(e, bytes) { return entryCodes[e] }
            slot = (slot + 1) & mask
        }
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

    /// The code of `bytes` if it was interned before.
    func lookup(_ bytes: ArraySlice<UInt8>) -> Int32? {
        let h = Self.hash(bytes)
        var slot = Int(truncatingIfNeeded: h) & mask
        while slots[slot] != 0 {
            let e = Int(slots[slot] - 1)
            if hashes[e] == h && equals(e, bytes) { return entryCodes[e] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    @inline(__always)
    private func equals(_ entry: Int, _ bytes: ArraySlice<UInt8>) -> Bool {
        let start = offsets[entry]
        let length = offsets[entry + 1] - start
        guard length == bytes.count else { return false }
        var i = start
        for b in bytes {
            if arena[i] != b { return false }
            i += 1
        }
        return true
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
