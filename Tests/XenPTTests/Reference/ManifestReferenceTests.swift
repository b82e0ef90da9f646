import Foundation
import Testing
import XenPTTestSupport
@testable import XenPT

/// The committed JSON Schemas and references are exactly what the specs generate.
///
/// `XENPT_UPDATE_GOLDENS=1 swift test --filter ManifestReference` rewrites them.
@Suite struct ManifestReferenceTests {
    @Test func boardSchemaIsCurrent() {
        Golden.assertMatches(actual: JSONSchemaGenerator.boardSchema, goldenPath: "schemas/board.schema.json")
    }

    @Test func guestSchemaIsCurrent() {
        Golden.assertMatches(actual: JSONSchemaGenerator.guestSchema, goldenPath: "schemas/guest.schema.json")
    }

    @Test func manifestReferenceIsCurrent() throws {
        let board = try ReferenceFixtures.example("examples/midway/board.yaml")
        let guest = try ReferenceFixtures.example("examples/midway/guests/net.yaml")
        Golden.assertMatches(
            actual: ManifestReference.markdown(boardExample: board, guestExample: guest),
            goldenPath: "docs/manifest-reference.md")
    }

    @Test func schemaFileReferenceIsCurrent() {
        Golden.assertMatches(actual: ManifestReference.schemaFilesMarkdown(), goldenPath: "docs/schema-reference.md")
    }

    @Test(arguments: ["board manifest", "guest manifest"])
    func everyFieldIsAPropertyWithTheSameRequiredness(_ title: String) throws {
        let root = try #require([ManifestSpecs.board, ManifestSpecs.guest].first { $0.title == title })
        let text = JSONSchemaGenerator.text(for: root)
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        let definitions = schema["$defs"] as? [String: Any] ?? [:]
        var checked: [String] = []
        func check(_ spec: MappingSpec, _ object: [String: Any]?) {
            guard let object else {
                Issue.record("no schema for \(spec.title)")
                return
            }
            checked.append(spec.title)
            let properties = object["properties"] as? [String: Any] ?? [:]
            #expect(properties.keys.sorted() == spec.fields.map(\.key).sorted(), "keys of \(spec.title)")
            #expect(object["required"] as? [String] ?? [] == spec.fields.filter(\.required).map(\.key), "required keys of \(spec.title)")
            #expect(object["additionalProperties"] as? Bool == false, "\(spec.title) allows unknown keys")
            #expect(object["description"] as? String == spec.summary)
        }
        check(root, schema)
        for nested in JSONSchemaGenerator.nestedMappings(of: root) {
            check(nested, definitions[JSONSchemaGenerator.definitionName(nested)] as? [String: Any])
        }
        #expect(definitions.count == checked.count - 1, "unexpected $defs in the \(title) schema")
        let expected: [String: [String]] = [
            "board manifest": ["board manifest", "device annotation"],
            "guest manifest": ["guest manifest", "dom0less boot", "boot module", "device-tree module", "passthrough entry", "waiver"],
        ]
        #expect(checked == expected[title])
    }

    @Test func fieldDescriptionsCarryTypeAndDefault() {
        let guest = ManifestSpecs.guest
        let descriptions = ["memory", "vcpus", "passthrough", "xen"].compactMap(guest.field).map(JSONSchemaGenerator.description)
        #expect(descriptions == [
            "guest RAM, e.g. `512M` (memory size; required)",
            "number of virtual CPUs (integer, 1 to 128; default: 1)",
            "host devices given to this guest (list of passthrough entries; default: none)",
            "Xen release, e.g. `\"4.17\"` (Xen release; default: the board's `xen`)",
        ])
    }

    @Test func plurals() {
        #expect(["passthrough entry", "waiver", "capability", "file path", "key"].map(ReferenceText.plural)
            == ["passthrough entries", "waivers", "capabilities", "file paths", "keys"])
        #expect(ReferenceText.anchor("IOMMU compatible") == "iommu-compatible")
        #expect(ReferenceText.anchor("Xen release (4.17)") == "xen-release-417")
    }
}

/// Paths of the repository's example manifests.
enum ReferenceFixtures {
    /// An example file, read from the package root.
    static func example(_ relative: String) throws -> ReferenceExample {
        let text = try String(contentsOf: packageRoot.appendingPathComponent(relative), encoding: .utf8)
        return ReferenceExample(path: relative, text: text)
    }
}
