/// A SARIF 2.1.0 log with one run, for code-scanning services.
///
/// - `tool.driver` names the tool and lists `rules` from the metadata given; a result's
///   `ruleIndex` points into that list when its code is there.
/// - Each result has `ruleId`, `level` (`error`, `warning`, `note`), `message.text`, and
///   when located one `locations` entry whose region uses 1-based Unicode-scalar columns
///   (`columnKind: unicodeCodePoints`) with an exclusive end; an empty range covers one
///   column. A line below 1 leaves the region out, since SARIF requires lines from 1.
/// - The device path is a logical location (`kind: element`) and, with the data path,
///   also sits in `properties`.
/// - `relatedLocations` holds the secondary labels, then one entry per related node (its path
///   as a logical location, where it is defined when known, and its part in the finding), then
///   the located notes not at a related node's place; unlocated notes and help lines go in
///   `properties.notes` and `properties.help`, typed fields in `properties.fields`.
/// - File paths become relative URI references (absolute ones `file://` URIs), with bytes
///   outside `A–Z a–z 0–9 - . _ ~ /` percent-encoded.
public struct SARIFRenderer: DiagnosticRenderer {
    /// The schema URI written in `$schema`.
    public static let schemaURI =
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    /// The tool named in `tool.driver`.
    public var tool: ToolInfo
    /// The rules listed in `tool.driver.rules`, in order.
    public var rules: [RuleMetadata]

    /// Creates a SARIF renderer.
    public init(tool: ToolInfo, rules: [RuleMetadata] = []) {
        self.tool = tool
        self.rules = rules
    }

    /// The SARIF log for `diagnostics`, results in the order given, ending in a newline.
    public func render(_ diagnostics: [Diagnostic], sources: SourceStore) -> String {
        var ruleIndex: [String: Int] = [:]
        for (index, rule) in rules.enumerated() where ruleIndex[rule.id] == nil {
            ruleIndex[rule.id] = index
        }
        var driver: [(String, JSONValue)] = [
            ("name", .string(tool.name)),
            ("version", .string(tool.version)),
            ("informationUri", .string(tool.informationURI)),
        ]
        driver.append(("rules", .array(rules.map(Self.descriptor))))
        let run: JSONValue = .object([
            ("tool", .object([("driver", .object(driver))])),
            ("columnKind", .string("unicodeCodePoints")),
            ("results", .array(diagnostics.map { result($0, ruleIndex: ruleIndex[$0.code]) })),
        ])
        let log: JSONValue = .object([
            ("$schema", .string(Self.schemaURI)),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ])
        return log.text
    }

    /// The SARIF level for a severity.
    public static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    private static func descriptor(_ rule: RuleMetadata) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(rule.id)),
            ("name", .string(rule.name)),
            ("shortDescription", .object([("text", .string(rule.shortDescription))])),
            ("fullDescription", .object([("text", .string(rule.fullDescription))])),
            ("help", .object([("text", .string(rule.helpText))])),
        ]
        if let uri = rule.helpURI { members.append(("helpUri", .string(uri))) }
        members.append(("defaultConfiguration", .object([("level", .string(level(rule.defaultSeverity)))])))
        return .object(members)
    }

    private func result(_ diagnostic: Diagnostic, ruleIndex: Int?) -> JSONValue {
        var members: [(String, JSONValue)] = [("ruleId", .string(diagnostic.code))]
        if let ruleIndex { members.append(("ruleIndex", .int(ruleIndex))) }
        members.append(("level", .string(Self.level(diagnostic.severity))))
        members.append(("message", Self.message(diagnostic.message)))

        var location: [(String, JSONValue)] = []
        if let primary = diagnostic.primary {
            location.append(("physicalLocation", Self.physicalLocation(primary.range)))
            if !primary.message.isEmpty { location.append(("message", Self.message(primary.message))) }
        }
        if let devicePath = diagnostic.devicePath {
            location.append(("logicalLocations", .array([Self.logicalLocation(devicePath)])))
        }
        members.append(("locations", .array(location.isEmpty ? [] : [.object(location)])))

        var related: [JSONValue] = []
        for label in diagnostic.secondary {
            related.append(Self.relatedLocation(id: related.count, range: label.range, message: label.message))
        }
        for node in diagnostic.related {
            related.append(Self.relatedLocation(id: related.count, node: node))
        }
        let nodePlaces = Set(diagnostic.related.compactMap(\.range))
        for note in diagnostic.notes {
            if let range = note.range, !nodePlaces.contains(range) {
                related.append(Self.relatedLocation(id: related.count, range: range, message: note.message))
            }
        }
        if !related.isEmpty { members.append(("relatedLocations", .array(related))) }

        var properties: [(String, JSONValue)] = []
        if let devicePath = diagnostic.devicePath { properties.append(("devicePath", .string(devicePath))) }
        if let dataPath = diagnostic.dataPath { properties.append(("dataPath", .string(dataPath))) }
        let unlocatedNotes = diagnostic.notes.filter { $0.range == nil }.map { JSONValue.string($0.message) }
        if !unlocatedNotes.isEmpty { properties.append(("notes", .array(unlocatedNotes))) }
        if !diagnostic.help.isEmpty { properties.append(("help", .array(diagnostic.help.map { .string($0) }))) }
        if !diagnostic.fields.isEmpty { properties.append(("fields", .object(diagnostic.fields.map { ($0.name, $0.json) }))) }
        if !properties.isEmpty { members.append(("properties", .object(properties))) }
        return .object(members)
    }

    private static func message(_ text: String) -> JSONValue {
        .object([("text", .string(text))])
    }

    private static func relatedLocation(id: Int, range: SourceRange, message: String) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .int(id)),
            ("physicalLocation", physicalLocation(range)),
        ]
        if !message.isEmpty { members.append(("message", self.message(message))) }
        return .object(members)
    }

    private static func relatedLocation(id: Int, node: RelatedNode) -> JSONValue {
        var members: [(String, JSONValue)] = [("id", .int(id))]
        if let range = node.range { members.append(("physicalLocation", physicalLocation(range))) }
        members.append(("logicalLocations", .array([logicalLocation(node.path)])))
        if !node.message.isEmpty { members.append(("message", message(node.message))) }
        return .object(members)
    }

    private static func logicalLocation(_ path: String) -> JSONValue {
        .object([("fullyQualifiedName", .string(path)), ("kind", .string("element"))])
    }

    private static func physicalLocation(_ range: SourceRange) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("artifactLocation", .object([("uri", .string(uri(forPath: range.file)))])),
        ]
        if let region = region(range) { members.append(("region", region)) }
        return .object(members)
    }

    private static func region(_ range: SourceRange) -> JSONValue? {
        let start = range.start
        guard start.line >= 1 else { return nil }
        var members: [(String, JSONValue)] = [("startLine", .int(start.line))]
        guard start.column >= 1 else { return .object(members) }
        members.append(("startColumn", .int(start.column)))
        let end = range.end
        if end.line > start.line, end.column >= 1 {
            members.append(("endLine", .int(end.line)))
            members.append(("endColumn", .int(end.column)))
        } else {
            let oneColumn = start.column.addingReportingOverflow(1)
            let endColumn = end.line == start.line && end.column > start.column || oneColumn.overflow
                ? max(end.column, start.column)
                : oneColumn.partialValue
            members.append(("endLine", .int(start.line)))
            members.append(("endColumn", .int(endColumn)))
        }
        return .object(members)
    }

    /// `path` as a URI reference: relative paths stay relative, absolute ones become `file://`.
    public static func uri(forPath path: String) -> String {
        var encoded = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }
}
