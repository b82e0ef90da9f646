import Foundation
import Testing
import XenPTTestSupport
@testable import XenPT

/// A new Xen release is one data file: a synthetic `4.23.yaml` (written from the shipped 4.22 with
/// other facts) changes what xenpt says without a line of Swift: when capabilities arrive, the
/// vGIC limits, which host GICs Xen drives.
@Suite struct NewReleaseTests {
    /// A schemas folder with the shipped device classes, the shipped 4.5 and a 4.23 made from 4.22:
    /// every capability 4.5 lacks starts in 4.23, the GICv3 redistributor window holds 4 vCPUs, a
    /// vGICv2 takes 2, and `vendor,next-gic` is a GICv3 Xen drives.
    static func schemas(in folder: URL) throws -> String {
        let shipped = packageRoot.appendingPathComponent("schemas")
        let root = folder.appendingPathComponent("schemas")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("xen"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: shipped.appendingPathComponent("devices"), to: root.appendingPathComponent("devices"))
        try FileManager.default.copyItem(at: shipped.appendingPathComponent("xen/4.5.yaml"), to: root.appendingPathComponent("xen/4.5.yaml"))
        var text = try String(contentsOf: shipped.appendingPathComponent("xen/4.22.yaml"), encoding: .utf8)
        for (old, new) in [
            ("version: \"4.22\"", "version: \"4.23\""), ("tag: RELEASE-4.22.0", "tag: RELEASE-4.23.0"),
            ("  - name: vgic-v3-gicr\n    kind: gic-redistributor\n    base: \"0x03020000\"\n    size: \"0x01000000\"",
             "  - name: vgic-v3-gicr\n    kind: gic-redistributor\n    base: \"0x03020000\"\n    size: \"0x00080000\""),
            ("  v2-max-vcpus: 8", "  v2-max-vcpus: 2"),
            ("gic-compatibles:\n", "gic-compatibles:\n  - compatible: vendor,next-gic\n    version: v3\n"),
        ] {
            #expect(text.contains(old), "4.22.yaml no longer has \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        let starts = text.replacing(try Regex(#"since: "4\.\d+""#), with: "since: \"4.23\"")
        #expect(starts != text)
        text = starts
        try Data(text.utf8).write(to: root.appendingPathComponent("xen/4.23.yaml"))
        return root.path
    }

    /// Loads a board with host `dts` and one guest through the real loader, with `schemaRoot`,
    /// and returns its findings as `CODE severity: message`.
    static func findings(schemaRoot: String, in folder: URL, dts: String, xen: String, guest: String) throws -> [String] {
        try Data("board: test\nhost: host.dts\nxen: \"\(xen)\"\n".utf8).write(to: folder.appendingPathComponent("board.yaml"))
        try Data(dts.utf8).write(to: folder.appendingPathComponent("host.dts"))
        try Data("guest: g\nboard: board.yaml\nmemory: 256M\n\(guest)".utf8).write(to: folder.appendingPathComponent("guest.yaml"))
        let workspace = WorkspaceLoader(schemaRoot: schemaRoot).load(paths: [folder.appendingPathComponent("guest.yaml").path])
        let planned = workspace.planAll()
        #expect(planned.count == 1, "\(workspace.diagnostics.map(\.message))")
        return (workspace.diagnostics + planned.flatMap(\.plan.diagnostics)).map { "\($0.code) \($0.severity.rawValue): \($0.message)" }.sorted()
    }

    static let uart = soc(RuleExample.uart)
    static let passUART = "passthrough:\n  - /soc/serial@ff000000\n"

    @Test func theReleaseFileLoadsWithItsFacts() throws {
        try TemporaryDirectory.with(prefix: "new-release") { folder in
            let (catalog, diagnostics) = SchemaLoader.load(schemaRoot: try Self.schemas(in: folder), extraDeviceDirectories: [])
            #expect(diagnostics.map(\.message) == [])
            let release = try #require(catalog?.release(XenVersion(major: 4, minor: 23)))
            #expect(release.vgic == VGICLimits(v2MaxVCPUs: 2, v3RedistributorSize: 0x20000))
            #expect(release.gicCompatibles["vendor,next-gic"] == .v3)
            #expect(catalog?.release(XenVersion(major: 4, minor: 5))?.capabilityStarts[.irqPassthrough] == XenVersion(major: 4, minor: 23))
        }
    }

    @Test func capabilityWordingComesFromTheReleaseFiles() throws {
        let shipped = try TemporaryDirectory.with(prefix: "new-release") { folder in
            try Self.findings(schemaRoot: packageRoot.appendingPathComponent("schemas").path, in: folder, dts: Self.uart, xen: "4.5", guest: Self.passUART)
        }
        #expect(shipped.contains("XPT-XEN-001 error: Xen 4.5 cannot give a guest a partial device tree (`device_tree`, from 4.6)"))
        let synthetic = try TemporaryDirectory.with(prefix: "new-release") { folder in
            try Self.findings(schemaRoot: try Self.schemas(in: folder), in: folder, dts: Self.uart, xen: "4.5", guest: Self.passUART)
        }
        #expect(synthetic.contains("XPT-XEN-001 error: Xen 4.5 cannot give a guest a partial device tree (`device_tree`, from 4.23)"))
        #expect(synthetic.contains("XPT-XEN-001 error: Xen 4.5 cannot route interrupts to an Arm guest (`irqs`, from 4.23)"))
    }

    @Test func vgicLimitsComeFromTheReleaseFile() throws {
        let guest = "vcpus: 3\n" + Self.passUART
        let shipped = try TemporaryDirectory.with(prefix: "new-release") { folder in
            try Self.findings(schemaRoot: packageRoot.appendingPathComponent("schemas").path, in: folder, dts: Self.uart, xen: "4.22", guest: guest)
        }
        #expect(!shipped.contains { $0.hasPrefix("XPT-XEN-003") })
        let synthetic = try TemporaryDirectory.with(prefix: "new-release") { folder in
            try Self.findings(schemaRoot: try Self.schemas(in: folder), in: folder, dts: Self.uart, xen: "4.23", guest: guest)
        }
        #expect(synthetic.contains("XPT-XEN-003 error: 3 vCPUs is more than a vGICv2 guest can have (2)"))
    }

    @Test func aNewGICCompatibleIsDrivenAndSizesTheRedistributors() throws {
        let host = Self.uart.replacingOccurrences(of: "\"arm,gic-400\"", with: "\"vendor,next-gic\"")
        #expect(host != Self.uart)
        let guest = "gic: v3\nvcpus: 5\n" + Self.passUART
        let synthetic = try TemporaryDirectory.with(prefix: "new-release") { folder in
            try Self.findings(schemaRoot: try Self.schemas(in: folder), in: folder, dts: host, xen: "4.23", guest: guest)
        }
        #expect(synthetic.contains("XPT-XEN-003 error: 5 vCPUs is more than a vGICv3 guest can have (4)"))
        #expect(!synthetic.contains { $0.hasPrefix("XPT-XEN-002") }, "the host GIC is v3 for this release: \(synthetic)")
    }

    /// The documentation follows the data too: `explain` of a rule lists the new release's facts.
    @Test func explainListsTheNewReleasesFacts() throws {
        let releases = try TemporaryDirectory.with(prefix: "new-release") { folder in
            SchemaLoader.releases(schemaRoot: try Self.schemas(in: folder)) ?? []
        }
        #expect(releases.map(\.version.description) == ["4.5", "4.23"])
        let page = RuleDocumentation.explain("too-many-vcpus", releases: releases) ?? ""
        #expect(page.contains("  - vCPUs of a vGICv2 guest: 4.5 at most 8; 4.23 at most 2\n"))
        #expect(page.contains("  - vCPUs of a vGICv3 guest: 4.5 at most 8; 4.23 at most 4\n"))
        let capability = RuleDocumentation.explain("xen-capability-missing", releases: releases) ?? ""
        #expect(capability.contains("  - `irq-passthrough` (`irqs=` SPIs routed 1:1 to a domU): 4.23\n"))
    }
}
