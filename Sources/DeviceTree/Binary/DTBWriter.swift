/// Why a tree could not be written as a DTB.
public enum DTBWriteError: Error, Sendable, Hashable {
    /// A property still holds a `&label` or `&{/path}` reference (the tree was not resolved).
    case unresolvedReference(node: String, property: String)
    /// The blob would exceed the 32-bit sizes of the DTB header.
    case tooLarge
}

/// Writes a resolved `DeviceTree` as a flattened device tree blob, byte-identical to
/// `dtc -I dts -O dtb` (version 17): header, memory reservation block, structure block, strings.
public enum DTBWriter {
    /// `FDT_MAGIC`.
    static let magic: UInt32 = 0xd00d_feed
    /// Output version and the oldest compatible one.
    static let version: UInt32 = 17
    static let lastCompatibleVersion: UInt32 = 16
    /// Size of the version 17 header.
    static let headerSize = 40

    static let beginNode: UInt32 = 1
    static let endNode: UInt32 = 2
    static let propertyToken: UInt32 = 3
    static let endToken: UInt32 = 9

    /// The blob for a resolved tree.
    ///
    /// Two passes: the first sizes the structure block and fills the string table (in dtc's
    /// order), the second writes everything into one exactly sized buffer.
    public static func write(_ tree: DeviceTree) throws(DTBWriteError) -> [UInt8] {
        var strings = DTBStringTable()
        // Each property's value length and name offset, in the order the second pass writes them.
        var measured: [(length: UInt32, nameOffset: UInt32)] = []
        var structureSize = 4 // FDT_END
        var stack: [(node: Node, path: String)] = [(tree.root, "/")]
        while let (node, path) = stack.popLast() {
            structureSize += 8 + align(node.name.utf8.count + 1) // BEGIN_NODE, name; END_NODE
            for property in node.properties {
                guard let length = encodedLength(property.value) else {
                    throw .unresolvedReference(node: path, property: property.name)
                }
                guard length <= Int(UInt32.max) else { throw .tooLarge }
                measured.append((UInt32(length), strings.offset(of: property.name)))
                structureSize += 12 + align(length)
                guard structureSize <= Int(UInt32.max) else { throw .tooLarge }
            }
            for child in node.children.reversed() {
                stack.append((child, path == "/" ? "/" + child.name : path + "/" + child.name))
            }
        }

        var blob = try startBlob(memoryReservations: tree.memoryReservations, bootCPUID: tree.bootCPUID,
                                 structureSize: structureSize, stringsSize: strings.bytes.count)

        // Pre-order walk with an explicit stack so depth never matters.
        enum Step { case open(Node), close }
        var steps: [Step] = [.open(tree.root)]
        var next = 0
        while let step = steps.popLast() {
            switch step {
            case .close:
                appendWord(endNode, to: &blob)
            case .open(let node):
                appendWord(beginNode, to: &blob)
                blob.append(contentsOf: node.name.utf8)
                blob.append(0)
                pad(&blob)
                for property in node.properties {
                    let (length, nameOffset) = measured[next]
                    next += 1
                    appendWord(propertyToken, to: &blob)
                    appendWord(length, to: &blob)
                    appendWord(nameOffset, to: &blob)
                    appendValue(property.value, to: &blob)
                    pad(&blob)
                }
                steps.append(.close)
                for child in node.children.reversed() { steps.append(.open(child)) }
            }
        }
        appendWord(endToken, to: &blob)
        blob.append(contentsOf: strings.bytes)
        return blob
    }

    /// A buffer of the whole blob's capacity holding the header and the memory reservation
    /// block, for a structure block and a strings block of these sizes.
    static func startBlob(memoryReservations: [MemoryReservation], bootCPUID: UInt32,
                          structureSize: Int, stringsSize: Int) throws(DTBWriteError) -> [UInt8] {
        let reserveOffset = headerSize
        let structureOffset = reserveOffset + (memoryReservations.count + 1) * 16
        let stringsOffset = structureOffset + structureSize
        let total = stringsOffset + stringsSize
        guard total <= Int(UInt32.max) else { throw .tooLarge }

        var blob: [UInt8] = []
        blob.reserveCapacity(total)
        appendWord(magic, to: &blob)
        appendWord(UInt32(total), to: &blob)
        appendWord(UInt32(structureOffset), to: &blob)
        appendWord(UInt32(stringsOffset), to: &blob)
        appendWord(UInt32(reserveOffset), to: &blob)
        appendWord(version, to: &blob)
        appendWord(lastCompatibleVersion, to: &blob)
        appendWord(bootCPUID, to: &blob)
        appendWord(UInt32(stringsSize), to: &blob)
        appendWord(UInt32(structureSize), to: &blob)
        for entry in memoryReservations {
            appendDoubleWord(entry.address, to: &blob)
            appendDoubleWord(entry.size, to: &blob)
        }
        blob.append(contentsOf: repeatElement(0, count: 16))
        return blob
    }

    @inline(__always) static func align(_ length: Int) -> Int { (length + 3) & ~3 }

    /// The value's length in the blob, or nil while it holds a reference.
    static func encodedLength(_ value: PropertyValue) -> Int? {
        var length = 0
        for chunk in value.chunks {
            switch chunk {
            case .string(let text): length += text.utf8.count + 1
            case .bytes(let raw): length += raw.count
            case .label: break
            case .pathReference: return nil
            case .cells(let bits, let cells):
                for cell in cells {
                    switch cell {
                    case .number: length += bits / 8
                    case .phandle: return nil
                    case .label: break
                    }
                }
            }
        }
        return length
    }

    /// Writes a resolved value's bytes.
    static func appendValue(_ value: PropertyValue, to out: inout [UInt8]) {
        for chunk in value.chunks {
            switch chunk {
            case .string(let text):
                out.append(contentsOf: text.utf8)
                out.append(0)
            case .bytes(let raw):
                out.append(contentsOf: raw)
            case .label, .pathReference:
                break
            case .cells(let bits, let cells):
                let width = bits / 8
                for case .number(let number) in cells {
                    var shift = (width - 1) * 8
                    while shift >= 0 {
                        out.append(UInt8(truncatingIfNeeded: number >> UInt64(shift)))
                        shift -= 8
                    }
                }
            }
        }
    }

    @inline(__always) static func appendWord(_ value: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: value >> 24))
        out.append(UInt8(truncatingIfNeeded: value >> 16))
        out.append(UInt8(truncatingIfNeeded: value >> 8))
        out.append(UInt8(truncatingIfNeeded: value))
    }

    @inline(__always) static func appendDoubleWord(_ value: UInt64, to out: inout [UInt8]) {
        appendWord(UInt32(truncatingIfNeeded: value >> 32), to: &out)
        appendWord(UInt32(truncatingIfNeeded: value), to: &out)
    }

    @inline(__always) static func pad(_ out: inout [UInt8]) {
        while out.count % 4 != 0 { out.append(0) }
    }
}
