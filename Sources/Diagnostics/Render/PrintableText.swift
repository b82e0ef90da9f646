/// Text from files made safe to print: every control character becomes a visible escape, so a
/// value read from a manifest or a device tree can never start a new line (a forged finding or
/// a CI workflow command), move the cursor or send a command to the terminal.
///
/// One function serves every renderer, so no format can forget a character another escapes.
public enum PrintableText {
    /// `text` with control characters escaped: `\n`, `\r`, `\t` and `\0` by name, any other as
    /// `\u{XX}`. Control characters are C0 (below U+0020), DEL, C1 (U+0080–U+009F), the line
    /// and paragraph separators and the bidirectional embedding, override and isolate marks.
    /// Text without one is returned unchanged.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            default: out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }

    /// Whether a scalar is one `escaped` rewrites.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7F, 0x80...0x9F: true
        case 0x2028, 0x2029: true
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        default: false
        }
    }
}
