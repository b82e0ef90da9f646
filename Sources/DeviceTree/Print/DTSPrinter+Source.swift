// The house format for trees built in memory (guest DTS, overlays). Its rules:
// - `/dts-v1/;`, then `/plugin/;` for an overlay, a blank line, the `/memreserve/` lines
//   (each followed by nothing; a blank line after the last), then the root node.
// - One tab per nesting level; properties before children; a blank line before each child.
// - Values print as their chunks were built, joined by ", ": `"text"`, `<…>` (with
//   `/bits/ N` when not 32), `[00 11]`, `&label`, `&{/path}`; labels as `name: `.
// - Numbers 0 to 9 print in decimal (the same in either base), larger ones as lowercase hex
//   with `0x` and no padding: `<0 0x4020000 4>`; memreserve addresses and sizes likewise.
// - Strings escape `"` and `\`, `\t`, `\n`, `\r`, and every other byte outside printable
//   ASCII as `\xHH` (two digits, which dtc and our lexer read back unambiguously).
// - Labels after a value's last piece print after it (`"x" end:`); labels on a value with no
//   pieces at all cannot be written in DTS and are left out.

extension DTSPrinter {
    /// Canonical, deterministic DTS for `tree` with its values printed as typed.
    ///
    /// dtc and our compiler read the text back to the same bytes; see the rules at the top of
    /// this file.
    public static func source(_ tree: DeviceTree) -> String {
        var out = DTSOutput(capacity: 1 << 12)
        out.text("/dts-v1/;\n")
        if tree.isPlugin { out.text("/plugin/;\n") }
        out.byte(0x0a)
        if !tree.memoryReservations.isEmpty {
            for reservation in tree.memoryReservations {
                for label in reservation.labels {
                    out.text(label)
                    out.text(": ")
                }
                out.text("/memreserve/ ")
                sourceNumber(reservation.address, into: &out)
                out.byte(0x20)
                sourceNumber(reservation.size, into: &out)
                out.text(";\n")
            }
            out.byte(0x0a)
        }
        sourceNode(tree.root, level: 0, into: &out)
        return out.string
    }

    private static func sourceNode(_ node: Node, level: Int, into out: inout DTSOutput) {
        out.tabs(level)
        for label in node.labels {
            out.text(label)
            out.text(": ")
        }
        out.text(node.name.isEmpty ? "/" : node.name)
        out.text(" {\n")
        for property in node.properties {
            out.tabs(level + 1)
            for label in property.labels {
                out.text(label)
                out.text(": ")
            }
            out.text(property.name)
            sourceValue(property.value, decimal: property.numberStyle == .decimal, into: &out)
        }
        for child in node.children {
            out.byte(0x0a)
            sourceNode(child, level: level + 1, into: &out)
        }
        out.tabs(level)
        out.text("};\n")
    }

    /// ` = pieces;\n`, or `;\n` for a value with no data pieces.
    static func sourceValue(_ value: PropertyValue, decimal: Bool = false, into out: inout DTSOutput) {
        guard value.chunks.contains(where: { if case .label = $0 { false } else { true } }) else {
            out.text(";\n")
            return
        }
        out.text(" = ")
        var first = true
        var pendingLabels: [String] = []
        for chunk in value.chunks {
            if case .label(let label) = chunk {
                pendingLabels.append(label)
                continue
            }
            if !first { out.text(", ") }
            first = false
            for label in pendingLabels {
                out.text(label)
                out.text(": ")
            }
            pendingLabels.removeAll()
            switch chunk {
            case .string(let text):
                sourceString(text, into: &out)
            case .cells(let bits, let cells):
                if bits != 32 {
                    out.text("/bits/ ")
                    out.decimal(UInt64(clamping: bits))
                    out.byte(0x20)
                }
                out.byte(0x3c)
                let mask: UInt64 = bits >= 64 || bits <= 0 ? ~0 : (1 << UInt64(bits)) - 1
                var firstCell = true
                for cell in cells {
                    if !firstCell { out.byte(0x20) }
                    firstCell = false
                    switch cell {
                    case .number(let number):
                        if decimal { out.decimal(number & mask) } else { sourceNumber(number & mask, into: &out) }
                    case .phandle(let reference):
                        out.byte(0x26)
                        out.text(reference.description)
                    case .label(let label):
                        out.text(label)
                        out.byte(0x3a)
                    }
                }
                out.byte(0x3e)
            case .bytes(let raw):
                out.byte(0x5b)
                for (index, byte) in raw.enumerated() {
                    if index > 0 { out.byte(0x20) }
                    out.hexByte(byte)
                }
                out.byte(0x5d)
            case .pathReference(let reference):
                out.byte(0x26)
                out.text(reference.description)
            case .label:
                break
            }
        }
        for label in pendingLabels {
            out.byte(0x20)
            out.text(label)
            out.byte(0x3a)
        }
        out.text(";\n")
    }

    /// 0 to 9 in decimal, anything larger as `0x` and lowercase hex digits.
    private static func sourceNumber(_ value: UInt64, into out: inout DTSOutput) {
        if value < 10 {
            out.byte(0x30 + UInt8(value))
        } else {
            out.text("0x")
            out.hex(value, minimumDigits: 1)
        }
    }

    /// A quoted DTS string literal whose bytes read back as `text`'s UTF-8.
    private static func sourceString(_ text: String, into out: inout DTSOutput) {
        out.byte(0x22)
        for byte in text.utf8 {
            switch byte {
            case 0x22: out.text("\\\"")
            case 0x5c: out.text("\\\\")
            case 0x09: out.text("\\t")
            case 0x0a: out.text("\\n")
            case 0x0d: out.text("\\r")
            case 0x20..<0x7f: out.byte(byte)
            default:
                out.text("\\x")
                out.hexByte(byte)
            }
        }
        out.byte(0x22)
    }
}
