extension DTBWriter {
    /// The blob for a compiled live tree: the bytes `write(_:)` gives for the public tree
    /// `DTSCompiler` would build from it, without building that tree.
    ///
    /// Deleted nodes and properties are left out, as in the public tree; values are written
    /// with their resolved paths inserted. Two passes like `write(_:)`: the first sizes the
    /// structure block and fills the string table, the second writes into one sized buffer.
    static func write(live tree: LiveTree, memoryReservations: [MemoryReservation], bootCPUID: UInt32) throws(DTBWriteError) -> [UInt8] {
        var strings = DTBStringTable()
        var nameOffsets: [UInt32] = []
        var structureSize = 4 // FDT_END
        var failure: DTBWriteError?
        forEachLiveStep(from: tree.root) { node in
            structureSize += 8 + align(node.name.utf8.count + 1) // BEGIN_NODE, name; END_NODE
            for index in node.properties.indices where !node.properties[index].deleted {
                let length = node.properties[index].value.encodedLength(paths: node.properties[index].resolvedPaths)
                nameOffsets.append(strings.offset(of: node.properties[index].name))
                structureSize += 12 + align(length)
                if length > Int(UInt32.max) || structureSize > Int(UInt32.max) {
                    failure = .tooLarge
                    return false
                }
            }
            return true
        } close: {}
        if let failure { throw failure }

        var blob = try startBlob(memoryReservations: memoryReservations, bootCPUID: bootCPUID,
                                 structureSize: structureSize, stringsSize: strings.bytes.count)
        var next = 0
        forEachLiveStep(from: tree.root) { node in
            appendWord(beginNode, to: &blob)
            blob.append(contentsOf: node.name.utf8)
            blob.append(0)
            pad(&blob)
            for index in node.properties.indices where !node.properties[index].deleted {
                appendWord(propertyToken, to: &blob)
                let lengthAt = blob.count
                appendWord(0, to: &blob)
                appendWord(nameOffsets[next], to: &blob)
                next += 1
                let valueAt = blob.count
                node.properties[index].value.appendEncoded(paths: node.properties[index].resolvedPaths, to: &blob)
                let length = UInt32(truncatingIfNeeded: blob.count - valueAt)
                blob[lengthAt] = UInt8(truncatingIfNeeded: length >> 24)
                blob[lengthAt + 1] = UInt8(truncatingIfNeeded: length >> 16)
                blob[lengthAt + 2] = UInt8(truncatingIfNeeded: length >> 8)
                blob[lengthAt + 3] = UInt8(truncatingIfNeeded: length)
                pad(&blob)
            }
            return true
        } close: {
            appendWord(endNode, to: &blob)
        }
        appendWord(endToken, to: &blob)
        blob.append(contentsOf: strings.bytes)
        return blob
    }

    /// Visits the live nodes in pre-order (deleted children skipped), calling `open` on entry
    /// and `close` after the node's children, with an explicit stack so depth never matters.
    /// Stops when `open` returns false.
    private static func forEachLiveStep(from root: LiveNode, open: (LiveNode) -> Bool, close: () -> Void) {
        enum Step { case open(LiveNode), close }
        var steps: [Step] = [.open(root)]
        while let step = steps.popLast() {
            switch step {
            case .close:
                close()
            case .open(let node):
                guard open(node) else { return }
                steps.append(.close)
                for child in node.children.reversed() where !child.deleted { steps.append(.open(child)) }
            }
        }
    }
}
