import Diagnostics

/// A compiled tree stored as its DTB plus what a DTB drops: labels, source locations, the
/// `/omit-if-no-ref/` marks, number styles, where the phandle references were, the plugin flag and values the compiler keeps as
/// typed chunks (checked against the DTB's bytes). Decoding reads the DTB with
/// `DTBReader` (which validates it) and lays the annotations over it, so a decoded tree equals
/// the tree that was encoded; any bytes that do not decode give nil, never a trap.
public enum AnnotatedTreeCodec {
    /// `XPTT` and the format revision; a change of layout changes the revision.
    static let magic: [UInt8] = [0x58, 0x50, 0x54, 0x54, 0, 0, 0, 2]

    /// The bytes of a tree, or nil when it has no DTB form (the DTB writer refused it).
    public static func encode(_ tree: DeviceTree) -> [UInt8]? {
        guard let blob = try? DTBWriter.write(tree) else { return nil }
        var writer = AnnotationWriter()
        writer.bytes = magic
        writer.u64(UInt64(blob.count))
        writer.bytes += blob
        writer.u8(tree.isPlugin ? 1 : 0)
        writer.u64(UInt64(tree.memoryReservations.count))
        for reservation in tree.memoryReservations { writer.strings(reservation.labels) }
        var stack: [Node] = [tree.root]
        while let node = stack.popLast() {
            writer.strings(node.labels)
            writer.location(node.location)
            writer.u8(node.omitIfNoReference ? 1 : 0)
            writer.u64(UInt64(node.properties.count))
            for property in node.properties {
                writer.strings(property.labels)
                writer.location(property.location)
                writer.u8(property.numberStyle == .decimal ? 1 : 0)
                writer.u64(UInt64(property.phandleOffsets.count))
                for offset in property.phandleOffsets { writer.u64(UInt64(offset)) }
                writer.value(property.value)
            }
            writer.u64(UInt64(node.children.count))
            stack.append(contentsOf: node.children.reversed())
        }
        return writer.bytes
    }

    /// The tree in `bytes`, or nil when they are not exactly an encoded tree.
    public static func decode(_ bytes: [UInt8]) -> DeviceTree? {
        var reader = AnnotationReader(bytes: bytes)
        guard reader.take(magic.count).map(Array.init) == magic, let blobSize = reader.count(),
              let blob = reader.take(blobSize), var tree = try? DTBReader.read(Array(blob)) else { return nil }
        guard let plugin = reader.flag(), let reservations = reader.count(), reservations == tree.memoryReservations.count else { return nil }
        tree.isPlugin = plugin
        for index in 0..<reservations {
            guard let labels = reader.strings() else { return nil }
            tree.memoryReservations[index].labels = labels
        }
        guard annotate(&tree.root, &reader), reader.isAtEnd else { return nil }
        return tree
    }

    /// Lays the annotations of `node` and its subtree over it (depth is bounded by the DTB reader).
    private static func annotate(_ node: inout Node, _ reader: inout AnnotationReader) -> Bool {
        guard let labels = reader.strings(), let location = reader.location(), let omit = reader.flag(),
              let properties = reader.count(), properties == node.properties.count else { return false }
        node.labels = labels
        node.location = location
        node.omitIfNoReference = omit
        for index in node.properties.indices {
            guard let labels = reader.strings(), let location = reader.location(), let decimal = reader.flag() else { return false }
            node.properties[index].labels = labels
            node.properties[index].location = location
            node.properties[index].numberStyle = decimal ? .decimal : .automatic
            // Each offset names a whole cell inside the DTB's value.
            let valueSize = UInt64(node.properties[index].value.bytes?.count ?? 0)
            guard let offsetCount = reader.count() else { return false }
            var offsets: [Int] = []
            for _ in 0..<offsetCount {
                guard let offset = reader.u64(), valueSize >= 4, offset <= valueSize - 4 else { return false }
                offsets.append(Int(offset))
            }
            node.properties[index].phandleOffsets = offsets
            guard let shape = reader.u8() else { return false }
            switch shape {
            case 0: break // one chunk of bytes, as the DTB reader gives it
            case 1:
                guard node.properties[index].value.chunks == [.bytes([])] else { return false }
                node.properties[index].value = PropertyValue()
            case 2:
                // Typed chunks (a path reference kept as a string): they must spell the DTB's bytes.
                guard let chunks = reader.chunks(), PropertyValue(chunks).bytes == node.properties[index].value.bytes else { return false }
                node.properties[index].value = PropertyValue(chunks)
            default: return false
            }
        }
        guard let children = reader.count(), children == node.children.count else { return false }
        for index in node.children.indices {
            guard annotate(&node.children[index], &reader) else { return false }
        }
        return true
    }
}

/// Appends the little pieces of the annotation stream; strings are written once and then
/// named by their number.
private struct AnnotationWriter {
    var bytes: [UInt8] = []
    var numbers: [String: UInt64] = [:]

    mutating func u8(_ value: UInt8) { bytes.append(value) }

    mutating func u64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// A string: its number if written before, else a new number followed by its UTF-8.
    mutating func string(_ text: String) {
        if let number = numbers[text] {
            u64(number)
            return
        }
        let number = UInt64(numbers.count)
        numbers[text] = number
        u64(number)
        let utf8 = Array(text.utf8)
        u64(UInt64(utf8.count))
        bytes += utf8
    }

    mutating func strings(_ list: [String]) {
        u64(UInt64(list.count))
        for text in list { string(text) }
    }

    /// How a value is held: 0 one chunk of bytes, 1 no chunks, 2 typed chunks that follow.
    mutating func value(_ value: PropertyValue) {
        if value.chunks.isEmpty {
            u8(1)
        } else if value.chunks.count == 1, case .bytes = value.chunks[0] {
            u8(0)
        } else {
            u8(2)
            u64(UInt64(value.chunks.count))
            for chunk in value.chunks { self.chunk(chunk) }
        }
    }

    mutating func chunk(_ chunk: PropertyValue.Chunk) {
        switch chunk {
        case .string(let text):
            u8(0)
            string(text)
        case .cells(let bits, let cells):
            u8(1)
            u64(UInt64(bitPattern: Int64(bits)))
            u64(UInt64(cells.count))
            for cell in cells {
                switch cell {
                case .number(let number):
                    u8(0)
                    u64(number)
                case .phandle(let reference):
                    u8(1)
                    self.reference(reference)
                case .label(let label):
                    u8(2)
                    string(label)
                }
            }
        case .bytes(let raw):
            u8(2)
            u64(UInt64(raw.count))
            bytes += raw
        case .pathReference(let reference):
            u8(3)
            self.reference(reference)
        case .label(let label):
            u8(4)
            string(label)
        }
    }

    mutating func reference(_ reference: PropertyValue.Reference) {
        switch reference {
        case .label(let label):
            u8(0)
            string(label)
        case .path(let path):
            u8(1)
            string(path)
        }
    }

    mutating func location(_ location: SourceLocation?) {
        guard let location else {
            u8(0)
            return
        }
        u8(1)
        string(location.file)
        u64(UInt64(bitPattern: Int64(location.line)))
        u64(UInt64(bitPattern: Int64(location.column)))
    }
}

/// Reads the annotation stream back; every read is bounds-checked and gives nil past the end.
private struct AnnotationReader {
    let bytes: [UInt8]
    var offset = 0
    var table: [String] = []

    init(bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, count <= bytes.count - offset else { return nil }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    mutating func u64() -> UInt64? {
        guard let slice = take(8) else { return nil }
        var value: UInt64 = 0
        for (shift, byte) in slice.enumerated() { value |= UInt64(byte) << UInt64(shift * 8) }
        return value
    }

    /// A count no larger than the bytes left (each counted item takes at least one byte).
    mutating func count() -> Int? {
        guard let value = u64(), value <= UInt64(bytes.count - offset) else { return nil }
        return Int(value)
    }

    mutating func u8() -> UInt8? {
        take(1)?.first
    }

    mutating func chunks() -> [PropertyValue.Chunk]? {
        guard let chunkCount = count() else { return nil }
        var out: [PropertyValue.Chunk] = []
        for _ in 0..<chunkCount {
            guard let tag = u8() else { return nil }
            switch tag {
            case 0:
                guard let text = string() else { return nil }
                out.append(.string(text))
            case 1:
                guard let bits = u64(), [8, 16, 32, 64].contains(bits), let cellCount = count() else { return nil }
                var cells: [PropertyValue.Cell] = []
                for _ in 0..<cellCount {
                    guard let kind = u8() else { return nil }
                    switch kind {
                    case 0:
                        guard let number = u64() else { return nil }
                        cells.append(.number(number))
                    case 1:
                        guard let reference = reference() else { return nil }
                        cells.append(.phandle(reference))
                    case 2:
                        guard let label = string() else { return nil }
                        cells.append(.label(label))
                    default: return nil
                    }
                }
                out.append(.cells(bits: Int(bits), cells))
            case 2:
                guard let length = count(), let raw = take(length) else { return nil }
                out.append(.bytes(Array(raw)))
            case 3:
                guard let reference = reference() else { return nil }
                out.append(.pathReference(reference))
            case 4:
                guard let label = string() else { return nil }
                out.append(.label(label))
            default: return nil
            }
        }
        return out
    }

    mutating func reference() -> PropertyValue.Reference? {
        guard let tag = u8() else { return nil }
        switch tag {
        case 0: return string().map { .label($0) }
        case 1: return string().map { .path($0) }
        default: return nil
        }
    }

    mutating func flag() -> Bool? {
        guard let slice = take(1), let byte = slice.first, byte <= 1 else { return nil }
        return byte == 1
    }

    mutating func string() -> String? {
        guard let number = u64() else { return nil }
        if number < UInt64(table.count) { return table[Int(number)] }
        guard number == UInt64(table.count), let length = count(), let utf8 = take(length) else { return nil }
        let text = String(decoding: utf8, as: UTF8.self)
        guard Array(text.utf8) == Array(utf8) else { return nil }
        table.append(text)
        return text
    }

    mutating func strings() -> [String]? {
        guard let count = count() else { return nil }
        var out: [String] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            guard let text = string() else { return nil }
            out.append(text)
        }
        return out
    }

    /// A location; the outer optional is a read failure, the inner one an absent location.
    mutating func location() -> SourceLocation?? {
        guard let present = flag() else { return nil }
        guard present else { return .some(nil) }
        guard let file = string(), let line = u64(), let column = u64() else { return nil }
        return .some(SourceLocation(file: file, line: Int(Int64(bitPattern: line)), column: Int(Int64(bitPattern: column))))
    }
}
