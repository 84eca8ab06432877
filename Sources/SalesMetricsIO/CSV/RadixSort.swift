/// Least-significant-digit radix sort of indices by 64-bit keys: linear time
/// and sequential memory access, for millions of keys.
enum RadixSort {
    /// Indices of `keys` in ascending order of their low `bits` (16, 32, 48 or 64; stable).
    static func indices(sortedBy keys: [UInt64], bits: Int = 64) -> [Int32] {
        var order = (0..<Int32(keys.count)).map { $0 }
        // Small inputs: a comparison sort beats four passes over 65,536 counters.
        let mask: UInt64 = bits >= 64 ? .max : (1 << UInt64(bits)) - 1
        if keys.count < 50_000 {
            return order.sorted { (keys[Int($0)] & mask, $0) < (keys[Int($1)] & mask, $1) }
        }
        var scratch = order
        var counts = [Int](repeating: 0, count: 1 << 16)
        for pass in 0..<(bits / 16) {
            let shift = UInt64(pass * 16)
            for i in counts.indices { counts[i] = 0 }
            for k in keys { counts[Int((k >> shift) & 0xFFFF)] += 1 }
            var total = 0
            for i in counts.indices {
                let c = counts[i]
                counts[i] = total
                total += c
            }
            for index in order {
                let digit = Int((keys[Int(index)] >> shift) & 0xFFFF)
                scratch[counts[digit]] = index
                counts[digit] += 1
            }
            swap(&order, &scratch)
        }
        return order
    }
}
