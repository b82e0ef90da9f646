import Diagnostics
import Foundation
import Testing
@testable import XenPT

@Suite("Schema mistakes are located")
struct SchemaDiagnosticsTests {
    @Test("wrong type, unknown key, bad hex, bad words give file:line:col diagnostics and no catalog")
    func mistakes() throws {
        let root = try SchemaFixtures.scratchFolder("mistakes")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SchemaFixtures.write([
            "xen/4.17.yaml": """
                version: "4.17"
                tag: RELEASE-4.17.0
                commit: abc
                windows:
                  - name: ram0
                    kind: ram
                    base: "0x4000000g"
                    size: [1]
                    use: RAM bank 0
                    presnt: always
                interrupts:
                  - name: timer
                    kind: ppi
                    id: 40
                    use: timer
                    present: always
                spis: { guest-spis: true, round-up: 32, hypervisor-limit: 988, max-nr-spis: 960, max-spi-id: 991, xl-option: none, rule: r }
                phandles:
                  gic: sixty
                root:
                  address-cells: 2
                  size-cells: 2
                capabilities: []
                iommus: []
                gic-compatibles: []
                vgic: { v2-max-vcpus: 8, v3-redistributor-size: "0x20000" }

                """,
            "devices/generic.yaml": SchemaFixtures.genericClass,
            "user/bad.yaml": """
                class: bad
                compatible: ["x,y"]
                description: d
                source: s
                dma: maybe
                reset: none-needed
                dependencies:
                  clocks: drop

                """,
        ], under: root)
        let (catalog, diagnostics) = SchemaLoader.load(schemaRoot: root, extraDeviceDirectories: [root + "/user"])
        #expect(catalog == nil)
        #expect(SchemaFixtures.concise(diagnostics, root: root) == [
            "ROOT/user/bad.yaml:5:6: XPT-E006 dma: `maybe` is not allowed here",
            "ROOT/user/bad.yaml:8:11: XPT-E006 dependencies.clocks: `drop` is not allowed here",
            "ROOT/xen/4.17.yaml:10:5: XPT-E003 windows[0]: unknown key `presnt`",
            "ROOT/xen/4.17.yaml:14:9: XPT-E006 interrupts[0].id: INTID 40 is outside the PPI range 16-31",
            "ROOT/xen/4.17.yaml:19:8: XPT-E006 phandles.gic: `sixty` is not an integer",
            "ROOT/xen/4.17.yaml:5:5: XPT-E005 windows[0]: missing required key `present`",
            "ROOT/xen/4.17.yaml:7:11: XPT-E006 windows[0].base: `0x4000000g` is not a hexadecimal number",
            "ROOT/xen/4.17.yaml:8:11: XPT-E004 windows[0].size: expected a string, found a sequence",
        ])
        let unknown = try #require(diagnostics.first { $0.code == "XPT-E003" })
        #expect(unknown.help == ["did you mean `present`?"])
        let badHex = try #require(diagnostics.first { $0.message.contains("hexadecimal") })
        #expect(badHex.primary?.range.end.column == 23)
        let dma = try #require(diagnostics.first { $0.dataPath == "dma" })
        #expect(dma.help == ["expected one of `master`, `none`, `unknown`"])
        let clocks = try #require(diagnostics.first { $0.dataPath == "dependencies.clocks" })
        #expect(clocks.help == ["expected one of `fixed-clock`, `firmware`"])
    }

    @Test("file-level consistency: version against file name, window overflow, duplicates, capability start")
    func consistency() throws {
        let root = try SchemaFixtures.scratchFolder("consistency")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let overflow = SchemaFixtures.minimalRelease("4.10")
            .replacingOccurrences(of: "    base: \"0x40000000\"", with: "    base: \"0xffffffffffff0000\"")
            .replacingOccurrences(of: "capabilities: []", with: "capabilities:\n  - name: dom0less\n    since: \"4.10\"")
        let later = SchemaFixtures.minimalRelease("4.12")
            .replacingOccurrences(of: "capabilities: []", with: "capabilities:\n  - name: dom0less\n    since: \"4.12\"\n  - name: dom0less\n    since: \"4.12\"")
        try SchemaFixtures.write([
            "xen/4.10.yaml": overflow,
            "xen/4.11.yaml": SchemaFixtures.minimalRelease("4.13"),
            "xen/4.12.yaml": later,
            "devices/generic.yaml": SchemaFixtures.genericClass,
            "devices/a.yaml": "class: a\ncompatible: [\"v,x\"]\ndescription: a\nsource: [s]\ndma: none\nreset: none-needed\n",
            "devices/b.yaml": "class: b\ncompatible: [\"v,y\", \"v,x\"]\ndescription: b\nsource: [s]\ndma: none\nreset: none-needed\n",
        ], under: root)
        let (catalog, diagnostics) = SchemaLoader.load(schemaRoot: root, extraDeviceDirectories: [])
        #expect(catalog == nil)
        #expect(SchemaFixtures.concise(diagnostics, root: root) == [
            "ROOT/devices/b.yaml:2:21: XPT-E006 compatible[1]: compatible `v,x` is already claimed by another class in this folder",
            "ROOT/xen/4.10.yaml:8:11: XPT-E006 windows[0].size: window 0xffffffffffff0000 + 0xc0000000 passes the end of the 64-bit address space",
            "ROOT/xen/4.11.yaml:1:10: XPT-E006 version: version 4.13 does not match the file name `4.11.yaml`",
            "ROOT/xen/4.12.yaml:33:11: XPT-E006 capabilities[1].name: duplicate capability `dom0less`",
        ])
    }

    @Test("capability starts are checked across files")
    func capabilityStart() throws {
        let root = try SchemaFixtures.scratchFolder("since")
        defer { try? FileManager.default.removeItem(atPath: root) }
        func release(_ version: String, since: String) -> String {
            SchemaFixtures.minimalRelease(version)
                .replacingOccurrences(of: "capabilities: []", with: "capabilities:\n  - name: smmu-v3\n    since: \"\(since)\"")
        }
        try SchemaFixtures.write([
            "xen/4.14.yaml": SchemaFixtures.minimalRelease("4.14"),
            "xen/4.15.yaml": release("4.15", since: "4.15"),
            "xen/4.16.yaml": release("4.16", since: "4.14"),
            "devices/generic.yaml": SchemaFixtures.genericClass,
        ], under: root)
        let (catalog, diagnostics) = SchemaLoader.load(schemaRoot: root, extraDeviceDirectories: [])
        #expect(catalog == nil)
        #expect(SchemaFixtures.concise(diagnostics, root: root) == [
            "ROOT/xen/4.16.yaml:32:12: XPT-E006 capabilities[0].since: capability `smmu-v3` first appears in release 4.15, not 4.14",
        ])
    }

    @Test("missing folders, a missing generic class and YAML syntax errors are reported")
    func missingPieces() throws {
        let root = try SchemaFixtures.scratchFolder("missing")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SchemaFixtures.write([
            "xen/4.17.yaml": "version: \"4.17\"\ntag: [unclosed\n",
            "devices/uart.yaml": "class: uart\ncompatible: [\"arm,pl011\"]\ndescription: u\nsource: [s]\ndma: none\nreset: none-needed\n",
        ], under: root)
        let (catalog, diagnostics) = SchemaLoader.load(schemaRoot: root, extraDeviceDirectories: [root + "/nope"])
        #expect(catalog == nil)
        let lines = SchemaFixtures.concise(diagnostics, root: root)
        #expect(lines.count == 3)
        #expect(lines.contains("-: XPT-E007 cannot read `ROOT/nope`: no such folder"))
        #expect(lines.contains("-: XPT-E005 no `generic` device class in the schema folders"))
        #expect(lines.contains { $0.hasPrefix("ROOT/xen/4.17.yaml:3:1: XPT-E001 yaml syntax error:") })
    }

    @Test("the generic class must give every policy and no compatibles")
    func genericRules() throws {
        let root = try SchemaFixtures.scratchFolder("generic")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SchemaFixtures.write([
            "xen/4.17.yaml": SchemaFixtures.minimalRelease("4.17"),
            "devices/generic.yaml": "class: generic\ncompatible: [\"a,b\"]\ndescription: g\nsource: [s]\ndma: unknown\nreset: unknown\ndependencies:\n  clocks: fixed-clock\n",
        ], under: root)
        let (catalog, diagnostics) = SchemaLoader.load(schemaRoot: root, extraDeviceDirectories: [])
        #expect(catalog == nil)
        #expect(SchemaFixtures.concise(diagnostics, root: root) == [
            "ROOT/devices/generic.yaml:2:14: XPT-E006 compatible[0]: the generic class applies to every other node and lists no compatibles",
        ] + ["dmas", "phys", "pinctrl", "power-domains", "regulators", "resets"].map {
            "ROOT/devices/generic.yaml:8:3: XPT-E005 dependencies: missing required key `\($0)`"
        })
    }

    @Test("a minimal valid schema root loads")
    func minimalLoads() throws {
        let root = try SchemaFixtures.scratchFolder("minimal")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SchemaFixtures.write(["xen/4.17.yaml": SchemaFixtures.minimalRelease("4.17"), "devices/generic.yaml": SchemaFixtures.genericClass], under: root)
        let (catalog, diagnostics) = SchemaLoader.load(schemaRoot: root, extraDeviceDirectories: [])
        #expect(diagnostics.isEmpty)
        let release = try #require(catalog?.release(XenVersion(major: 4, minor: 17)))
        #expect(release.windows.map(\.name) == ["ram0"])
        #expect(release.source?.start == SourceLocation(file: root + "/xen/4.17.yaml", line: 1, column: 1))
        #expect(release.windows.first?.source?.start == SourceLocation(file: root + "/xen/4.17.yaml", line: 5, column: 5))
        #expect(catalog?.devices.classes.isEmpty == true)
    }
}

@Suite("Locating shipped schemas")
struct LocateSchemasTests {
    @Test("XENPT_SCHEMAS wins, then <prefix>/share/xenpt/schemas, then a folder above the executable")
    func order() throws {
        let root = try SchemaFixtures.scratchFolder("locate")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SchemaFixtures.write([
            "checkout/schemas/xen/4.17.yaml": "",
            "checkout/.build/debug/xenpt": "",
            "prefix/bin/xenpt": "",
            "prefix/share/xenpt/schemas/xen/4.17.yaml": "",
            "bare/bin/xenpt": "",
            "checkout/stage/bin/xenpt": "",
            "checkout/stage/share/xenpt/schemas/xen/4.17.yaml": "",
            "links/xenpt": "",
        ], under: root)
        try FileManager.default.removeItem(atPath: root + "/links/xenpt")
        try FileManager.default.createSymbolicLink(atPath: root + "/links/xenpt", withDestinationPath: root + "/prefix/bin/xenpt")
        let resolvedRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        #expect(SchemaLoader.locateShippedSchemas(executablePath: root + "/checkout/.build/debug/xenpt", environment: ["XENPT_SCHEMAS": "/elsewhere"]) == "/elsewhere")
        #expect(SchemaLoader.locateShippedSchemas(executablePath: root + "/checkout/.build/debug/xenpt", environment: [:]) == resolvedRoot + "/checkout/schemas")
        #expect(SchemaLoader.locateShippedSchemas(executablePath: root + "/prefix/bin/xenpt", environment: [:]) == resolvedRoot + "/prefix/share/xenpt/schemas")
        #expect(SchemaLoader.locateShippedSchemas(executablePath: root + "/checkout/stage/bin/xenpt", environment: [:]) == resolvedRoot + "/checkout/stage/share/xenpt/schemas")
        #expect(SchemaLoader.locateShippedSchemas(executablePath: root + "/links/xenpt", environment: [:]) == resolvedRoot + "/prefix/share/xenpt/schemas")
        #expect(SchemaLoader.locateShippedSchemas(executablePath: root + "/bare/bin/xenpt", environment: ["XENPT_SCHEMAS": ""]) == nil)
        #expect(SchemaLoader.locateShippedSchemas(executablePath: nil, environment: [:]) == nil)
    }
}
