import Foundation
import Testing
import XenPTTestSupport

/// The QEMU `virt` example: its host tree is QEMU's own, the PL031 RTC goes to a guest that
/// boots both ways (xl and dom0less), and the PL061 GPIO is refused while `/gpio-keys` stays
/// with the host and passes on the board variant without it (a dom0less guest). Booting these artifacts on Xen
/// is `QEMUVirtBootTests`.
@Suite struct QEMUVirtExampleTests {
    static let artifacts = [
        "qemu-virt-gpio/gpio/dom0less.dtb", "qemu-virt-gpio/gpio/dom0less.dts", "qemu-virt-gpio/gpio/dom0less.dtsi",
        "qemu-virt-gpio/gpio/guest.cfg", "qemu-virt-gpio/gpio/guest.dtb", "qemu-virt-gpio/gpio/guest.dts",
        "qemu-virt-gpio/gpio/plan.json", "qemu-virt-gpio/host/passthrough.dtso", "qemu-virt-gpio/host/uboot-passthrough.cmd",
        "qemu-virt/host/passthrough.dtso", "qemu-virt/host/uboot-passthrough.cmd",
        "qemu-virt/rtc/dom0less.dtb", "qemu-virt/rtc/dom0less.dts", "qemu-virt/rtc/dom0less.dtsi",
        "qemu-virt/rtc/guest.cfg", "qemu-virt/rtc/guest.dtb", "qemu-virt/rtc/guest.dts", "qemu-virt/rtc/plan.json",
    ]
    static let expected = packageRoot.appendingPathComponent("examples/qemu-virt/expected")

    @Test func buildWritesTheExpectedArtifacts() throws {
        try TemporaryDirectory.with { out in
            let result = try Subprocess.run(xenptExecutable, args: ["build", "examples/qemu-virt", "--out", out.path], currentDirectory: packageRoot)
            #expect(result.status == 0, "\(result.stderrText)")
            // The no-iommu and xen-reserved-virq findings of these register-only devices are infos.
            #expect(result.stderrText == "6 infos (see the infos with --show-info)\n")
            let written = (FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String] ?? [])
                .filter { $0.contains(".") }.sorted()
            #expect(written == Self.artifacts)
            for artifact in Self.artifacts {
                let bytes = try [UInt8](Data(contentsOf: out.appendingPathComponent(artifact)))
                Golden.assertMatches(actual: bytes, goldenPath: "examples/qemu-virt/expected/\(artifact)")
            }
        }
    }

    @Test(arguments: ["qemu-virt/rtc/guest", "qemu-virt/rtc/dom0less", "qemu-virt-gpio/gpio/guest", "qemu-virt-gpio/gpio/dom0less"])
    func guestTreesCompileWithDTCToTheSameBytes(_ tree: String) throws {
        guard let dtc = Oracle.require(tool: "dtc") else { return }
        let result = try Subprocess.run(dtc, args: ["-I", "dts", "-O", "dtb", Self.expected.appendingPathComponent("\(tree).dts").path])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdout == [UInt8](try Data(contentsOf: Self.expected.appendingPathComponent("\(tree).dtb"))))
    }

    /// `qemu-virt.dts` is the tree QEMU itself generates for the machine the boot tests run:
    /// dumped afresh, both decompile to the same text but for the random `/chosen` seeds.
    @Test func hostTreeIsQEMUsOwnTree() throws {
        guard let dtc = Oracle.require(tool: "dtc"), let qemu = Oracle.require(tool: "qemu-system-aarch64") else { return }
        try TemporaryDirectory.with { folder in
            let dumped = folder.appendingPathComponent("dumped.dtb").path
            let dump = try Subprocess.run(qemu, args: [
                "-machine", "virt,virtualization=true,gic-version=3", "-cpu", "cortex-a57", "-smp", "1", "-m", "2G",
                "-machine", "dumpdtb=\(dumped)", "-display", "none",
            ])
            #expect(dump.status == 0, "\(dump.stderrText)")
            let ours = folder.appendingPathComponent("ours.dtb").path
            #expect(try Subprocess.run(dtc, args: ["-I", "dts", "-O", "dtb", "-o", ours, "examples/qemu-virt/qemu-virt.dts"], currentDirectory: packageRoot).status == 0)
            func text(_ dtb: String) throws -> String {
                try Subprocess.run(dtc, args: ["-I", "dtb", "-O", "dts", dtb]).stdoutText
                    .replacingOccurrences(of: #"(rng-seed|kaslr-seed) = <[^>]*>"#, with: "$1 = <random>", options: .regularExpression)
            }
            let theirs = try text(dumped)
            #expect(theirs.contains("rng-seed = <random>;"))
            #expect(try text(ours) == theirs)
        }
    }

    /// xenpt's own compiler reads both host trees (the variant `/include/`s the first) to dtc's bytes.
    @Test(arguments: ["examples/qemu-virt/qemu-virt.dts", "examples/qemu-virt/gpio/qemu-virt-gpio.dts"])
    func hostTreesCompileLikeDTC(_ source: String) throws {
        guard let dtc = Oracle.require(tool: "dtc") else { return }
        try TemporaryDirectory.with { folder in
            let ours = folder.appendingPathComponent("xenpt.dtb").path
            let compiled = try Subprocess.run(xenptExecutable, args: ["dt", "compile", source, "-o", ours], currentDirectory: packageRoot)
            #expect(compiled.status == 0, "\(compiled.stderrText)")
            let reference = try Subprocess.run(dtc, args: ["-I", "dts", "-O", "dtb", source], currentDirectory: packageRoot)
            #expect(reference.status == 0)
            #expect(reference.stderrText == "", "dtc warned: \(reference.stderrText)")
            #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: ours))) == reference.stdout)
        }
    }

    @Test func xlParsesBothConfigs() throws {
        guard let harness = XLOracle.require() else { return }
        let rtc = try XLOracle.parse(try String(contentsOf: Self.expected.appendingPathComponent("qemu-virt/rtc/guest.cfg"), encoding: .utf8), harness: harness)
        #expect(rtc == [
            "name=rtc", "memory=256", "vcpus=1", "kernel=/etc/xen/qemu-virt/rtc/Image", "ramdisk=/etc/xen/qemu-virt/rtc/initrd.cpio",
            "cmdline=console=ttyAMA0 earlycon=pl011,mmio32,0x22000000 rdinit=/init oops=panic",
            "gic_version=v3", "vuart=sbsa_uart",
            "device_tree=/etc/xen/qemu-virt/rtc/guest.dtb", "irq=34", "iomem=start:0x9010 pages:0x1 gfn:0x4020",
        ])
        let gpio = try XLOracle.parse(try String(contentsOf: Self.expected.appendingPathComponent("qemu-virt-gpio/gpio/guest.cfg"), encoding: .utf8), harness: harness)
        #expect(gpio?.filter { $0.hasPrefix("dtdev") || $0.hasPrefix("irq") || $0.hasPrefix("iomem") } == [
            "irq=39", "iomem=start:0x9030 pages:0x1 gfn:0x9030",
        ])
    }

    @Test func surveyOfTheBoard() throws {
        let result = try Subprocess.run(xenptExecutable, args: ["survey", "examples/qemu-virt/board.yaml"], currentDirectory: packageRoot)
        #expect(result.status == 0)
        Golden.assertMatches(actual: result.stdoutText, goldenPath: "examples/qemu-virt/expected/survey.txt")
    }

    /// The GPIO guest on QEMU's tree as is: refused, because `/gpio-keys` keeps using line 3.
    @Test func gpioIsRefusedWhileGPIOKeysStaysWithTheHost() throws {
        try TemporaryDirectory.with { folder in
            let example = packageRoot.appendingPathComponent("examples/qemu-virt")
            for file in ["board.yaml", "qemu-virt.dts"] {
                try FileManager.default.copyItem(at: example.appendingPathComponent(file), to: folder.appendingPathComponent(file))
            }
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("guests"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: example.appendingPathComponent("gpio/guests/gpio.yaml"), to: folder.appendingPathComponent("guests/gpio.yaml"))
            let result = try Subprocess.run(xenptExecutable, args: ["lint", "guests/gpio.yaml", "--format", "concise"], currentDirectory: folder)
            #expect(result.status == 1)
            #expect(result.stdoutText + result.stderrText == """
                guests/gpio.yaml:14:13: error[XPT-DEP-003]: /pl061@9030000 is used by /gpio-keys/poweroff (`gpios`), which stays with the host

                """)
        }
    }
}
