import CYaml
import Diagnostics

/// Bounds the work a YAML document can ask for before anything expands it: the number of
/// aliases, the number of nodes the document has once every alias is expanded, and the nesting
/// depth. A 700-byte "billion laughs" document would otherwise cost minutes and gigabytes when
/// composed and converted (Yams shares an aliased node, but hashing a mapping key and our own
/// conversion walk every copy).
///
/// One pass over libyaml's events, linear in the text: each anchored node records how many
/// nodes it stands for, and each alias adds that count without visiting the node again.
enum YAMLBudget {
    /// Aliases a document may use.
    static let maximumAliases = 1_000
    /// Nodes a document may have with every alias expanded.
    static let maximumNodes = 100_000
    /// Mappings and sequences nested inside each other.
    static let maximumDepth = 64

    /// The first limit the document exceeds, located at the alias or node that exceeds it; nil
    /// when the document is within bounds or is not well-formed YAML (Yams then reports the
    /// syntax error itself).
    static func check(_ text: String, file: String) -> Diagnostic? {
        var bytes = Array(text.utf8)
        if bytes.isEmpty { return nil }
        return bytes.withUnsafeMutableBufferPointer { buffer -> Diagnostic? in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return nil }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)

            var sizes: [String: Int] = [:]
            // For each open collection: its anchor and the node count when it opened.
            var open: [(anchor: String?, startCount: Int)] = []
            var nodes = 0
            var aliases = 0
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                let at = location(event.start_mark, file: file)
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_SCALAR_EVENT:
                    nodes += 1
                    if let anchor = name(event.data.scalar.anchor) { sizes[anchor] = 1 }
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    nodes += 1
                    let anchor = event.type == YAML_SEQUENCE_START_EVENT
                        ? name(event.data.sequence_start.anchor) : name(event.data.mapping_start.anchor)
                    open.append((anchor, nodes))
                    if open.count > maximumDepth {
                        return ManifestError.yamlLimit(
                            "mappings and sequences nest deeper than \(maximumDepth) levels", at: at,
                            help: "a manifest needs only a few levels; flatten the document")
                    }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    if let closed = open.popLast(), let anchor = closed.anchor {
                        sizes[anchor] = nodes - closed.startCount + 1
                    }
                case YAML_ALIAS_EVENT:
                    aliases += 1
                    if aliases > maximumAliases {
                        return ManifestError.yamlLimit(
                            "the document uses more than \(maximumAliases) aliases", at: at,
                            help: "write the values out instead of repeating `*` aliases")
                    }
                    // An undefined alias (or one inside its own anchor) is Yams's to report.
                    guard let anchor = name(event.data.alias.anchor), let size = sizes[anchor] else { return nil }
                    nodes += size
                default:
                    break
                }
                if nodes > maximumNodes {
                    return ManifestError.yamlLimit(
                        "the document expands to more than \(maximumNodes) nodes", at: at,
                        help: "aliases repeat whole nodes; write the values out instead of nesting aliases of aliases")
                }
            }
        }
    }

    private static func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    private static func location(_ mark: yaml_mark_t, file: String) -> SourceRange {
        SourceRange(start: SourceLocation(file: file, line: mark.line + 1, column: mark.column + 1))
    }
}
