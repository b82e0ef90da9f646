import Foundation
import Testing
import XenPTTestSupport

/// Xen as the oracle: the `rtc` guest of `examples/qemu-virt`, built by xenpt, booted on Xen 4.17
/// under QEMU both ways (dom0less, and dom0 + `xl create`), must show from Xen's side exactly
/// the planned interrupts and frames and from the guest's side the RTC driver bound at the
/// planned guest address with its alarm interrupt taken; the `gpio` guest of the board variant
/// gets its PL061 the same way. Mutated artifacts must fail for the
/// right reason. Boots run one at a time (TCG is CPU-bound); without QEMU they skip visibly.
@Suite(.serialized) struct QEMUVirtBootTests {
    /// One guest of the example to boot, and what xenpt must have planned for it.
    struct Target {
        var board: String
        var host: String
        var guest: String
        var device: GuestDevice
        var irqs: [UInt64]
        var memory: [PlannedAssignment.MemoryRun]

        /// The PL031 RTC on QEMU's own tree, at guest address 0x4020000.
        static let rtc = Target(board: "qemu-virt", host: "examples/qemu-virt/qemu-virt.dts", guest: "rtc", device: .rtc,
                                irqs: [34], memory: [.init(hostFrame: 0x9010, pages: 1, guestFrame: 0x4020)])
        /// The PL061 GPIO on the tree without `/gpio-keys`, mapped 1:1.
        static let gpio = Target(board: "qemu-virt-gpio", host: "examples/qemu-virt/gpio/qemu-virt-gpio.dts", guest: "gpio", device: .gpio,
                                 irqs: [39], memory: [.init(hostFrame: 0x9030, pages: 1, guestFrame: 0x9030)])
    }

    /// Builds the example, lets `mutate` change the target guest's artifacts, boots it and
    /// returns what went wrong (nil when the boot could not run here).
    func problems(
        _ path: XenBoot.Path,
        _ target: Target = .rtc,
        sourceLocation: SourceLocation = #_sourceLocation,
        mutate: (URL) throws -> Void = { _ in }
    ) throws -> [String]? {
        guard XenBoot.require(path, sourceLocation: sourceLocation) else { return nil }
        return try TemporaryDirectory.with(prefix: "xen-boot") { out in
            let build = try Subprocess.run(xenptExecutable, args: ["build", "examples/qemu-virt", "--out", out.path], currentDirectory: packageRoot)
            #expect(build.status == 0, "\(build.stderrText)", sourceLocation: sourceLocation)
            let board = out.appendingPathComponent(target.board)
            let guest = board.appendingPathComponent(target.guest)
            let plan = try PlannedAssignment(plan: guest.appendingPathComponent("plan.json"))
            #expect(plan.irqs == target.irqs && plan.memory == target.memory, sourceLocation: sourceLocation)
            try mutate(guest)
            let (status, log) = try XenBoot.boot(path, host: packageRoot.appendingPathComponent(target.host), boardOut: board,
                                                 guest: target.guest, timeout: path == .dom0less ? 120 : 240)
            print(log.harness.split(separator: "\n").filter { $0.contains("end=") || $0.contains("error") }.joined(separator: "\n"))
            let problems = log.problems(plan: plan, path: path, device: target.device)
            for problem in problems { print("xen boot: \(problem)") }
            if problems.isEmpty { #expect(status == 0, "\(log.harness)", sourceLocation: sourceLocation) }
            return problems
        }
    }

    /// Replaces `old` by `new` in the guest's `dom0less.dts` (which must contain it) and
    /// recompiles `dom0less.dtb` with dtc, keeping the module size in `dom0less.dtsi` true.
    func editDom0less(_ guest: URL, replacing old: String, with new: String) throws {
        let source = guest.appendingPathComponent("dom0less.dts")
        let text = try String(contentsOf: source, encoding: .utf8)
        try #require(text.contains(old))
        try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: source)
        let dtb = guest.appendingPathComponent("dom0less.dtb")
        let oldSize = try Data(contentsOf: dtb).count
        let compiled = try Subprocess.run("dtc", args: ["-q", "-I", "dts", "-O", "dtb", "-o", dtb.path, source.path])
        try #require(compiled.status == 0, "\(compiled.stderrText)")
        let newSize = try Data(contentsOf: dtb).count
        let node = guest.appendingPathComponent("dom0less.dtsi")
        let domain = try String(contentsOf: node, encoding: .utf8)
        let oldReg = "0 0x52c00000 0 0x\(String(oldSize, radix: 16))>"
        try #require(domain.contains(oldReg))
        try Data(domain.replacingOccurrences(of: oldReg, with: "0 0x52c00000 0 0x\(String(newSize, radix: 16))>").utf8).write(to: node)
    }

    @Test func dom0lessGuestDrivesTheRTC() throws {
        guard let problems = try problems(.dom0less) else { return }
        #expect(problems == [])
    }

    @Test func xlGuestDrivesTheRTC() throws {
        guard let problems = try problems(.xl) else { return }
        #expect(problems == [])
    }

    /// The board variant without `/gpio-keys`: Xen boots on it and the guest binds the PL061.
    @Test func dom0lessGuestGetsTheGPIOOnTheVariantBoard() throws {
        guard let problems = try problems(.dom0less, .gpio) else { return }
        #expect(problems == [])
    }

    /// `xen,reg` maps the frame at another guest address than the node's `reg`: the guest's
    /// driver finds nothing at 0x4020000.
    @Test func aWrongXenRegFails() throws {
        guard let problems = try problems(.dom0less, mutate: { guest in
            try editDom0less(guest, replacing: "xen,reg = <0 0x9010000 0 0x1000 0 0x4020000>", with: "xen,reg = <0 0x9010000 0 0x1000 0 0x4030000>")
        }) else { return }
        #expect(problems.contains { $0.hasPrefix("the guest did not bind rtc-pl031 at 0x4020000") }, "\(problems)")
    }

    /// Without `xen,force-assign-without-iommu` Xen 4.17 will not assign a device no IOMMU protects.
    @Test func aMissingForceFlagFails() throws {
        guard let problems = try problems(.dom0less, mutate: { guest in
            try editDom0less(guest, replacing: "\t\t\txen,force-assign-without-iommu;\n", with: "")
        }) else { return }
        #expect(problems.contains { $0.hasPrefix("Xen reported:") }, "\(problems)")
    }

    /// `xen,path` naming a node the host tree does not have.
    @Test func aWrongXenPathFails() throws {
        guard let problems = try problems(.dom0less, mutate: { guest in
            try editDom0less(guest, replacing: "xen,path = \"/pl031@9010000\"", with: "xen,path = \"/pl031@9010001\"")
        }) else { return }
        #expect(problems.contains { $0.hasPrefix("Xen reported:") && $0.contains("Couldn't find node /pl031@9010001") }, "\(problems)")
    }

    /// `iomem` maps the frame at another guest frame than the partial tree's `reg`.
    @Test func aWrongIomemGuestFrameFails() throws {
        guard let problems = try problems(.xl, mutate: { guest in
            let config = guest.appendingPathComponent("guest.cfg")
            let text = try String(contentsOf: config, encoding: .utf8)
            try #require(text.contains("iomem = [ \"0x9010,0x1@0x4020\" ]"))
            try Data(text.replacingOccurrences(of: "@0x4020\"", with: "@0x4030\"").utf8).write(to: config)
        }) else { return }
        #expect(problems.contains { $0.hasPrefix("the guest did not bind rtc-pl031 at 0x4020000") }, "\(problems)")
    }
}
