/// Prints a `DeviceTree` as DTS text: the way `dtc -I dtb -O dts` does, or in our house format.
public enum DTSPrinter {
    /// The text `dtc -I dtb -O dts` (dtc 1.6.1) prints for the DTB of `tree`.
    ///
    /// Each value is printed from its DTB bytes, its type guessed as dtc guesses it; labels
    /// are not printed (a DTB has none). A value that still holds a reference, which no DTB
    /// can, is printed in the `source(_:)` form.
    public static func decompile(_ tree: DeviceTree) -> String {
        decompiledBytes(tree).withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
    }

    /// The UTF-8 bytes of `decompile(_:)`, without building a `String`.
    public static func decompiledBytes(_ tree: DeviceTree) -> [UInt8] {
        var out = DTSOutput(capacity: 1 << 16)
        out.text("/dts-v1/;\n\n")
        for reservation in tree.memoryReservations {
            out.text("/memreserve/\t0x")
            out.hex(reservation.address, minimumDigits: 16)
            out.text(" 0x")
            out.hex(reservation.size, minimumDigits: 16)
            out.text(";\n")
        }
        decompileNode(tree.root, level: 0, into: &out)
        return out.bytes
    }

    private static func decompileNode(_ node: Node, level: Int, into out: inout DTSOutput) {
        out.tabs(level)
        if node.name.isEmpty {
            out.text("/ {\n")
        } else {
            out.text(node.name)
            out.text(" {\n")
        }
        for property in node.properties {
            out.tabs(level + 1)
            out.text(property.name)
            if property.value.chunks.count == 1, case .bytes(let raw) = property.value.chunks[0] {
                decompileValue(raw, into: &out)
            } else if let raw = property.value.bytes {
                decompileValue(raw, into: &out)
            } else {
                sourceValue(property.value, into: &out)
            }
        }
        for child in node.children {
            out.byte(0x0a)
            decompileNode(child, level: level + 1, into: &out)
        }
        out.tabs(level)
        out.text("};\n")
    }

    /// ` = <value>;\n` or `;\n`, following dtc's `write_propval` with its guessed type.
    private static func decompileValue(_ raw: [UInt8], into out: inout DTSOutput) {
        raw.withUnsafeBufferPointer { decompileValue($0, into: &out) }
    }

    /// ` = <value>;\n` or `;\n` for the bytes of one value.
    static func decompileValue(_ value: UnsafeBufferPointer<UInt8>, into out: inout DTSOutput) {
        let length = value.count
        guard length > 0 else {
            out.text(";\n")
            return
        }
        switch guessType(value) {
        case .string:
            out.text(" = \"")
            for index in 0..<(length - 1) {
                // dtc writes a NUL as `\0` even before an octal digit, where reading the text
                // back takes `\0` and the digits as one escape (`\04` is byte 4): `\x00` then.
                if value[index] == 0, index + 1 < length - 1, (0x30...0x37).contains(value[index + 1]) {
                    out.text("\\x00")
                    continue
                }
                writeDecompiledCharacter(value[index], into: &out)
            }
            out.text("\";\n")
        case .cells:
            out.text(" = <")
            var index = 0
            while index < length {
                if index > 0 { out.byte(0x20) }
                let cell = UInt32(value[index]) << 24 | UInt32(value[index + 1]) << 16
                    | UInt32(value[index + 2]) << 8 | UInt32(value[index + 3])
                out.text("0x")
                out.hex(UInt64(cell), minimumDigits: 2)
                index += 4
            }
            out.text(">;\n")
        case .bytes:
            out.text(" = [")
            for index in 0..<length {
                if index > 0 { out.byte(0x20) }
                out.hexByte(value[index])
            }
            out.text("];\n")
        }
    }

    /// The three shapes dtc guesses for a value without type information.
    private enum GuessedType { case string, cells, bytes }

    /// dtc's `guess_value_type`: NUL-terminated printable text with no more NULs than other
    /// bytes is a string; otherwise a multiple of 4 bytes is cells; otherwise bytes.
    @inline(__always)
    private static func guessType(_ value: UnsafeBufferPointer<UInt8>) -> GuessedType {
        var notString = 0
        var nuls = 0
        for byte in value {
            if byte == 0 {
                nuls += 1
            } else if !(byte >= 0x20 && byte < 0x7f) && !(byte >= 0x07 && byte <= 0x0d) {
                notString += 1
            }
        }
        if value[value.count - 1] == 0 && notString == 0 && nuls <= value.count - nuls {
            return .string
        }
        return value.count % 4 == 0 ? .cells : .bytes
    }

    /// One byte of a string as dtc's `write_propval_string` writes it.
    @inline(__always)
    private static func writeDecompiledCharacter(_ byte: UInt8, into out: inout DTSOutput) {
        switch byte {
        case 0x07: out.text("\\a")
        case 0x08: out.text("\\b")
        case 0x09: out.text("\\t")
        case 0x0a: out.text("\\n")
        case 0x0b: out.text("\\v")
        case 0x0c: out.text("\\f")
        case 0x0d: out.text("\\r")
        case 0x5c: out.text("\\\\")
        case 0x22: out.text("\\\"")
        case 0x00: out.text("\\0")
        case 0x20..<0x7f: out.byte(byte)
        default:
            out.text("\\x")
            out.hexByte(byte)
        }
    }
}
