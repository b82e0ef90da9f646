import Diagnostics
/// A JSON value for generated documents; its text is byte-stable (sorted keys, 2-space indent).
public indirect enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A non-negative integer.
    case integer(UInt64)
    /// A string.
    case string(String)
    /// An array, in order.
    case array([JSONValue])
    /// An object; printed with its keys sorted.
    case object([String: JSONValue])

    /// The value as pretty JSON: keys sorted, 2-space indent, `": "` after keys, trailing newline.
    public var text: String {
        var out = ""
        write(to: &out, indent: "")
        out += "\n"
        return out
    }

    private func write(to out: inout String, indent: String) {
        switch self {
        case .null:
            out += "null"
        case .bool(let value):
            out += value ? "true" : "false"
        case .integer(let value):
            out += String(value)
        case .string(let value):
            out += JSONValue.quoted(value)
        case .array(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            let inner = indent + "  "
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += inner
                item.write(to: &out, indent: inner)
                out += index == items.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case .object(let members):
            guard !members.isEmpty else {
                out += "{}"
                return
            }
            let inner = indent + "  "
            let keys = members.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            out += "{\n"
            for (index, key) in keys.enumerated() {
                out += inner + JSONValue.quoted(key) + ": "
                members[key, default: .null].write(to: &out, indent: inner)
                out += index == keys.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        }
    }

    /// A JSON string literal.
    public static func quoted(_ text: String) -> String {
        JSONString.quoted(text)
    }
}
