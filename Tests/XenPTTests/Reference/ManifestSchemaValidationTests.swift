import Diagnostics
import Foundation
import Testing
import XenPTTestSupport
@testable import XenPT

/// The generated JSON Schemas against python3 `jsonschema` and against our loader: what one
/// accepts the other accepts, and both name the same key when they refuse.
@Suite struct ManifestSchemaValidationTests {
    @Test func everyShippedManifestValidates() throws {
        let manifests = try ShippedManifests.find()
        #expect(manifests.map(\.path).contains("examples/midway/board.yaml"))
        #expect(manifests.map(\.path).contains("examples/midway/guests/net.yaml"))
        for manifest in manifests {
            #expect(LoaderVerdict.keyPaths(text: manifest.text, kind: manifest.kind) == [], "loader refuses \(manifest.path)")
        }
        guard let verdicts = try SchemaVerdict.run(manifests.map { ($0.path, $0.kind, $0.text) }) else { return }
        for manifest in manifests {
            #expect(verdicts[manifest.path] == [], "schema refuses \(manifest.path)")
        }
    }

    @Test func shippedManifestsNameTheirSchema() throws {
        for manifest in try ShippedManifests.find() {
            let first = manifest.text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
            let prefix = "# yaml-language-server: $schema="
            #expect(first.hasPrefix(prefix), "\(manifest.path) does not name its schema on line 1")
            guard first.hasPrefix(prefix) else { continue }
            let folder = PathNormalizer.directory(of: manifest.path)
            let target = PathNormalizer.join(folder, String(first.dropFirst(prefix.count)))
            #expect(target == "schemas/\(manifest.kind == .board ? "board" : "guest").schema.json", "\(manifest.path)")
        }
    }

    /// Documents both the schema and the loader accept.
    static let accepted: [(String, ManifestLoader.Kind, String)] = [
        ("full-board", .board, """
            board: 2024
            host: board.dtb
            xen: "4.19"
            include-dirs: include
            schemas: [classes, more-classes]
            devices:
              /soc/ethernet@fff51000:
                class: calxeda-xgmac
                dma: master
                reset: device-specific
                clock-rates: { stmmaceth: 125_000_000, 1: 0x10 }
              /soc/serial@1000: {}
            """),
        ("full-guest", .guest, """
            guest: net
            board: ../board.yaml
            xen: "4.10"
            memory: 2048
            vcpus: 0x2
            trust: trusted
            gic: v3
            vuart: true
            virtio: "false"
            pci: false
            kernel: /boot/Image
            ramdisk: /boot/initrd
            cmdline: console=hvc0
            device-tree: /etc/xen/guest.dtb
            passthrough:
              - /soc/serial@1000
              - device: "&gmac1"
                guest-address: identity
              - device: ethernet0
                guest-address: 0x05000000
              - device: /soc/i2c@2000
                guest-address: "0x0500_1000"
              - device: /soc/i2c@3000
                guest-address: 83898368
            waive:
              - rule: XPT-IRQ-002
                at: /soc/ethernet@fff51000
                reason: the other user is disabled
              - rule: no-iommu
                reason: trusted guest
            """),
        ("units", .guest, """
            guest: g
            board: b.yaml
            memory: 1_024KiB
            waive:
            """),
        ("gibibytes", .guest, "guest: g\nboard: b.yaml\nmemory: 2g\n"),
    ]

    @Test func schemaAndLoaderAcceptTheSameDocuments() throws {
        for (name, kind, text) in Self.accepted {
            #expect(LoaderVerdict.keyPaths(text: text, kind: kind) == [], "loader refuses \(name)")
        }
        guard let verdicts = try SchemaVerdict.run(Self.accepted) else { return }
        for (name, _, _) in Self.accepted {
            #expect(verdicts[name] == [], "schema refuses \(name)")
        }
    }

    /// Documents both refuse, with the key path each must name.
    static let refused: [(String, ManifestLoader.Kind, String, [String])] = [
        ("unknown-key", .guest, "guest: g\nboard: b.yaml\nmemory: 1G\nmemroy: 1G\n", ["memroy"]),
        ("missing-key", .guest, "guest: g\nboard: b.yaml\n", ["memory"]),
        ("not-an-integer", .guest, "guest: g\nboard: b.yaml\nmemory: 1G\nvcpus: many\n", ["vcpus"]),
        ("integer-out-of-range", .guest, "guest: g\nboard: b.yaml\nmemory: 1G\nvcpus: 0\n", ["vcpus"]),
        ("memory-unit", .guest, "guest: g\nboard: b.yaml\nmemory: 512X\n", ["memory"]),
        ("yaml-1.1-boolean", .guest, "guest: g\nboard: b.yaml\nmemory: 1G\nvuart: yes\n", ["vuart"]),
        ("word", .guest, "guest: g\nboard: b.yaml\nmemory: 1G\ngic: v4\n", ["gic"]),
        ("list-expected", .guest, "guest: g\nboard: b.yaml\nmemory: 1G\npassthrough: { device: /soc/a }\n", ["passthrough"]),
        ("entry-unknown-key", .guest, "guest: g\nboard: b.yaml\nmemory: 1G\npassthrough:\n  - device: /soc/a\n    guest-adress: auto\n",
         ["passthrough[0].guest-adress"]),
        ("entry-missing-device", .guest, "guest: g\nboard: b.yaml\nmemory: 1G\npassthrough:\n  - guest-address: auto\n",
         ["passthrough[0].device"]),
        ("unaligned-address", .guest, "guest: g\nboard: b.yaml\nmemory: 1G\npassthrough:\n  - device: /soc/a\n    guest-address: 0x5000400\n",
         ["passthrough[0].guest-address"]),
        ("address-word", .guest, "guest: g\nboard: b.yaml\nmemory: 1G\npassthrough:\n  - device: /soc/a\n    guest-address: anywhere\n",
         ["passthrough[0].guest-address"]),
        ("waiver-without-reason", .guest, "guest: g\nboard: b.yaml\nmemory: 1G\nwaive:\n  - rule: no-iommu\n", ["waive[0].reason"]),
        ("annotation-word", .board, "board: b\nhost: b.dts\ndevices:\n  /soc/a:\n    reset: sometimes\n", ["devices./soc/a.reset"]),
        ("clock-rate-zero", .board, "board: b\nhost: b.dts\ndevices:\n  /soc/a:\n    clock-rates: { ref: 0 }\n", ["devices./soc/a.clock-rates.ref"]),
        ("include-dirs-mapping", .board, "board: b\nhost: b.dts\ninclude-dirs: { a: b }\n", ["include-dirs"]),
        ("board-unknown-key", .board, "board: b\nhost: b.dts\nguests: [net]\n", ["guests"]),
        ("xen-not-a-release", .board, "board: b\nhost: b.dts\nxen: \"4\"\n", ["xen"]),
    ]

    @Test func schemaAndLoaderRefuseTheSameKey() throws {
        for (name, kind, text, keys) in Self.refused {
            #expect(LoaderVerdict.keyPaths(text: text, kind: kind) == keys, "loader on \(name)")
        }
        guard let verdicts = try SchemaVerdict.run(Self.refused.map { ($0.0, $0.1, $0.2) }) else { return }
        for (name, _, _, keys) in Self.refused {
            #expect(verdicts[name] == keys, "schema on \(name)")
        }
    }

    /// Where the two differ, and why: YAML typing hides how a value was written, and JSON Schema
    /// cannot check a string's numeric value. (name, kind, text, loader's key paths, schema's.)
    static let knownDifferences: [(String, ManifestLoader.Kind, String, [String], [String])] = [
        // Deliberately stricter: `xen: 4.10` would read as 4.1 in every other YAML tool.
        ("unquoted-release", .board, "board: b\nhost: b.dts\nxen: 4.17\n", [], ["xen"]),
        // YAML 1.2 reads `True` as a boolean; the loader takes only `true` as written.
        ("capitalised-boolean", .guest, "guest: g\nboard: b.yaml\nmemory: 1G\nvuart: True\n", ["vuart"], []),
        // A pattern cannot say "a whole number of MiB".
        ("memory-below-a-mebibyte", .guest, "guest: g\nboard: b.yaml\nmemory: 1K\n", ["memory"], []),
        // A pattern cannot bound a number written as a string.
        ("quoted-integer-out-of-range", .guest, "guest: g\nboard: b.yaml\nmemory: 1G\nvcpus: \"999\"\n", ["vcpus"], []),
    ]

    @Test func knownDifferencesAreExactlyThese() throws {
        for (name, kind, text, loaderKeys, _) in Self.knownDifferences {
            #expect(LoaderVerdict.keyPaths(text: text, kind: kind) == loaderKeys, "loader on \(name)")
        }
        guard let verdicts = try SchemaVerdict.run(Self.knownDifferences.map { ($0.0, $0.1, $0.2) }) else { return }
        for (name, _, _, _, schemaKeys) in Self.knownDifferences {
            #expect(verdicts[name] == schemaKeys, "schema on \(name)")
        }
    }
}

/// The manifests shipped under `examples/`: every `*.yaml` the loader takes for a board or guest manifest.
enum ShippedManifests {
    /// One shipped manifest.
    struct Manifest {
        /// Relative to the package root.
        let path: String
        /// Board or guest, as `ManifestLoader.kind` tells them apart.
        let kind: ManifestLoader.Kind
        /// The file's text.
        let text: String
    }

    /// Every shipped manifest, sorted by path.
    static func find() throws -> [Manifest] {
        let root = packageRoot.appendingPathComponent("examples")
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var found: [Manifest] = []
        for case let relative as String in walker where relative.hasSuffix(".yaml") {
            let path = "examples/" + relative
            let text = try String(contentsOf: packageRoot.appendingPathComponent(path), encoding: .utf8)
            let (node, _) = YAMLLoader.parse(text: text, file: path)
            guard let node, let kind = ManifestLoader.kind(of: node) else { continue }
            found.append(Manifest(path: path, kind: kind, text: text))
        }
        return found.sorted { $0.path < $1.path }
    }
}

/// What our loader says about a document, as the key paths it names.
enum LoaderVerdict {
    /// The sorted key paths of every diagnostic; a diagnostic about a key names the key itself
    /// (`passthrough[0].device`), others name their data path.
    static func keyPaths(text: String, kind: ManifestLoader.Kind) -> [String] {
        let (node, parseDiagnostics) = YAMLLoader.parse(text: text, file: "test.yaml")
        guard let node else { return parseDiagnostics.map { "yaml: \($0.message)" } }
        var diagnostics = parseDiagnostics
        switch kind {
        case .board: _ = ManifestLoader.board(node, file: "test.yaml", diagnostics: &diagnostics)
        case .guest: _ = ManifestLoader.guest(node, file: "test.yaml", diagnostics: &diagnostics)
        }
        return diagnostics.map { diagnostic in
            let path = diagnostic.dataPath ?? ""
            guard diagnostic.code == "XPT-E003" || diagnostic.code == "XPT-E005",
                  let key = diagnostic.message.split(separator: "`", omittingEmptySubsequences: false).dropFirst().first
            else { return path }
            return path.isEmpty ? String(key) : path + "." + key
        }.sorted()
    }
}

/// What python3 `jsonschema` says about documents, read as YAML 1.2 core (as editors do).
enum SchemaVerdict {
    /// Validates each (name, kind, text) against the generated schema of its kind; per name, the
    /// sorted key paths of the errors ([] when valid). Nil when python3, `jsonschema` or `yaml`
    /// is missing (the test is skipped with a notice).
    static func run(_ documents: [(String, ManifestLoader.Kind, String)]) throws -> [String: [String]]? {
        guard let python = Oracle.requirePython(module: "jsonschema"),
              Oracle.requirePython(module: "yaml") != nil else { return nil }
        return try TemporaryDirectory.with(prefix: "manifest-schema") { folder in
            let boardSchema = folder.appendingPathComponent("board.schema.json")
            let guestSchema = folder.appendingPathComponent("guest.schema.json")
            try Data(JSONSchemaGenerator.boardSchema.utf8).write(to: boardSchema)
            try Data(JSONSchemaGenerator.guestSchema.utf8).write(to: guestSchema)
            var arguments = [script]
            for (index, (name, kind, text)) in documents.enumerated() {
                let file = folder.appendingPathComponent("document-\(index).yaml")
                try Data(text.utf8).write(to: file)
                arguments += [name, (kind == .board ? boardSchema : guestSchema).path, file.path]
            }
            let output = try Subprocess.run(python, args: ["-c"] + arguments)
            #expect(output.status == 0, "validator failed: \(output.stderrText)")
            var verdicts: [String: [String]] = [:]
            for line in output.stdoutText.split(separator: "\n") {
                let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 2 else { continue }
                verdicts[parts[0], default: []] += parts[1] == "ok" ? [] : [parts[1]]
            }
            return verdicts.mapValues { $0.sorted() }
        }
    }

    // Arguments: triples of name, schema file, YAML file. Prints `name<TAB>ok` or one
    // `name<TAB>key path` per error, key paths formatted like `DataPath` (`a.b[0].c`); a draft-07
    // validator that disagrees adds a line saying so.
    private static let script = #"""
import json, re, sys
import yaml
from jsonschema import Draft202012Validator, Draft7Validator

class Core12(yaml.SafeLoader):
    """YAML 1.2 core schema: what yaml-language-server sees (no `yes`, no octal `010`, no dates)."""
Core12.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+.0123456789")),
]:
    Core12.add_implicit_resolver("tag:yaml.org,2002:" + tag, re.compile(pattern), first)

def construct_int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith("0x"):
        return int(text[2:], 16)
    if text.startswith("0o"):
        return int(text[2:], 8)
    return int(text, 10)
Core12.add_constructor("tag:yaml.org,2002:int", construct_int)

def data_path(parts):
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += "[%d]" % part
        else:
            out += ("." if out else "") + part
    return out

def leaves(error):
    if not error.context:
        return [error]
    return [leaf for child in error.context for leaf in leaves(child)]

def key_paths(error):
    found = leaves(error)
    named = []
    for leaf in found:
        path = list(leaf.absolute_path)
        if leaf.validator == "additionalProperties":
            known = leaf.schema.get("properties", {})
            named += [data_path(path + [key]) for key in leaf.instance if key not in known]
        elif leaf.validator == "required":
            named += [data_path(path + [key]) for key in leaf.validator_value if key not in leaf.instance]
    if named:
        return named
    deepest = max(len(leaf.absolute_path) for leaf in found)
    return [data_path(list(leaf.absolute_path)) for leaf in found if len(leaf.absolute_path) == deepest]

arguments = sys.argv[1:]
for index in range(0, len(arguments), 3):
    name, schema_file, document_file = arguments[index:index + 3]
    with open(schema_file) as handle:
        schema = json.load(handle)
    Draft202012Validator.check_schema(schema)
    # Editors whose validator stops at draft-07 must reach the same verdict.
    draft7 = dict(schema, **{"$schema": "http://json-schema.org/draft-07/schema#"})
    Draft7Validator.check_schema(draft7)
    with open(document_file) as handle:
        document = yaml.load(handle, Loader=Core12)
    paths = set()
    for error in Draft202012Validator(schema).iter_errors(document):
        paths.update(key_paths(error))
    paths7 = set()
    for error in Draft7Validator(draft7).iter_errors(document):
        paths7.update(key_paths(error))
    if paths7 != paths:
        paths.add("draft-07 differs: " + ", ".join(sorted(paths7)))
    if not paths:
        print(name + "\tok")
    for path in sorted(paths):
        print(name + "\t" + path)
"""#
}
