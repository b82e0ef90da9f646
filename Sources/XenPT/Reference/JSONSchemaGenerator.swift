import Diagnostics

/// Turns a `MappingSpec` into a JSON Schema (draft 2020-12) for editors.
///
/// Scalars follow the YAML 1.2 core schema that YAML language servers use: a value may arrive as
/// a number, boolean or string, so each type accepts every spelling the loader accepts that JSON
/// Schema can tell apart (`memory: 512` and `memory: 512M`, `guest-address: 0x05000000` and
/// `"0x05000000"`). Nested mappings go to `$defs`, named after their titles. Objects are built
/// as dictionaries and printed with their keys in UTF-8 byte order.
public enum JSONSchemaGenerator {
    /// The dialect every generated schema declares.
    public static let dialect = "https://json-schema.org/draft/2020-12/schema"

    /// The board manifest schema, as committed in `schemas/board.schema.json`.
    public static var boardSchema: String { text(for: ManifestSpecs.board) }

    /// The guest manifest schema, as committed in `schemas/guest.schema.json`.
    public static var guestSchema: String { text(for: ManifestSpecs.guest) }

    /// The schema for documents whose root is `root`, as pretty JSON text with a trailing newline.
    public static func text(for root: MappingSpec) -> String {
        schema(for: root).text
    }

    /// The schema for documents whose root is `root`.
    public static func schema(for root: MappingSpec) -> JSONValue {
        var members = mappingMembers(root)
        members["$schema"] = .string(dialect)
        members["$comment"] = .string(
            "generated from ManifestSpecs by xenpt; do not edit; "
                + "regenerate with XENPT_UPDATE_GOLDENS=1 swift test --filter ManifestReference")
        members["title"] = .string("xenpt " + root.title)
        var definitions: [String: JSONValue] = [:]
        for spec in nestedMappings(of: root) {
            definitions[definitionName(spec)] = mappingSchema(spec)
        }
        if !definitions.isEmpty { members["$defs"] = object(definitions) }
        return object(members)
    }

    /// The `$defs` name of a nested mapping: its title in kebab case.
    public static func definitionName(_ spec: MappingSpec) -> String {
        ReferenceText.anchor(spec.title)
    }

    /// Every mapping reachable from `root` (not `root` itself), depth first in field order, once each.
    public static func nestedMappings(of root: MappingSpec) -> [MappingSpec] {
        var found: [MappingSpec] = []
        var seen: Set<String> = [root.title]
        func visit(_ type: FieldType) {
            switch type {
            case .mapping(let spec):
                guard seen.insert(spec.title).inserted else { return }
                found.append(spec)
                spec.fields.forEach { visit($0.type) }
            case .sequence(let item):
                visit(item)
            case .dictionary(_, let value):
                visit(value)
            default:
                break
            }
        }
        root.fields.forEach { visit($0.type) }
        return found
    }

    private static func mappingSchema(_ spec: MappingSpec) -> JSONValue {
        object(mappingMembers(spec))
    }

    private static func mappingMembers(_ spec: MappingSpec) -> [String: JSONValue] {
        var properties: [String: JSONValue] = [:]
        for field in spec.fields {
            properties[field.key] = property(field)
        }
        var members: [String: JSONValue] = [
            "type": .string("object"),
            "title": .string(spec.title),
            "description": .string(spec.summary),
            "properties": object(properties),
            "additionalProperties": .bool(false),
        ]
        let required = spec.fields.filter(\.required).map { JSONValue.string($0.key) }
        if !required.isEmpty { members["required"] = .array(required) }
        return members
    }

    private static func property(_ field: FieldSpec) -> JSONValue {
        var choices = alternatives(field.type)
        // The loader treats `key:` with no value as an absent key, so an optional key may be null.
        if !field.required { choices.append(object(["type": .string("null")])) }
        return combined(choices, description: description(field))
    }

    /// The description an editor shows for a key: its summary, type and default.
    static func description(_ field: FieldSpec) -> String {
        var text = field.summary + " (" + ValueSyntax.phrase(field.type) { _, words in words }
        if field.required {
            text += "; required"
        } else if let fallback = field.defaultDescription {
            text += "; default: " + fallback
        }
        return text + ")"
    }

    /// The schemas a value of `type` may match, one per spelling.
    private static func alternatives(_ type: FieldType) -> [JSONValue] {
        switch type {
        case .string, .filePath, .deviceReference:
            // `ScalarReader.string` takes any scalar as written, so numbers and booleans pass too.
            return [object(["type": .array([.string("boolean"), .string("number"), .string("string")])])]
        case .integer(let min, let max):
            return [
                object(["type": .string("integer"), "minimum": .unsigned(min), "maximum": .unsigned(max)]),
                object(["type": .string("string"), "pattern": .string(ValueSyntax.integerPattern)]),
            ]
        case .boolean:
            return [
                object(["type": .string("boolean")]),
                object(["type": .string("string"), "pattern": .string(ValueSyntax.booleanPattern)]),
            ]
        case .memorySize:
            return [
                object(["type": .string("integer"), "minimum": .unsigned(1)]),
                object(["type": .string("string"), "pattern": .string(ValueSyntax.memorySizePattern)]),
            ]
        case .xenVersion:
            return [object(["type": .string("string"), "pattern": .string(ValueSyntax.xenVersionPattern)])]
        case .name:
            // As with strings, an unquoted number or boolean is a name as written; the pattern
            // constrains only the strings.
            return [object(["type": .array([.string("boolean"), .string("number"), .string("string")]),
                             "pattern": .string(ValueSyntax.namePattern)])]
        case .enumeration(let words):
            return [object(["enum": .array(words.map(JSONValue.string))])]
        case .guestAddress:
            return [
                object(["enum": .array(ValueSyntax.guestAddressWords.map(JSONValue.string))]),
                object([
                    "type": .string("integer"), "minimum": .unsigned(0),
                    "multipleOf": .unsigned(ValueSyntax.guestAddressAlignment),
                ]),
                object(["type": .string("string"), "pattern": .string(ValueSyntax.guestAddressPattern)]),
            ]
        case .mapping(let spec):
            let reference = object(["$ref": .string("#/$defs/" + definitionName(spec))])
            if let key = ValueSyntax.shorthandKey(of: spec), let field = spec.field(key) {
                return alternatives(field.type) + [reference]
            }
            return [reference]
        case .sequence(let item):
            let items = combined(alternatives(item), description: nil)
            let list = object(["type": .string("array"), "items": items])
            // `MappingReader.strings` takes a lone scalar as a list of one.
            return ValueSyntax.scalar(item) != nil ? alternatives(item) + [list] : [list]
        case .dictionary(_, let value):
            return [object([
                "type": .string("object"),
                "additionalProperties": combined(alternatives(value), description: nil),
            ])]
        }
    }

    /// One schema from alternatives: alone, merged into one `type` list, or an `anyOf`.
    private static func combined(_ choices: [JSONValue], description: String?) -> JSONValue {
        var members: [String: JSONValue]
        if choices.count == 1, let only = choices[0].members {
            members = Dictionary(only, uniquingKeysWith: { first, _ in first })
        } else if let types = typeNames(choices) {
            members = ["type": .array(types.map(JSONValue.string))]
        } else {
            members = ["anyOf": .array(choices)]
        }
        if let description { members["description"] = .string(description) }
        return object(members)
    }

    /// The sorted union of type names when every choice is a bare `{"type": …}`, else nil.
    private static func typeNames(_ choices: [JSONValue]) -> [String]? {
        var names: Set<String> = []
        for choice in choices {
            guard let members = choice.members, members.count == 1, members[0].0 == "type" else { return nil }
            let type = members[0].1
            switch type {
            case .string(let name):
                names.insert(name)
            case .array(let list):
                for case .string(let name) in list { names.insert(name) }
            default:
                return nil
            }
        }
        return names.sorted()
    }

    /// A schema object: keys in UTF-8 byte order, so the committed schemas are byte-stable.
    private static func object(_ members: [String: JSONValue]) -> JSONValue {
        .sortedObject(members)
    }
}
