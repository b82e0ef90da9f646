/// An example document quoted in a generated reference.
public struct ReferenceExample: Sendable, Hashable {
    /// Where it lives, relative to the repository root (`examples/midway/board.yaml`).
    public let path: String
    /// Its text, quoted verbatim.
    public let text: String

    /// Creates an example.
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}

/// The Markdown references for manifests (`docs/manifest-reference.md`) and schema files
/// (`docs/schema-reference.md`), generated from the specs the loaders use.
public enum ManifestReference {
    /// The command that regenerates every generated reference and JSON Schema.
    public static let regenerateCommand = "XENPT_UPDATE_GOLDENS=1 swift test --filter ManifestReference"

    /// The manifest reference, with an example under each manifest's section.
    public static func markdown(boardExample: ReferenceExample?, guestExample: ReferenceExample?) -> String {
        render(
            title: "Manifest reference",
            source: "ManifestSpecs",
            intro: [
                "xenpt reads two kinds of YAML manifest. A **board manifest** names a board's host device tree "
                    + "and says what that tree cannot; a **guest manifest** describes one guest and the host devices "
                    + "it gets, and names its board manifest.",
                "Editors that use yaml-language-server check and complete manifests against the JSON Schemas "
                    + "`schemas/board.schema.json` and `schemas/guest.schema.json`, generated from the same metadata "
                    + "as this page. Start a manifest with a line naming the schema, relative to the manifest:\n\n"
                    + "```yaml\n# yaml-language-server: $schema=../../schemas/board.schema.json\n```",
            ],
            roots: [(ManifestSpecs.board, boardExample), (ManifestSpecs.guest, guestExample)]
        )
    }

    /// The reference for the files under `schemas/xen/` and `schemas/devices/`.
    public static func schemaFilesMarkdown() -> String {
        render(
            title: "Schema file reference",
            source: "SchemaSpecs",
            intro: [
                "xenpt's knowledge of Xen releases and device classes is data: one YAML file per Xen release "
                    + "under `schemas/xen/` (a **Xen release schema**) and one per device class under "
                    + "`schemas/devices/` (a **device class**). Board manifests may add device-class folders "
                    + "with `schemas:`. These files are read with the manifest reader, so the same rules apply.",
            ],
            roots: [(SchemaSpecs.xenRelease, nil), (SchemaSpecs.deviceClass, nil)]
        )
    }

    static func render(title: String, source: String, intro: [String], roots: [(MappingSpec, ReferenceExample?)]) -> String {
        var lines: [String] = [
            "<!-- generated from \(source) by xenpt's ManifestReference; do not edit. -->",
            "<!-- regenerate with \(regenerateCommand) -->",
            "",
            "# \(title)",
            "",
        ]
        for paragraph in intro {
            lines += [paragraph, ""]
        }
        lines += [
            "Rules for every mapping below:",
            "",
            "- only the keys listed are allowed; any other key is an error, with a \"did you mean\" when one is close",
            "- a key marked required must be present; a key written with no value counts as absent",
            "- where a list of scalars is expected, a single scalar is a list of one",
            "- the [value types](#value-types) section says how each type of value is written",
            "",
        ]
        var specs: [MappingSpec] = []
        for (root, example) in roots {
            lines += section(root, example: example)
            specs.append(root)
            for nested in JSONSchemaGenerator.nestedMappings(of: root) where !specs.contains(where: { $0.title == nested.title }) {
                lines += section(nested, example: nil)
                specs.append(nested)
            }
        }
        lines += valueTypes(used: specs)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func section(_ spec: MappingSpec, example: ReferenceExample?) -> [String] {
        var lines = ["## \(ReferenceText.capitalized(spec.title))", "", spec.summary, ""]
        if let key = ValueSyntax.shorthandKey(of: spec), let field = spec.field(key) {
            let phrase = ValueSyntax.phrase(field.type, link: markdownLink)
            lines += ["It may also be written as its `\(key)` value alone (a \(phrase)), as if under `\(key):`.", ""]
        }
        lines += ["| key | type | required | default | meaning |", "| --- | --- | --- | --- | --- |"]
        for field in spec.fields {
            let cells = [
                "`\(field.key)`",
                ValueSyntax.phrase(field.type, link: markdownLink),
                field.required ? "yes" : "no",
                field.defaultDescription ?? "",
                field.summary,
            ]
            lines.append("| " + cells.map(escapeCell).joined(separator: " | ") + " |")
        }
        lines.append("")
        if let example {
            var body = example.text
            if body.hasSuffix("\n") { body.removeLast() }
            lines += ["Example (`\(example.path)`):", "", "```yaml", body, "```", ""]
        }
        return lines
    }

    private static func valueTypes(used specs: [MappingSpec]) -> [String] {
        var used: Set<ValueSyntax.Scalar> = []
        func visit(_ type: FieldType) {
            if let scalar = ValueSyntax.scalar(type) { used.insert(scalar) }
            switch type {
            case .sequence(let item): visit(item)
            case .dictionary(_, let value): visit(value)
            default: break
            }
        }
        for spec in specs {
            spec.fields.forEach { visit($0.type) }
        }
        var lines = ["## Value types", ""]
        // Words are listed with each key, so they need no entry of their own.
        for scalar in ValueSyntax.Scalar.allCases where used.contains(scalar) && scalar != .word {
            lines += ["### \(scalar.rawValue)", "", scalar.explanation, ""]
        }
        return lines
    }

    private static func markdownLink(_ anchor: String, _ text: String) -> String {
        "[\(text)](#\(anchor))"
    }

    private static func escapeCell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
