import Foundation
import Testing
import XenPTTestSupport

/// One worked example on a vendor board: its guests, the one started dom0less, and what Xen's
/// parser must read from each guest's xl config.
struct VendorBoardExample: Sendable, CustomTestStringConvertible {
    /// Folder under `examples/`, also the board's name.
    let board: String
    /// Guest names, each with the `dtdev`, `irqs` and `iomem` lines libxlutil reads.
    let guests: [(name: String, passthrough: [String])]
    /// The guest that also boots dom0less, if one does.
    let dom0less: String?

    var testDescription: String { board }

    /// Every artifact `xenpt build` writes for the example, relative to `expected/`.
    var artifacts: [String] {
        var paths = ["\(board)/host/passthrough.dtso", "\(board)/host/uboot-passthrough.cmd"]
        for guest in guests.map(\.name) {
            if guest == dom0less {
                paths += ["dom0less.dtb", "dom0less.dts", "dom0less.dtsi"].map { "\(board)/\(guest)/\($0)" }
            }
            paths += ["guest.cfg", "guest.dtb", "guest.dts", "plan.json"].map { "\(board)/\(guest)/\($0)" }
        }
        return paths
    }

    /// Renesas Salvator-XS (R-Car H3): AVB behind IPMMU-DS0, SDHI3 behind IPMMU-DS1, SCIF1
    /// register-only. IRQ = GIC_SPI + 32; frames from r8a77951.dtsi.
    static let salvatorXS = VendorBoardExample(board: "salvator-xs", guests: [
        ("net", ["dtdev=/soc/ethernet@e6800000"] + (71...95).map { "irq=\($0)" }
            + ["iomem=start:0xe6800 pages:0x1 gfn:0x4200", "iomem=start:0xe6a00 pages:0x10 gfn:0x4400"]),
        ("sd", ["dtdev=/soc/mmc@ee160000", "irq=200", "iomem=start:0xee160 pages:0x2 gfn:0x4020"]),
        ("serial", ["irq=185", "iomem=start:0xe6e68 pages:0x1 gfn:0x4020"]),
    ], dom0less: "serial")

    /// NXP i.MX8QM MEK: both FECs (one MMU-500 stream ID) to one guest, LPUART1 register-only.
    static let imx8qmMEK = VendorBoardExample(board: "imx8qm-mek", guests: [
        ("net", ["dtdev=/bus@5b000000/ethernet@5b040000", "dtdev=/bus@5b000000/ethernet@5b050000"]
            + (288...295).map { "irq=\($0)" } + ["iomem=start:0x5b040 pages:0x20 gfn:0x4020"]),
        ("serial", ["irq=258", "iomem=start:0x5a070 pages:0x1 gfn:0x4020"]),
    ], dom0less: "serial")


    /// Raspberry Pi 4: no IOMMU, `ranges` moving VideoCore bus addresses, devices sharing pages and SPIs.
    static let rpi4 = VendorBoardExample(board: "rpi4", guests: [
        ("i2c", [
            "irq=149",
            "iomem=start:0xfe205 pages:0x1 gfn:0x4020", "iomem=start:0xfe205 pages:0x1 gfn:0x4030",
            "iomem=start:0xfe205 pages:0x1 gfn:0x4040", "iomem=start:0xfe205 pages:0x1 gfn:0x4050",
            "iomem=start:0xfe205 pages:0x1 gfn:0x4060", "iomem=start:0xfe804 pages:0x1 gfn:0x4070",
        ]),
        ("serial", [
            "irq=153",
            "iomem=start:0xfe201 pages:0x1 gfn:0x4020", "iomem=start:0xfe201 pages:0x1 gfn:0x4030",
            "iomem=start:0xfe201 pages:0x1 gfn:0x4040", "iomem=start:0xfe201 pages:0x1 gfn:0x4050",
            "iomem=start:0xfe201 pages:0x1 gfn:0x4060",
        ]),
    ], dom0less: nil)

    /// Arm Juno r1: MMU-401s in front of the DMA-330 and the USB host; a motherboard device behind an interrupt-map.
    static let juno = VendorBoardExample(board: "juno", guests: [
        ("dma", [
            "dtdev=/dma@7ff00000",
            "irq=120", "irq=121", "irq=122", "irq=123", "irq=124", "irq=140", "irq=141", "irq=142", "irq=143",
            "iomem=start:0x7ff00 pages:0x1 gfn:0x4020",
        ]),
        ("rtc", ["irq=100", "iomem=start:0x1c170 pages:0x10 gfn:0x4020"]),
        ("usb", [
            "dtdev=/ohci@7ffb0000", "dtdev=/ehci@7ffc0000", "irq=148", "irq=149",
            "iomem=start:0x7ffb0 pages:0x20 gfn:0x4020",
        ]),
    ], dom0less: nil)

    static let all = [salvatorXS, imx8qmMEK, rpi4, juno]
}

/// The vendor-board examples (Salvator-XS, i.MX8QM MEK, Raspberry Pi 4, Juno) end to end: build goldens, the dtc and libxlutil oracles, the
/// survey with its class coverage, and the dom0less node merged into the host tree.
@Suite struct VendorBoardExampleTests {
    @Test(arguments: VendorBoardExample.all)
    func buildWritesTheExpectedArtifacts(_ example: VendorBoardExample) throws {
        try TemporaryDirectory.with { out in
            let result = try Subprocess.run(xenptExecutable, args: ["build", "examples/\(example.board)", "--out", out.path], currentDirectory: packageRoot)
            #expect(result.status == 0, "\(result.stderrText)")
            for artifact in example.artifacts {
                let bytes = try [UInt8](Data(contentsOf: out.appendingPathComponent(artifact)))
                Golden.assertMatches(actual: bytes, goldenPath: "examples/\(example.board)/expected/\(artifact)")
            }
        }
    }

    @Test(arguments: VendorBoardExample.all)
    func guestTreesCompileWithDTCToTheSameBytes(_ example: VendorBoardExample) throws {
        guard let dtc = Oracle.require(tool: "dtc") else { return }
        for guest in example.guests.map(\.name) {
            let folder = packageRoot.appendingPathComponent("examples/\(example.board)/expected/\(example.board)/\(guest)")
            let files = guest == example.dom0less ? ["guest", "dom0less"] : ["guest"]
            for file in files {
                let result = try Subprocess.run(dtc, args: ["-I", "dts", "-O", "dtb", folder.appendingPathComponent("\(file).dts").path])
                #expect(result.status == 0, "\(guest)/\(file).dts: \(result.stderrText)")
                #expect(result.stdout == [UInt8](try Data(contentsOf: folder.appendingPathComponent("\(file).dtb"))), "\(guest)/\(file).dtb")
            }
        }
    }

    /// The host tree compiles, and the dom0less node merges into it under `/chosen`.
    @Test(arguments: VendorBoardExample.all.filter { $0.dom0less != nil })
    func dom0lessNodeMergesIntoTheHostTree(_ example: VendorBoardExample) throws {
        guard let dtc = Oracle.require(tool: "dtc"), let dom0less = example.dom0less else { return }
        let host = try String(contentsOf: packageRoot.appendingPathComponent("examples/\(example.board)/\(example.board).dts"), encoding: .utf8)
        let dtsi = packageRoot.appendingPathComponent("examples/\(example.board)/expected/\(example.board)/\(dom0less)/dom0less.dtsi")
        try TemporaryDirectory.with { temporary in
            let merged = temporary.appendingPathComponent("host.dts")
            try Data((host + "/include/ \"\(dtsi.path)\"\n").utf8).write(to: merged)
            let result = try Subprocess.run(dtc, args: ["-I", "dts", "-O", "dts", merged.path])
            #expect(result.status == 0, "\(result.stderrText)")
            #expect(result.stdoutText.contains("\t\tdomU-\(dom0less) {\n\t\t\tcompatible = \"xen,domain\";"))
        }
    }

    @Test(arguments: VendorBoardExample.all)
    func xlParsesEveryConfig(_ example: VendorBoardExample) throws {
        guard let harness = XLOracle.require() else { return }
        for (guest, passthrough) in example.guests {
            let path = packageRoot.appendingPathComponent("examples/\(example.board)/expected/\(example.board)/\(guest)/guest.cfg")
            let parsed = try XLOracle.parse(try String(contentsOf: path, encoding: .utf8), harness: harness)
            #expect(parsed?.filter { $0.hasPrefix("dtdev") || $0.hasPrefix("irq") || $0.hasPrefix("iomem") } == passthrough, "\(guest)")
        }
    }

    /// The survey golden pins the class coverage line: every memory-mapped device has a class.
    @Test(arguments: VendorBoardExample.all)
    func surveyOfTheBoard(_ example: VendorBoardExample) throws {
        let result = try Subprocess.run(xenptExecutable, args: ["survey", "examples/\(example.board)/board.yaml"], currentDirectory: packageRoot)
        #expect(result.status == 0, "\(result.stderrText)")
        Golden.assertMatches(actual: result.stdoutText, goldenPath: "examples/\(example.board)/expected/survey.txt")
    }

    /// `xenpt plan --format json` prints the plan document a build writes as plan.json.
    @Test(arguments: VendorBoardExample.all)
    func planAsJSONIsThePlanDocument(_ example: VendorBoardExample) throws {
        for guest in example.guests.map(\.name) {
            let result = try Subprocess.run(xenptExecutable, args: ["plan", "examples/\(example.board)/guests/\(guest).yaml", "--format", "json"], currentDirectory: packageRoot)
            #expect(result.status == 0, "\(result.stderrText)")
            Golden.assertMatches(actual: result.stdoutText, goldenPath: "examples/\(example.board)/expected/\(example.board)/\(guest)/plan.json")
        }
    }

    /// Each example guest lints clean: every finding above info is fixed or waived with a reason.
    @Test(arguments: VendorBoardExample.all)
    func everyGuestLintsClean(_ example: VendorBoardExample) throws {
        for guest in example.guests.map(\.name) {
            let result = try Subprocess.run(xenptExecutable, args: ["lint", "examples/\(example.board)/guests/\(guest).yaml"], currentDirectory: packageRoot)
            #expect(result.status == 0, "\(guest): \(result.stderrText)")
            let report = result.stdoutText + result.stderrText
            #expect(!report.contains("warning[") && !report.contains("error["), "\(guest): \(report)")
            // Nothing but the count of infos, if there are any ("1 info (see the info with --show-info)").
            #expect(report.isEmpty || (report.hasSuffix(" with --show-info)\n") && report.split(separator: "\n").count == 1), "\(guest): \(report)")
        }
    }

    @Test(arguments: VendorBoardExample.all)
    func hostOverlayCompilesWithDTC(_ example: VendorBoardExample) throws {
        guard let dtc = Oracle.require(tool: "dtc") else { return }
        let overlay = packageRoot.appendingPathComponent("examples/\(example.board)/expected/\(example.board)/host/passthrough.dtso")
        let result = try Subprocess.run(dtc, args: ["-@", "-I", "dts", "-O", "dtb", overlay.path])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stderrText == "", "dtc warned: \(result.stderrText)")
    }

    /// The Raspberry Pi 4 has no IOMMU: GENET, a DMA master, is refused to an untrusted guest.
    @Test func rpi4RefusesGENETToAnUntrustedGuest() throws {
        try TemporaryDirectory.with { folder in
            try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("examples/rpi4"), to: folder.appendingPathComponent("rpi4"))
            try Data("""
                guest: net
                board: board.yaml
                memory: 512M
                trust: untrusted
                passthrough:
                  - "&genet"

                """.utf8).write(to: folder.appendingPathComponent("rpi4/net-untrusted.yaml"))
            let result = try Subprocess.run(xenptExecutable, args: ["lint", "rpi4/net-untrusted.yaml"], currentDirectory: folder)
            #expect(result.status == 1)
            #expect(result.stderrText == "")
            Golden.assertMatches(actual: result.stdoutText, goldenPath: "examples/rpi4/expected/net-untrusted.txt")
        }
    }
}
