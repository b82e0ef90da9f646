import Foundation
import Testing
import XenPTTestSupport

/// The second example: two guests on one ZynqMP board, one device behind the MMU-500 with
/// firmware clocks, one register-only UART, both with waivers.
@Suite struct ZCU102ExampleTests {
    static let artifacts = [
        "zcu102/host/passthrough.dtso", "zcu102/host/uboot-passthrough.cmd",
        "zcu102/net/guest.cfg", "zcu102/net/guest.dtb", "zcu102/net/guest.dts", "zcu102/net/plan.json",
        "zcu102/serial/dom0less.dtb", "zcu102/serial/dom0less.dts", "zcu102/serial/dom0less.dtsi",
        "zcu102/serial/guest.cfg", "zcu102/serial/guest.dtb", "zcu102/serial/guest.dts", "zcu102/serial/plan.json",
    ]

    @Test func buildWritesTheExpectedArtifacts() throws {
        try TemporaryDirectory.with { out in
            let result = try Subprocess.run(xenptExecutable, args: ["build", "examples/zcu102", "--out", out.path], currentDirectory: packageRoot)
            #expect(result.status == 0, "\(result.stderrText)")
            for artifact in Self.artifacts {
                let bytes = try [UInt8](Data(contentsOf: out.appendingPathComponent(artifact)))
                Golden.assertMatches(actual: bytes, goldenPath: "examples/zcu102/expected/\(artifact)")
            }
        }
    }

    @Test(arguments: ["net", "serial"])
    func guestTreesCompileWithDTCToTheSameBytes(_ guest: String) throws {
        guard let dtc = Oracle.require(tool: "dtc") else { return }
        let folder = packageRoot.appendingPathComponent("examples/zcu102/expected/zcu102/\(guest)")
        let result = try Subprocess.run(dtc, args: ["-I", "dts", "-O", "dtb", folder.appendingPathComponent("guest.dts").path])
        #expect(result.status == 0)
        #expect(result.stdout == [UInt8](try Data(contentsOf: folder.appendingPathComponent("guest.dtb"))))
    }

    /// The dom0less partial tree compiles to our bytes, and the domain node merges into the host tree.
    @Test func dom0lessFormCompilesAndMergesIntoTheHostTree() throws {
        guard let dtc = Oracle.require(tool: "dtc") else { return }
        let folder = packageRoot.appendingPathComponent("examples/zcu102/expected/zcu102/serial")
        let partial = try Subprocess.run(dtc, args: ["-I", "dts", "-O", "dtb", folder.appendingPathComponent("dom0less.dts").path])
        #expect(partial.status == 0)
        #expect(partial.stdout == [UInt8](try Data(contentsOf: folder.appendingPathComponent("dom0less.dtb"))))
        try TemporaryDirectory.with { temporary in
            let host = try String(contentsOf: packageRoot.appendingPathComponent("examples/zcu102/zcu102.dts"), encoding: .utf8)
            let merged = temporary.appendingPathComponent("host.dts")
            try Data((host + "/include/ \"\(folder.appendingPathComponent("dom0less.dtsi").path)\"\n").utf8).write(to: merged)
            let result = try Subprocess.run(dtc, args: ["-I", "dts", "-O", "dts", merged.path])
            #expect(result.status == 0, "\(result.stderrText)")
            #expect(result.stdoutText.contains("""
                \t\tdomU-serial {
                \t\t\tcompatible = "xen,domain";
                """))
            #expect(result.stdoutText.contains("compatible = \"multiboot,device-tree\", \"multiboot,module\";\n\t\t\t\treg = <0x00 0x10400000 0x00 0x\(String(try Data(contentsOf: folder.appendingPathComponent("dom0less.dtb")).count, radix: 16))>;"))
        }
    }

    @Test func xlParsesBothConfigs() throws {
        guard let harness = XLOracle.require() else { return }
        let expected = packageRoot.appendingPathComponent("examples/zcu102/expected/zcu102")
        let net = try XLOracle.parse(try String(contentsOf: expected.appendingPathComponent("net/guest.cfg"), encoding: .utf8), harness: harness)
        #expect(net?.filter { $0.hasPrefix("dtdev") || $0.hasPrefix("irq") || $0.hasPrefix("iomem") } == [
            "dtdev=/axi/ethernet@ff0e0000", "irq=95", "iomem=start:0xff0e0 pages:0x1 gfn:0x4020",
        ])
        let serial = try XLOracle.parse(try String(contentsOf: expected.appendingPathComponent("serial/guest.cfg"), encoding: .utf8), harness: harness)
        #expect(serial?.filter { $0.hasPrefix("dtdev") || $0.hasPrefix("irq") || $0.hasPrefix("iomem") } == [
            "irq=54", "iomem=start:0xff010 pages:0x1 gfn:0x4020",
        ])
    }

    @Test func surveyOfTheBoard() throws {
        let result = try Subprocess.run(xenptExecutable, args: ["survey", "examples/zcu102/board.yaml"], currentDirectory: packageRoot)
        #expect(result.status == 0)
        Golden.assertMatches(actual: result.stdoutText, goldenPath: "examples/zcu102/expected/survey.txt")
    }

    /// `xenpt plan --format json` prints the plan document a build writes as plan.json.
    @Test(arguments: ["net", "serial"])
    func planAsJSONIsThePlanDocument(_ guest: String) throws {
        let result = try Subprocess.run(xenptExecutable, args: ["plan", "examples/zcu102/guests/\(guest).yaml", "--format", "json"], currentDirectory: packageRoot)
        #expect(result.status == 0, "\(result.stderrText)")
        Golden.assertMatches(actual: result.stdoutText, goldenPath: "examples/zcu102/expected/zcu102/\(guest)/plan.json")
    }

    /// Waivers are decisions: `xenpt plan` lists each waived finding with the waiver's reason.
    @Test func planListsWaivedFindingsWithTheirReasons() throws {
        let result = try Subprocess.run(xenptExecutable, args: ["plan", "examples/zcu102/guests/serial.yaml"], currentDirectory: packageRoot)
        #expect(result.status == 0, "\(result.stderrText)")
        let waived = result.stdoutText.components(separatedBy: "\nwaived:\n").last ?? ""
        #expect(waived == """
              XPT-CLK-001 warning: clock `pclk` of /axi/serial@ff010000 is also used by /axi/ethernet@ff0e0000 and /axi/serial@ff000000
                reason: LPD_LSBUS stays on: dom0 boots with clk_ignore_unused and the PMU firmware owns the bus clock

            """)
    }
}
