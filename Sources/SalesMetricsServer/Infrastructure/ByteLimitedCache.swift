/// A cache bounded by the bytes of what it holds, dropping the least recently used entries.
///
/// A count limit is no bound at all: one report broken down by owner over years of weeks is
/// thousands of times the size of an overview, and a viewer can ask for hundreds of distinct
/// ones. Sizes are what each entry reports of itself (its bytes, or an estimate of its memory).
/// Not thread-safe: ``DataCache`` keeps it under its lock.
struct ByteLimitedCache<Key: Hashable, Value> {
    private struct Entry {
        var value: Value
        var bytes: Int
        var lastUse: UInt64
    }

    let limit: Int
    private var entries: [Key: Entry] = [:]
    private var clock: UInt64 = 0
    private(set) var bytes = 0

    init(limit: Int) { self.limit = limit }

    var count: Int { entries.count }

    mutating func get(_ key: Key) -> Value? {
        guard entries[key] != nil else { return nil }
        clock += 1
        entries[key]!.lastUse = clock
        return entries[key]!.value
    }

    /// Stores a value of `size` bytes; one larger than a quarter of the limit is not kept (it
    /// would push out everything else for a request that is rarely repeated).
    mutating func set(_ key: Key, _ value: Value, bytes size: Int) {
        if let old = entries.removeValue(forKey: key) { bytes -= old.bytes }
        guard size <= limit / 4 else { return }
        clock += 1
        entries[key] = Entry(value: value, bytes: size, lastUse: clock)
        bytes += size
        if bytes > limit { evict(downTo: limit * 3 / 4) }
    }

    /// Drops the least recently used entries until at most `target` bytes are held; sorting once
    /// per eviction (not per insert) keeps it cheap.
    private mutating func evict(downTo target: Int) {
        for (key, entry) in entries.sorted(by: { $0.value.lastUse < $1.value.lastUse }) {
            if bytes <= target { break }
            entries[key] = nil
            bytes -= entry.bytes
        }
    }
}
