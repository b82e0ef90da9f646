import Foundation
import Testing
import XenPTTestSupport

/// One worked example of a real board: its folder under `examples/`, its guests, and what the
/// `xl` parser must read out of each guest's configuration.
struct BoardExample: Sendable, CustomStringConvertible {
    /// Folder under `examples/` and board name (they are the same for these examples).
    let name: String
    /// Guests with the `dtdev`, `irq` and `iomem` entries libxlutil reads from their `guest.cfg`.
    let guests: [(name: String, passthrough: [String])]

    var description: String { name }

    /// Every file `xenpt build` writes for the board, relative to `--out`.
    var artifacts: [String] {
        (["\(name)/host/passthrough.dtso", "\(name)/host/uboot-passthrough.cmd"]
            + guests.flatMap { guest in ["guest.cfg", "guest.dtb", "guest.dts", "plan.json"].map { "\(name)/\(guest.name)/\($0)" } })
            .sorted()
    }

    /// Raspberry Pi 4: no IOMMU, `ranges` moving VideoCore bus addresses, devices sharing pages and SPIs.
    static let rpi4 = BoardExample(name: "rpi4", guests: [
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
    ])

    /// Arm Juno r1: MMU-401s in front of the DMA-330 and the USB host; a motherboard device behind an interrupt-map.
    static let juno = BoardExample(name: "juno", guests: [
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
    ])

    static let all = [rpi4, juno]
    static let guestTrees = all.flatMap { example in example.guests.map { "\(example.name)/\(example.name)/\($0.name)" } }
}

/// The worked examples of real boards (Raspberry Pi 4, Juno): `xenpt build` writes exactly the
/// committed files under `examples/<board>/expected/`, every guest tree compiles with dtc to our
/// bytes, every `guest.cfg` parses with Xen's own parser, and the survey pins the class coverage.
@Suite struct BoardExampleTests {
    @Test(arguments: BoardExample.all)
    func buildWritesTheExpectedArtifacts(_ example: BoardExample) throws {
        try TemporaryDirectory.with { out in
            let result = try Subprocess.run(xenptExecutable, args: ["build", "examples/\(example.name)", "--out", out.path], currentDirectory: packageRoot)
            #expect(result.status == 0, "\(result.stderrText)")
            #expect(result.stderrText.hasSuffix("(see the infos with --show-info)\n") && !result.stderrText.contains("warning"), "\(result.stderrText)")
            let written = (FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String] ?? [])
                .filter { $0.contains(".") }.sorted()
            #expect(written == example.artifacts)
            for artifact in example.artifacts {
                let bytes = try [UInt8](Data(contentsOf: out.appendingPathComponent(artifact)))
                Golden.assertMatches(actual: bytes, goldenPath: "examples/\(example.name)/expected/\(artifact)")
            }
        }
    }

    @Test(arguments: BoardExample.guestTrees)
    func guestTreesCompileWithDTCToTheSameBytes(_ guest: String) throws {
        guard let dtc = Oracle.require(tool: "dtc") else { return }
        let parts = guest.split(separator: "/")
        let folder = packageRoot.appendingPathComponent("examples/\(parts[0])/expected/\(parts[1])/\(parts[2])")
        let result = try Subprocess.run(dtc, args: ["-I", "dts", "-O", "dtb", folder.appendingPathComponent("guest.dts").path])
        // dtc warns (simple_bus_reg) about the fixed-clock stubs under `/passthrough`, where Xen's
        // passthrough guide puts them; it compiles them all the same.
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdout == [UInt8](try Data(contentsOf: folder.appendingPathComponent("guest.dtb"))))
    }

    @Test(arguments: BoardExample.all)
    func hostOverlayCompilesWithDTC(_ example: BoardExample) throws {
        guard let dtc = Oracle.require(tool: "dtc") else { return }
        let overlay = packageRoot.appendingPathComponent("examples/\(example.name)/expected/\(example.name)/host/passthrough.dtso")
        let result = try Subprocess.run(dtc, args: ["-@", "-I", "dts", "-O", "dtb", overlay.path])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stderrText == "", "dtc warned: \(result.stderrText)")
    }

    @Test(arguments: BoardExample.all)
    func xlParsesEveryConfig(_ example: BoardExample) throws {
        guard let harness = XLOracle.require() else { return }
        for guest in example.guests {
            let config = packageRoot.appendingPathComponent("examples/\(example.name)/expected/\(example.name)/\(guest.name)/guest.cfg")
            let parsed = try XLOracle.parse(try String(contentsOf: config, encoding: .utf8), harness: harness)
            #expect(parsed?.filter { $0.hasPrefix("dtdev") || $0.hasPrefix("irq") || $0.hasPrefix("iomem") } == guest.passthrough, "\(guest.name)")
        }
    }

    @Test(arguments: BoardExample.all)
    func surveyOfTheBoard(_ example: BoardExample) throws {
        let result = try Subprocess.run(xenptExecutable, args: ["survey", "examples/\(example.name)/board.yaml"], currentDirectory: packageRoot)
        #expect(result.status == 0)
        #expect(result.stderrText == "")
        Golden.assertMatches(actual: result.stdoutText, goldenPath: "examples/\(example.name)/expected/survey.txt")
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
