/// The DTB strings block, built the way dtc's `stringtable_insert` builds it: a name reuses the
/// first position in the table where it appears as a NUL-terminated suffix, else it is appended.
///
/// dtc scans the whole table for each name; here every suffix of every appended name is kept in a
/// hash map with its first offset, which gives the same offsets in linear time.
struct DTBStringTable {
    /// The block's bytes.
    private(set) var bytes: [UInt8] = []
    private var offsets: [String: UInt32] = [:]

    /// The offset of `name`, appending it when no existing entry ends with it.
    mutating func offset(of name: String) -> UInt32 {
        if let known = offsets[name] { return known }
        let start = UInt32(truncatingIfNeeded: bytes.count)
        let utf8 = Array(name.utf8)
        bytes.append(contentsOf: utf8)
        bytes.append(0)
        // Record each suffix not seen before at its first position.
        for index in 0...utf8.count {
            let suffix = String(decoding: utf8[index...], as: UTF8.self)
            if offsets[suffix] == nil { offsets[suffix] = start + UInt32(index) }
        }
        return start
    }
}
