import Diagnostics
import Foundation
@testable import XenPT

/// Paths and scratch folders for the schema tests.
enum SchemaFixtures {
    /// The package root, found from this file's path.
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The shipped `schemas/` folder.
    static var shippedSchemas: String { packageRoot + "/schemas" }

    /// The Xen layout facts kept in the repository (`Tests/Reference/xen-layouts.json`).
    static var layoutsJSON: String { packageRoot + "/Tests/Reference/xen-layouts.json" }

    /// The shipped catalog, loaded once.
    static let shipped: (SchemaCatalog?, [Diagnostic]) = SchemaLoader.load(schemaRoot: shippedSchemas, extraDeviceDirectories: [])

    /// A fresh empty folder under the system temporary folder.
    static func scratchFolder(_ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "xenpt-schema-\(name)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes files (relative path → text) under a folder, creating subfolders.
    static func write(_ files: [String: String], under root: String) throws {
        for (relative, text) in files {
            let path = root + "/" + relative
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    /// `file:line:col: CODE message` for each diagnostic, sorted, with `root` shortened to `ROOT`.
    static func concise(_ diagnostics: [Diagnostic], root: String) -> [String] {
        diagnostics.map { diagnostic in
            let place = diagnostic.primary.map { "\($0.range.start)" } ?? "-"
            return "\(place): \(diagnostic.code) \(diagnostic.message)".replacingOccurrences(of: root, with: "ROOT")
        }.sorted()
    }

    /// A valid minimal release file for `version`.
    static func minimalRelease(_ version: String) -> String {
        """
        version: "\(version)"
        tag: RELEASE-\(version).0
        commit: 0000000000000000000000000000000000000000
        windows:
          - name: ram0
            kind: ram
            base: "0x40000000"
            size: "0xc0000000"
            use: RAM bank 0
            present: always
        interrupts:
          - name: event-channel
            kind: ppi
            id: 31
            use: event channel
            present: always
        spis:
          guest-spis: true
          round-up: 32
          hypervisor-limit: 988
          max-nr-spis: 960
          max-spi-id: 991
          xl-option: none
          rule: computed
        phandles:
          gic: 65000
        root:
          address-cells: 2
          size-cells: 2
        capabilities: []
        iommus: []
        gic-compatibles:
          - compatible: arm,gic-400
            version: v2
        vgic:
          v2-max-vcpus: 8
          v3-redistributor-size: "0x20000"

        """
    }

    /// A valid generic class.
    static let genericClass = """
        class: generic
        compatible: []
        description: default
        source: [test]
        dma: unknown
        reset: unknown
        dependencies:
          clocks: fixed-clock
          resets: drop
          pinctrl: drop
          power-domains: drop
          phys: drop
          regulators: drop
          dmas: must-accompany
        drop-properties: [iommus]
        rewrite-properties:
          - property: status
            value: '"okay"'

        """
}
