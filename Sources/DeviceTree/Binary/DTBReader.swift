/// Reads a flattened device tree blob (DTB) into a `DeviceTree`, checking every offset first.
///
/// Versions 16 and 17 are read (a later version is read when its `last_comp_version` says it
/// is compatible with 17, as libfdt does). Every header field, block bound, token, length and
/// string offset is checked before it is used; a malformed blob is a `DTBReadError` carrying
/// the byte offset of the problem. Property values come back as one `.bytes` chunk.
public enum DTBReader {
    /// The deepest nesting of nodes accepted, the root counting as one level (as Linux's
    /// `FDT_MAX_DEPTH`).
    public static let maximumDepth = 64

    /// Reads `bytes`; bytes past the header's `totalsize` are ignored.
    public static func read(_ bytes: [UInt8]) throws(DTBReadError) -> DeviceTree {
        try bytes.withUnsafeBufferPointer { (buffer) throws(DTBReadError) -> DeviceTree in
            var builder = DTBTreeBuilder()
            let bootCPUID = try DTBReaderState(buffer).walk(&builder)
            return DeviceTree(memoryReservations: builder.reservations, root: builder.root ?? Node(name: ""), bootCPUID: bootCPUID)
        }
    }

    /// Checks `buffer` completely and reports its contents to `visitor` in blob order;
    /// returns `boot_cpuid_phys`. Names handed to the visitor are valid UTF-8.
    static func walk<Visitor: DTBVisitor>(_ buffer: UnsafeBufferPointer<UInt8>, _ visitor: inout Visitor) throws(DTBReadError) -> UInt32 {
        try DTBReaderState(buffer).walk(&visitor)
    }
}

/// Receives a blob's contents as the reader checks them, without building a tree.
protocol DTBVisitor {
    /// One memory reservation entry (all come before the first node).
    mutating func reservation(address: UInt64, size: UInt64)
    /// A node opens; the root's name is empty.
    mutating func beginNode(name: UnsafeBufferPointer<UInt8>)
    /// A property of the innermost open node.
    mutating func property(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>)
    /// The innermost open node closes.
    mutating func endNode()
}

/// Builds the `DeviceTree` value from the walk.
struct DTBTreeBuilder: DTBVisitor {
    var reservations: [MemoryReservation] = []
    var open: [Node] = []
    var root: Node?

    mutating func reservation(address: UInt64, size: UInt64) {
        reservations.append(MemoryReservation(address: address, size: size))
    }

    mutating func beginNode(name: UnsafeBufferPointer<UInt8>) {
        open.append(Node(name: String(decoding: name, as: UTF8.self)))
    }

    mutating func property(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
        let property = Property(name: String(decoding: name, as: UTF8.self), value: PropertyValue([.bytes(Array(value))]))
        open[open.count - 1].properties.append(property)
    }

    mutating func endNode() {
        guard let node = open.popLast() else { return }
        if open.isEmpty {
            root = node
        } else {
            open[open.count - 1].children.append(node)
        }
    }
}

// Structure-block tokens (devicetree specification, section 5.4.1).
private let tokenBeginNode: UInt32 = 0x1
private let tokenEndNode: UInt32 = 0x2
private let tokenProperty: UInt32 = 0x3
private let tokenNop: UInt32 = 0x4
private let tokenEnd: UInt32 = 0x9
private let fdtMagic: UInt32 = 0xd00d_feed

/// The mutable walk over one blob; all offsets are absolute and every read is checked.
private struct DTBReaderState {
    let buffer: UnsafeBufferPointer<UInt8>

    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    /// Big-endian word at `offset`; the caller has checked `offset + 4 <= limit <= count`.
    @inline(__always)
    func word(_ offset: Int) -> UInt32 {
        UInt32(buffer[offset]) << 24 | UInt32(buffer[offset + 1]) << 16
            | UInt32(buffer[offset + 2]) << 8 | UInt32(buffer[offset + 3])
    }

    /// Big-endian 64-bit value at `offset`; the caller has checked the bounds.
    @inline(__always)
    func doubleWord(_ offset: Int) -> UInt64 {
        UInt64(word(offset)) << 32 | UInt64(word(offset + 4))
    }

    func walk<Visitor: DTBVisitor>(_ visitor: inout Visitor) throws(DTBReadError) -> UInt32 {
        let count = buffer.count
        guard count >= 4 else { throw DTBReadError(offset: 0, .truncatedHeader(bufferSize: count, needed: 4)) }
        let magic = word(0)
        guard magic == fdtMagic else { throw DTBReadError(offset: 0, .badMagic(magic)) }
        guard count >= 28 else { throw DTBReadError(offset: 0, .truncatedHeader(bufferSize: count, needed: 28)) }
        let version = word(20)
        let lastCompatible = word(24)
        // libfdt reads a blob whose last compatible version it knows (at most 17); versions
        // before 16 use another structure layout (full paths, 8-byte value alignment).
        guard version >= 16, lastCompatible <= 17, lastCompatible <= version else {
            throw DTBReadError(offset: 20, .unsupportedVersion(version: version, lastCompatibleVersion: lastCompatible))
        }
        let headerSize = version >= 17 ? 40 : 36
        guard count >= headerSize else {
            throw DTBReadError(offset: 0, .truncatedHeader(bufferSize: count, needed: headerSize))
        }
        let totalSize = word(4)
        guard Int(totalSize) >= headerSize else {
            throw DTBReadError(offset: 4, .totalSizeTooSmall(totalSize: totalSize, headerSize: headerSize))
        }
        guard Int(totalSize) <= count else {
            throw DTBReadError(offset: 4, .totalSizeExceedsBuffer(totalSize: totalSize, bufferSize: count))
        }
        let total = Int(totalSize)

        let structStart = word(8)
        let stringsStart = word(12)
        let reservationsStart = word(16)
        let bootCPUID = word(28)
        let stringsSize = word(32)

        // Bounds and alignment of each block, reported at the header field that names it.
        // A bad start is reported at its offset field, a bad end at its size field.
        func checkBlock(_ block: DTBReadError.Block, field: Int, sizeField: Int?, start: UInt32, size: UInt32) throws(DTBReadError) {
            guard Int(start) >= headerSize else {
                throw DTBReadError(offset: field, .blockInsideHeader(block, start: start, headerSize: headerSize))
            }
            guard Int(start) <= total else {
                throw DTBReadError(offset: field, .blockOutOfBounds(block, start: start, size: size, totalSize: totalSize))
            }
            guard Int(start) + Int(size) <= total else {
                throw DTBReadError(offset: sizeField ?? field, .blockOutOfBounds(block, start: start, size: size, totalSize: totalSize))
            }
        }
        try checkBlock(.memoryReservations, field: 16, sizeField: nil, start: reservationsStart, size: 0)
        guard reservationsStart % 8 == 0 else {
            throw DTBReadError(offset: 16, .misalignedBlock(.memoryReservations, start: reservationsStart, alignment: 8))
        }
        let declaredStructSize: UInt32? = version >= 17 ? word(36) : nil
        try checkBlock(.structure, field: 8, sizeField: 36, start: structStart, size: declaredStructSize ?? 0)
        guard structStart % 4 == 0 else {
            throw DTBReadError(offset: 8, .misalignedBlock(.structure, start: structStart, alignment: 4))
        }
        try checkBlock(.strings, field: 12, sizeField: 32, start: stringsStart, size: stringsSize)

        // The reservation entries, up to the first entry of size 0.
        var position = Int(reservationsStart)
        while true {
            guard position + 16 <= total else { throw DTBReadError(offset: position, .unterminatedReservations) }
            let address = doubleWord(position)
            let size = doubleWord(position + 8)
            position += 16
            if size == 0 { break }
            visitor.reservation(address: address, size: size)
        }
        let reservationsRange = Int(reservationsStart)..<position
        let stringsRange = Int(stringsStart)..<(Int(stringsStart) + Int(stringsSize))

        // Version 16 has no structure size: the block ends at the next block or at totalsize.
        let structLimit: Int
        if let declaredStructSize {
            structLimit = Int(structStart) + Int(declaredStructSize)
        } else {
            structLimit = [reservationsRange.lowerBound, stringsRange.lowerBound, total]
                .filter { $0 > Int(structStart) }.min() ?? total
        }
        try checkOverlap(reservationsRange, .memoryReservations, Int(structStart)..<structLimit, .structure)
        try checkOverlap(reservationsRange, .memoryReservations, stringsRange, .strings)
        try checkOverlap(Int(structStart)..<structLimit, .structure, stringsRange, .strings)

        try walkStructure(start: Int(structStart), limit: structLimit, strings: stringsRange, &visitor)
        return bootCPUID
    }

    func checkOverlap(
        _ first: Range<Int>, _ firstBlock: DTBReadError.Block,
        _ second: Range<Int>, _ secondBlock: DTBReadError.Block
    ) throws(DTBReadError) {
        guard !first.isEmpty, !second.isEmpty, first.overlaps(second) else { return }
        throw DTBReadError(offset: max(first.lowerBound, second.lowerBound), .blocksOverlap(firstBlock, secondBlock))
    }

    /// Walks the tokens of the structure block in `start..<limit`, reporting nodes and properties.
    func walkStructure<Visitor: DTBVisitor>(
        start: Int, limit: Int, strings: Range<Int>, _ visitor: inout Visitor
    ) throws(DTBReadError) {
        var depth = 0
        var rootClosed = false
        var position = start
        var rules = DTBNameRules()
        while true {
            let tokenOffset = position
            guard position + 4 <= limit else {
                if position >= limit { throw DTBReadError(offset: limit, .missingEnd) }
                throw DTBReadError(offset: position, .truncatedStructure)
            }
            let token = word(position)
            position += 4
            switch token {
            case tokenNop:
                continue
            case tokenBeginNode:
                if rootClosed { throw DTBReadError(offset: tokenOffset, .tokenAfterRoot(token)) }
                guard depth < DTBReader.maximumDepth else {
                    throw DTBReadError(offset: tokenOffset, .nestingTooDeep(limit: DTBReader.maximumDepth))
                }
                let nameStart = position
                guard let nameEnd = nulIndex(from: nameStart, limit: limit) else {
                    throw DTBReadError(offset: nameStart, .unterminatedNodeName)
                }
                if depth == 0 && nameEnd != nameStart {
                    throw DTBReadError(offset: nameStart, .namedRootNode)
                }
                guard let name = validName(nameStart, nameEnd) else {
                    throw DTBReadError(offset: nameStart, .nameNotUTF8)
                }
                if let reason = rules.beginNode(name) { throw DTBReadError(offset: nameStart, reason) }
                depth += 1
                visitor.beginNode(name: name)
                position = alignedUp(nameEnd + 1)
            case tokenEndNode:
                if rootClosed { throw DTBReadError(offset: tokenOffset, .tokenAfterRoot(token)) }
                guard depth > 0 else { throw DTBReadError(offset: tokenOffset, .missingRootNode(found: token)) }
                depth -= 1
                if depth == 0 { rootClosed = true }
                rules.endNode()
                visitor.endNode()
            case tokenProperty:
                if rootClosed { throw DTBReadError(offset: tokenOffset, .tokenAfterRoot(token)) }
                guard depth > 0 else { throw DTBReadError(offset: tokenOffset, .missingRootNode(found: token)) }
                guard position + 8 <= limit else { throw DTBReadError(offset: position, .truncatedStructure) }
                let length = word(position)
                let nameOffset = word(position + 4)
                let valueStart = position + 8
                guard Int(length) <= limit - valueStart else {
                    throw DTBReadError(offset: position, .propertyValueOverrun(length: length))
                }
                guard Int(nameOffset) < strings.count else {
                    throw DTBReadError(offset: position + 4, .nameOffsetOutOfBounds(nameOffset, stringsSize: UInt32(strings.count)))
                }
                let nameStart = strings.lowerBound + Int(nameOffset)
                guard let nameEnd = nulIndex(from: nameStart, limit: strings.upperBound) else {
                    throw DTBReadError(offset: position + 4, .unterminatedPropertyName(nameOffset))
                }
                guard let name = validName(nameStart, nameEnd) else {
                    throw DTBReadError(offset: nameStart, .nameNotUTF8)
                }
                let valueEnd = valueStart + Int(length)
                let value = UnsafeBufferPointer(rebasing: buffer[valueStart..<valueEnd])
                if let reason = rules.property(name, value: value) { throw DTBReadError(offset: tokenOffset, reason) }
                if !rules.isRedundantName(name, value: value) { visitor.property(name: name, value: value) }
                position = alignedUp(valueEnd)
            case tokenEnd:
                guard depth == 0 else { throw DTBReadError(offset: tokenOffset, .endInsideNode(openNodes: depth)) }
                guard rootClosed else { throw DTBReadError(offset: tokenOffset, .missingRootNode(found: token)) }
                return
            default:
                if depth == 0 && !rootClosed {
                    throw DTBReadError(offset: tokenOffset, .missingRootNode(found: token))
                }
                throw DTBReadError(offset: tokenOffset, .unknownToken(token))
            }
        }
    }

    /// Index of the first NUL in `from..<limit`, or nil.
    @inline(__always)
    func nulIndex(from start: Int, limit: Int) -> Int? {
        var index = start
        while index < limit {
            if buffer[index] == 0 { return index }
            index += 1
        }
        return nil
    }

    /// The bytes in `start..<end` when they are valid UTF-8, or nil.
    @inline(__always)
    func validName(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8>? {
        let slice = UnsafeBufferPointer(rebasing: buffer[start..<end])
        for byte in slice where byte >= 0x80 {
            return String(validating: slice, as: UTF8.self) == nil ? nil : slice
        }
        return slice
    }

    @inline(__always)
    func alignedUp(_ offset: Int) -> Int { (offset + 3) & ~3 }
}

/// The rules dtc holds a blob's names and phandles to (its `checks.c` errors
/// `duplicate_node_names`, `duplicate_property_names`, `node_name_chars`, `node_name_format`,
/// `property_name_chars`, `name_is_string`, `name_properties` and `explicit_phandles`; like
/// dtc it drops a `name` property equal to the node's base name), plus names the DTS syntax cannot carry
/// (an empty node or property name), checked as the walk goes, in time linear in the blob.
///
/// A blob breaking them means two things (libfdt finds the first of two same-named nodes,
/// a tree built from the blob keeps both) or cannot be printed as DTS that reads back the same.
struct DTBNameRules {
    /// One open node: its name, the names seen inside it and the phandle it declared.
    private struct OpenNode {
        var name: [UInt8]
        var children: Set<[UInt8]> = []
        var properties: Set<[UInt8]> = []
        var phandle: UInt32?
        var serial: Int
    }

    private static let nameName = Array("name".utf8)
    private static let phandleName = Array("phandle".utf8)
    private static let linuxPhandleName = Array("linux,phandle".utf8)

    private var open: [OpenNode] = []
    private var serials = 0
    /// Each phandle value declared so far, with the node that declared it.
    private var phandles: [UInt32: (serial: Int, path: String)] = [:]

    /// dtc's `NODECHARS`: letters, digits and `,._+-@`.
    static func isNodeNameCharacter(_ c: UInt8) -> Bool {
        switch c {
        case 97...122, 65...90, 48...57, 44, 46, 95, 43, 45, 64: true
        default: false
        }
    }

    /// dtc's `PROPCHARS`: letters, digits and `,._+*#?-`.
    static func isPropertyNameCharacter(_ c: UInt8) -> Bool {
        switch c {
        case 97...122, 65...90, 48...57, 44, 46, 95, 43, 42, 35, 63, 45: true
        default: false
        }
    }

    /// The path of the innermost open node, names escaped (`/` for the root).
    private var path: String {
        open.count <= 1 ? "/" : open.dropFirst().map { "/" + DTBReadError.escaped($0.name) }.joined()
    }

    /// A node opens; the reason it breaks a rule, or nil.
    mutating func beginNode(_ name: UnsafeBufferPointer<UInt8>) -> DTBReadError.Reason? {
        let bytes = Array(name)
        if !open.isEmpty {
            // The parent's path is only worked out for a message.
            if bytes.isEmpty { return .emptyNodeName(parent: path) }
            if let bad = bytes.first(where: { !Self.isNodeNameCharacter($0) }) {
                return .badNodeNameCharacter(bad, name: DTBReadError.escaped(bytes), parent: path)
            }
            if bytes.lazy.filter({ $0 == 64 }).count > 1 {
                return .multipleUnitAddresses(name: DTBReadError.escaped(bytes), parent: path)
            }
            if !open[open.count - 1].children.insert(bytes).inserted {
                return .duplicateNodeName(DTBReadError.escaped(bytes), parent: path)
            }
        }
        serials += 1
        open.append(OpenNode(name: bytes, serial: serials))
        return nil
    }

    /// True for a `name` property equal to its node's base name, which dtc drops (it says
    /// nothing the node name does not, and dtc's DTS reader drops it too). Call after
    /// `property` accepted it.
    func isRedundantName(_ name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) -> Bool {
        name.elementsEqual(Self.nameName)
    }

    /// The innermost node closes.
    mutating func endNode() {
        _ = open.popLast()
    }

    /// A property of the innermost node; the reason it breaks a rule, or nil.
    mutating func property(_ name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) -> DTBReadError.Reason? {
        let bytes = Array(name)
        if bytes.isEmpty { return .emptyPropertyName(node: path) }
        if let bad = bytes.first(where: { !Self.isPropertyNameCharacter($0) }) {
            return .badPropertyNameCharacter(bad, name: DTBReadError.escaped(bytes), node: path)
        }
        if !open[open.count - 1].properties.insert(bytes).inserted {
            return .duplicatePropertyName(DTBReadError.escaped(bytes), node: path)
        }
        if bytes == Self.nameName {
            // dtc's `name_is_string` and `name_properties`.
            guard let last = value.last, last == 0, !value.dropLast().contains(0) else { return .nameNotString(node: path) }
            let base = open[open.count - 1].name.prefix { $0 != 64 }
            if !value.dropLast().elementsEqual(base) { return .nameDiffers(DTBReadError.escaped(value.dropLast()), node: path) }
            return nil
        }
        guard bytes == Self.phandleName || bytes == Self.linuxPhandleName else { return nil }
        let property = String(decoding: bytes, as: UTF8.self)
        guard value.count == 4 else { return .badPhandleLength(property, length: value.count, node: path) }
        let phandle = UInt32(value[0]) << 24 | UInt32(value[1]) << 16 | UInt32(value[2]) << 8 | UInt32(value[3])
        if phandle == 0 || phandle == .max { return .badPhandleValue(property, value: phandle, node: path) }
        let current = open[open.count - 1]
        if let declared = current.phandle {
            return declared == phandle ? nil : .mismatchedPhandles(node: path)
        }
        if let first = phandles[phandle], first.serial != current.serial {
            return .duplicatePhandle(phandle, node: path, first: first.path)
        }
        open[open.count - 1].phandle = phandle
        phandles[phandle] = (current.serial, path)
        return nil
    }
}
