// Decompiling straight from a blob: the text is produced while walking the DTB, so no tree is
// built and memory stays near the size of the blob itself.

extension DTSPrinter {
    /// Decompiles `blob` as `decompile(DTBReader.read(blob))` would, handing the text to
    /// `sink` in pieces of about `chunkSize` bytes.
    ///
    /// The blob is checked completely before the first piece is handed over, so a bad blob
    /// produces no text at all.
    public static func decompile(
        blob: [UInt8], chunkSize: Int = 1 << 16, sink: (UnsafeRawBufferPointer) -> Void
    ) throws(DTBReadError) {
        try blob.withUnsafeBufferPointer { (buffer) throws(DTBReadError) -> Void in
            var check = DTBOrderCheck()
            _ = try DTBReader.walk(buffer, &check)
            if check.propertyAfterChild {
                // dtc prints all of a node's properties before its children; only a tree can
                // reorder a blob that interleaves them.
                let text = decompiledBytes(try DTBReader.read(blob))
                text.withUnsafeBytes { all in
                    var start = 0
                    while start < all.count {
                        let end = min(all.count, start + max(1, chunkSize))
                        sink(UnsafeRawBufferPointer(rebasing: all[start..<end]))
                        start = end
                    }
                }
                return
            }
            withoutActuallyEscaping(sink) { escapable in
                var printer = DTSStreamPrinter(chunkSize: max(1, chunkSize), sink: escapable)
                // The walk cannot fail: the same bytes were just checked.
                _ = try? DTBReader.walk(buffer, &printer)
                printer.flush()
            }
        }
    }
}

/// Notes whether any node has a property after one of its children.
struct DTBOrderCheck: DTBVisitor {
    var hasChild: [Bool] = []
    var propertyAfterChild = false

    mutating func reservation(address: UInt64, size: UInt64) {}

    mutating func beginNode(name: UnsafeBufferPointer<UInt8>) {
        if !hasChild.isEmpty { hasChild[hasChild.count - 1] = true }
        hasChild.append(false)
    }

    mutating func property(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
        if hasChild.last == true { propertyAfterChild = true }
    }

    mutating func endNode() {
        _ = hasChild.popLast()
    }
}

/// Prints the dtc text of a blob as the reader walks it, flushing to a sink in pieces.
struct DTSStreamPrinter: DTBVisitor {
    var out: DTSOutput
    let chunkSize: Int
    let sink: (UnsafeRawBufferPointer) -> Void
    var level = 0

    init(chunkSize: Int, sink: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.chunkSize = chunkSize
        self.sink = sink
        out = DTSOutput(capacity: chunkSize + 4096)
        out.text("/dts-v1/;\n\n")
    }

    mutating func flushIfFull() {
        if out.bytes.count >= chunkSize { flush() }
    }

    mutating func flush() {
        guard !out.bytes.isEmpty else { return }
        out.bytes.withUnsafeBytes { sink($0) }
        out.bytes.removeAll(keepingCapacity: true)
    }

    mutating func reservation(address: UInt64, size: UInt64) {
        out.text("/memreserve/\t0x")
        out.hex(address, minimumDigits: 16)
        out.text(" 0x")
        out.hex(size, minimumDigits: 16)
        out.text(";\n")
        flushIfFull()
    }

    mutating func beginNode(name: UnsafeBufferPointer<UInt8>) {
        if level > 0 { out.byte(0x0a) }
        out.tabs(level)
        if name.isEmpty {
            out.text("/ {\n")
        } else {
            out.bytes.append(contentsOf: name)
            out.text(" {\n")
        }
        level += 1
        flushIfFull()
    }

    mutating func property(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
        out.tabs(level)
        out.bytes.append(contentsOf: name)
        DTSPrinter.decompileValue(value, into: &out)
        flushIfFull()
    }

    mutating func endNode() {
        level -= 1
        out.tabs(level)
        out.text("};\n")
        flushIfFull()
    }
}
