/// A JSON array with one object per finding, keys in a fixed order.
///
/// ```
/// {
///   "code": "XPT-IRQ-002",
///   "severity": "error",
///   "message": "…",
///   "file": "net.yaml",                      // null when unlocated
///   "start": {"line": 9, "column": 13},      // null when unlocated
///   "end": {"line": 9, "column": 35},        // null when unlocated
///   "devicePath": "/soc/ethernet@fff51000",  // or null
///   "dataPath": "passthrough[0].device",     // or null
///   "related": [{"node", "message", "file", "start", "end"}, …],  // every other node, in full
///   "fields": {"intid": 112, …},             // typed facts, keys in the rule's order
///   "labels": [{"primary": true, "file", "start", "end", "message"}, …],
///   "notes": [{"message", "file", "start", "end"}, …],
///   "help": ["…"]
/// }
/// ```
/// Columns are 1-based Unicode scalars and `end` is exclusive, as in `SourceRange`. The
/// primary label comes first in `labels`. `fields` values are strings, numbers or arrays of
/// numbers; the keys rules use are listed in `docs/ci.md`.
public struct JSONRenderer: DiagnosticRenderer {
    /// Creates a JSON renderer.
    public init() {}

    /// The array of findings in the order given, ending in a newline.
    public func render(_ diagnostics: [Diagnostic], sources: SourceStore) -> String {
        JSONValue.array(diagnostics.map(Self.object)).text
    }

    private static func object(_ diagnostic: Diagnostic) -> JSONValue {
        let range = diagnostic.primary?.range
        var labels: [JSONValue] = []
        if let primary = diagnostic.primary { labels.append(label(primary, primary: true)) }
        labels += diagnostic.secondary.map { label($0, primary: false) }
        return .object([
            ("code", .string(diagnostic.code)),
            ("severity", .string(diagnostic.severity.rawValue)),
            ("message", .string(diagnostic.message)),
            ("file", .optional(range?.file)),
            ("start", position(range?.start)),
            ("end", position(range?.end)),
            ("devicePath", .optional(diagnostic.devicePath)),
            ("dataPath", .optional(diagnostic.dataPath)),
            ("related", .array(diagnostic.related.map { node in
                .object([
                    ("node", .string(node.path)),
                    ("message", .string(node.message)),
                    ("file", .optional(node.range?.file)),
                    ("start", position(node.range?.start)),
                    ("end", position(node.range?.end)),
                ])
            })),
            ("fields", .object(diagnostic.fields.map { ($0.name, $0.json) })),
            ("labels", .array(labels)),
            ("notes", .array(diagnostic.notes.map { note in
                .object([
                    ("message", .string(note.message)),
                    ("file", .optional(note.range?.file)),
                    ("start", position(note.range?.start)),
                    ("end", position(note.range?.end)),
                ])
            })),
            ("help", .array(diagnostic.help.map { .string($0) })),
        ])
    }

    private static func label(_ label: Label, primary: Bool) -> JSONValue {
        .object([
            ("primary", .bool(primary)),
            ("file", .string(label.range.file)),
            ("start", position(label.range.start)),
            ("end", position(label.range.end)),
            ("message", .string(label.message)),
        ])
    }

    private static func position(_ location: SourceLocation?) -> JSONValue {
        guard let location else { return .null }
        return .object([("line", .int(location.line)), ("column", .int(location.column))])
    }
}
