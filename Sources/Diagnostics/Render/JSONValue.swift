/// A JSON document whose objects keep their keys in the order written, so every report the
/// package writes is byte-for-byte deterministic without depending on an encoder's formatting.
///
/// This is the package's one JSON writer: the diagnostic renderers, `plan.json` and the
/// generated manifest schemas all build a `JSONValue` and print it with `text`.
public indirect enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A signed integer.
    case int(Int)
    /// A non-negative integer up to `UInt64.max`.
    case unsigned(UInt64)
    /// A string.
    case string(String)
    /// An array, in order.
    case array([JSONValue])
    /// An object, printed with its members in the order given.
    case object([(String, JSONValue)])

    /// Structural equality; objects are equal only with the same keys in the same order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.int(a), .int(b)): a == b
        case let (.unsigned(a), .unsigned(b)): a == b
        case let (.string(a), .string(b)): a == b
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)): a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
        default: false
        }
    }

    /// A string, or `null` for nil.
    public static func optional(_ value: String?) -> JSONValue {
        value.map(JSONValue.string) ?? .null
    }

    /// An object with the members of `members`, keys in UTF-8 byte order.
    public static func sortedObject(_ members: [String: JSONValue]) -> JSONValue {
        .object(members.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) })
    }

    /// The members of an object, or nil for any other value.
    public var members: [(String, JSONValue)]? {
        guard case .object(let members) = self else { return nil }
        return members
    }

    /// Pretty text ending in a newline: two-space indent, `"key": value`, empty containers as
    /// `[]` and `{}`, strings quoted by `JSONString.quoted`.
    public var text: String {
        var out = ""
        write(into: &out, indent: 0)
        return out + "\n"
    }

    private func write(into out: inout String, indent: Int) {
        switch self {
        case .null: out += "null"
        case let .bool(value): out += value ? "true" : "false"
        case let .int(value): out += String(value)
        case let .unsigned(value): out += String(value)
        case let .string(value): out += JSONString.quoted(value)
        case let .array(items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += String(repeating: " ", count: indent + 2)
                item.write(into: &out, indent: indent + 2)
                out += index + 1 < items.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "]"
        case let .object(members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (index, (key, value)) in members.enumerated() {
                out += String(repeating: " ", count: indent + 2)
                out += JSONString.quoted(key)
                out += ": "
                value.write(into: &out, indent: indent + 2)
                out += index + 1 < members.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "}"
        }
    }
}

/// JSON string literals, shared by every JSON writer of the package.
public enum JSONString {
    /// `text` as a JSON string literal: `"` and `\` escaped; C0 controls as short escapes or
    /// `\u00XX`; DEL, C1 controls, U+2028, U+2029 and U+FEFF as `\uXXXX`, so no line break,
    /// terminal control or invisible mark reaches a reader raw; everything else as UTF-8.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                let value = scalar.value
                if value < 0x20 || (0x7f...0x9f).contains(value) || value == 0x2028 || value == 0x2029 || value == 0xfeff {
                    let hex = String(value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
