import Foundation
import Testing
import XenPTTestSupport

/// The boot oracle's reading of a serial line, on excerpts of real boots (Xen 4.17, QEMU virt),
/// so its verdicts are pinned even where QEMU cannot run.
@Suite struct XenBootLogTests {
    static let rtcRun = PlannedAssignment.MemoryRun(hostFrame: 0x9010, pages: 1, guestFrame: 0x4020)

    static func planned() throws -> PlannedAssignment {
        try PlannedAssignment(plan: packageRoot.appendingPathComponent("examples/qemu-virt/expected/qemu-virt/rtc/plan.json"))
    }

    static let dom0less = """
        (XEN) *** Serial input to DOM0 (type 'CTRL-a' three times to switch input)
        (XEN) DOM1: [    0.587576] rtc-pl031 4020000.pl031: registered as rtc0
        (XEN) DOM1: XENPT-GUEST-INIT
        (XEN) DOM1: XENPT-BOUND rtc-pl031 4020000.pl031
        (XEN) DOM1: XENPT-RESOURCE \t0000000004020000\t0000000004020fff\t0000000000000200
        (XEN) DOM1: XENPT-IRQ 13:          1     GICv3  34 Level     rtc-pl031
        (XEN) DOM1: XENPT-DONE
        (XEN) *** Serial input to Xen (type 'CTRL-a' three times to switch input)
        (XEN) 'q' pressed -> dumping domain info (now = 12163605296)
        (XEN) Rangesets belonging to domain 1:
        (XEN)     Interrupts { 34 }
        (XEN)     I/O Memory { 9010-9011 }
        (XEN) NODE affinity for domain 1: [0]
        """

    static let xl = """
        libxl: debug: libxl_arm.c:1151:libxl__prepare_dtb:  - Partial device tree provided: /etc/xen/qemu-virt/rtc/guest.dtb
        libxl: debug: libxl_create.c:1696:domcreate_launch_dm: Domain 1:irq 34
        libxl: debug: libxl_create.c:1710:domcreate_launch_dm: Domain 1:iomem 9010-9010
        XENPT-XL-CREATE status=0
        [guest] XENPT-BOUND rtc-pl031 4020000.pl031
        [guest] XENPT-IRQ 15:          1     GICv3  34 Level     rtc-pl031
        [guest] XENPT-DONE
        XENPT-DOM0-DONE
        (XEN) Rangesets belonging to domain 0:
        (XEN)     Interrupts { 34-39, 48-79 }
        (XEN)     I/O Memory { 0-8000, 9010-9011, 9020-9021 }
        (XEN) Rangesets belonging to domain 1:
        (XEN)     Interrupts { }
        (XEN)     I/O Memory { 9010 }
        """

    static let finished = "xenboot: end=XENPT-DONE boot=4.8s total=6.3s\n"

    @Test func thePlanGivesInterruptsAndFrames() throws {
        let rtc = try Self.planned()
        #expect(rtc.irqs == [34])
        #expect(rtc.memory == [Self.rtcRun])
        // Without "@GFN" the guest frame is the host frame.
        let gpio = try PlannedAssignment(plan: packageRoot.appendingPathComponent("examples/qemu-virt/expected/qemu-virt-gpio/gpio/plan.json"))
        #expect(gpio.irqs == [39])
        #expect(gpio.memory == [.init(hostFrame: 0x9030, pages: 1, guestFrame: 0x9030)])
    }

    @Test func aWorkingBootHasNoProblems() throws {
        #expect(XenBootLog(text: Self.dom0less, harness: Self.finished).problems(plan: try Self.planned(), path: .dom0less) == [])
        #expect(XenBootLog(text: Self.xl, harness: "xenboot: end=XENPT-DOM0-DONE\n").problems(plan: try Self.planned(), path: .xl) == [])
    }

    @Test func xenErrorLinesAndOtherRangesetsAreProblems() throws {
        let text = Self.dom0less
            .replacingOccurrences(of: "(XEN) DOM1: XENPT-GUEST-INIT", with: "(XEN) Couldn't find node /pl031@9010001 in host_dt!\n(XEN) Failed to assign device to d1\n(XEN) DOM1: XENPT-GUEST-INIT")
            .replacingOccurrences(of: "Interrupts { 34 }", with: "Interrupts { }")
            .replacingOccurrences(of: "I/O Memory { 9010-9011 }", with: "I/O Memory { 9020-9021 }")
        #expect(XenBootLog(text: text, harness: Self.finished).problems(plan: try Self.planned(), path: .dom0less) == [
            "Xen reported: (XEN) Couldn't find node /pl031@9010001 in host_dt!",
            "Xen reported: (XEN) Failed to assign device to d1",
            "domain 1 may use interrupts {  }, planned { 34 }",
            "domain 1 may map frames { 9020-9021 }, planned { 9010-9011 }",
        ])
    }

    @Test func theGuestMustBindAtThePlannedAddressAndTakeTheInterrupt() throws {
        let text = Self.dom0less
            .replacingOccurrences(of: "XENPT-BOUND rtc-pl031 4020000.pl031", with: "XENPT-BOUND rtc-pl031 9010000.pl031")
            .replacingOccurrences(of: "13:          1     GICv3  34", with: "13:          0     GICv3  34")
            + "\n(XEN) DOM1: [    0.390282] Kernel panic - not syncing: Oops: Fatal exception"
        #expect(XenBootLog(text: text, harness: Self.finished).problems(plan: try Self.planned(), path: .dom0less) == [
            "a kernel panicked: (XEN) DOM1: [    0.390282] Kernel panic - not syncing: Oops: Fatal exception",
            "the guest did not bind rtc-pl031 at 0x4020000 (XENPT-BOUND rtc-pl031 9010000.pl031)",
            "the guest took no interrupt 34",
        ])
    }

    @Test func xlMustRouteTheInterruptAndCreateTheDomain() throws {
        let text = Self.xl
            .replacingOccurrences(of: "Domain 1:irq 34\n", with: "")
            .replacingOccurrences(of: "XENPT-XL-CREATE status=0", with: "libxl: error: libxl_create.c:1172:domcreate_launch_dm: failed give domain access to irq 2: Operation not permitted\nXENPT-XL-CREATE status=1")
        #expect(XenBootLog(text: text, harness: "xenboot: end=XENPT-DOM0-DONE\n").problems(plan: try Self.planned(), path: .xl) == [
            "Xen reported: libxl: error: libxl_create.c:1172:domcreate_launch_dm: failed give domain access to irq 2: Operation not permitted",
            "libxl did not route irq 34 to domain 1",
            "xl create failed",
        ])
    }

    @Test func anUnfinishedBootIsAProblem() throws {
        let cut = String(Self.dom0less[..<(try #require(Self.dom0less.range(of: "(XEN) DOM1: XENPT-GUEST-INIT"))).lowerBound])
        #expect(XenBootLog(text: cut, harness: "xenboot: timeout: no end marker after 90.0 s\nxenboot: end=timeout boot=90.0s total=90.0s\n")
            .problems(plan: try Self.planned(), path: .dom0less) == [
                "the boot did not finish: xenboot: timeout: no end marker after 90.0 s; xenboot: end=timeout boot=90.0s total=90.0s",
                "Xen printed no rangesets for domain 1",
                "the guest did not bind rtc-pl031 at 0x4020000 (no driver report)",
                "the guest took no interrupt 34",
            ])
    }
}
