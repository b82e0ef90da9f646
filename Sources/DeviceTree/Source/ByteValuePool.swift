/// Identical small values share one array: device trees repeat `status`, `compatible`,
/// `#…-cells`, `reg` sizes…, which keeps large trees' memory low.
///
/// An open-addressing table keyed by a cheap word-at-a-time hash of the bytes (hashing arrays
/// through `Hasher` a byte at a time cost more than the rest of the parse of a value). The hash
/// is not keyed, so a lookup gives up after a few probes: a source crafted to collide then only
/// loses the sharing, never costs more than constant time per value.
struct ByteValuePool {
    /// Values longer than this are never shared.
    static let maximumLength = 64
    /// Probes before a lookup gives up.
    private static let maximumProbes = 8

    /// Per slot: 1 + the index in `values`, or 0 for empty.
    private var slots: [Int32] = Array(repeating: 0, count: 1024)
    /// Per slot: the hash of the value there.
    private var hashes: [UInt64] = Array(repeating: 0, count: 1024)
    private var values: [[UInt8]] = []

    /// Replaces `bytes` with the shared array of equal bytes, or makes it the shared one.
    mutating func share(_ bytes: inout [UInt8]) {
        guard !bytes.isEmpty, bytes.count <= Self.maximumLength else { return }
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        for _ in 0..<Self.maximumProbes {
            let entry = slots[slot]
            if entry == 0 {
                slots[slot] = Int32(values.count + 1)
                hashes[slot] = hash
                values.append(bytes)
                if values.count * 2 > slots.count { grow() }
                return
            }
            if hashes[slot] == hash, Self.same(values[Int(entry) - 1], bytes) {
                bytes = values[Int(entry) - 1]
                return
            }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        let count = slots.count * 2
        var newSlots = [Int32](repeating: 0, count: count)
        var newHashes = [UInt64](repeating: 0, count: count)
        let mask = count - 1
        for slot in slots.indices where slots[slot] != 0 {
            var target = Int(truncatingIfNeeded: hashes[slot]) & mask
            // A value whose probe run is full is dropped from the table (it stays shared by
            // the properties already holding it).
            for _ in 0..<Self.maximumProbes {
                if newSlots[target] == 0 {
                    newSlots[target] = slots[slot]
                    newHashes[target] = hashes[slot]
                    break
                }
                target = (target + 1) & mask
            }
        }
        slots = newSlots
        hashes = newHashes
    }

    private static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { left in b.withUnsafeBytes { right in left.elementsEqual(right) } }
    }

    /// A 64-bit mix of the bytes, eight at a time.
    private static func hash(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { raw -> UInt64 in
            var h: UInt64 = 0x9e37_79b9_7f4a_7c15 ^ UInt64(raw.count)
            var offset = 0
            while offset + 8 <= raw.count {
                h = (h ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xbf58_476d_1ce4_e5b9
                h ^= h >> 31
                offset += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while offset < raw.count {
                tail |= UInt64(raw[offset]) << shift
                shift += 8
                offset += 1
            }
            h = (h ^ tail) &* 0x94d0_49bb_1331_11eb
            return h ^ (h >> 29)
        }
    }
}
