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
    public static func write(_ tree: DeviceTree) throws(DTBWriteError) -> [UInt8] {
        var strings = DTBStringTable()
        var structure: [UInt8] = []
        structure.reserveCapacity(4096)

        // Pre-order walk with an explicit stack so depth never matters.
        enum Step { case open(Node, path: String), close }
        var stack: [Step] = [.open(tree.root, path: "/")]
        while let step = stack.popLast() {
            switch step {
            case .close:
                appendWord(endNode, to: &structure)
            case .open(let node, let path):
                appendWord(beginNode, to: &structure)
                structure.append(contentsOf: node.name.utf8)
                structure.append(0)
                pad(&structure)
                for property in node.properties {
                    guard let value = property.value.bytes else {
                        throw .unresolvedReference(node: path, property: property.name)
                    }
                    guard value.count <= Int(UInt32.max) else { throw .tooLarge }
                    let nameOffset = strings.offset(of: property.name)
                    appendWord(propertyToken, to: &structure)
                    appendWord(UInt32(value.count), to: &structure)
                    appendWord(nameOffset, to: &structure)
                    structure.append(contentsOf: value)
                    pad(&structure)
                }
                stack.append(.close)
                for child in node.children.reversed() {
                    stack.append(.open(child, path: path == "/" ? "/" + child.name : path + "/" + child.name))
                }
            }
        }
        appendWord(endToken, to: &structure)

        var reserve: [UInt8] = []
        for entry in tree.memoryReservations {
            appendDoubleWord(entry.address, to: &reserve)
            appendDoubleWord(entry.size, to: &reserve)
        }
        reserve.append(contentsOf: [UInt8](repeating: 0, count: 16))

        let reserveOffset = headerSize
        let structureOffset = reserveOffset + reserve.count
        let stringsOffset = structureOffset + structure.count
        let total = stringsOffset + strings.bytes.count
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
        appendWord(tree.bootCPUID, to: &blob)
        appendWord(UInt32(strings.bytes.count), to: &blob)
        appendWord(UInt32(structure.count), to: &blob)
        blob.append(contentsOf: reserve)
        blob.append(contentsOf: structure)
        blob.append(contentsOf: strings.bytes)
        return blob
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
