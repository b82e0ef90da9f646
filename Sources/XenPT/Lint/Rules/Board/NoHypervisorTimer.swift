// Board rules: what Xen itself needs from the host tree before any guest matters.

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// No architected timer with the hypervisor interrupt.
    public static let noHypervisorTimer = RuleDescription(
        code: "XPT-BOARD-002", name: "no-hypervisor-timer", family: .board, severity: .warning,
        summary: "the host tree has no architected timer with the hypervisor timer interrupt",
        rationale: """
            Xen runs on the Arm generic timer: it looks for an `arm,armv7-timer` or `arm,armv8-timer` node \
            ("Unable to find a compatible timer in the device tree", xen/arch/arm/time.c, \
            preinit_dt_xen_time) and reads its interrupts in order: secure physical, non-secure physical, \
            virtual and hypervisor (EL2) physical, or by the names `sec-phys`, `phys`, `virt`, `hyp-phys` \
            when `interrupt-names` is set; the fifth, `hyp-virt`, is optional. Without the fourth, the \
            hypervisor timer Xen schedules with, it panics ("Timer: Unable to retrieve IRQ 3 from the device \
            tree", init_dt_xen_time). A board check, reported once per board: a warning, since the guest \
            artifacts are right for the tree as given, but Xen does not boot on this tree.
            """,
        fix: "give the timer node its four PPIs, in order: secure, non-secure, virtual, hypervisor (typically PPIs 13, 14, 11 and 10)",
        examples: [
            .triggeringBoard(RuleExample.xenHost(timer: RuleExample.xenTimer.replacingOccurrences(of: ", <1 10 0xf08>", with: ""))),
            .triggeringBoard(RuleExample.xenHost(timer: "")),
            .cleanBoard(RuleExample.xenHost()),
        ])
}

extension BoardRule {
    /// Timer compatibles Xen matches (xen/arch/arm/include/asm/time.h, DT_MATCH_TIMER).
    static let xenTimers: Set<String> = ["arm,armv7-timer", "arm,armv8-timer"]

    /// Raises a host tree without an architected timer, or whose timer lacks one of the four
    /// interrupts Xen reads.
    public static let noHypervisorTimer = BoardRule(.noHypervisorTimer) { input in
        let index = input.index
        let rule = RuleDescription.noHypervisorTimer
        guard let timer = input.enabledNodes(compatibleWith: xenTimers).first else {
            return [input.finding(rule, "the host tree has no architected timer (`arm,armv8-timer` or `arm,armv7-timer`)",
                                  node: nil, label: "Xen panics at boot without one")]
        }
        let path = index.path(timer)
        if let names = index.property("interrupt-names", of: timer)?.strings {
            let missing = ["sec-phys", "phys", "virt", "hyp-phys"].filter { !names.contains($0) }
            guard !missing.isEmpty else { return [] }
            return [input.finding(rule, "timer \(path) names no `\(missing.joined(separator: "`, `"))` interrupt",
                                  node: timer, label: "Xen panics at boot: it reads the timer interrupts by name")]
        }
        let count = (try? index.interrupts(of: timer))?.count ?? 0
        guard count < 4 else { return [] }
        return [input.finding(
            rule, "timer \(path) lists \(count) interrupt\(count == 1 ? "" : "s"); Xen needs four, the fourth the hypervisor timer",
            node: timer, label: "Xen panics at boot without the hypervisor timer interrupt")]
    }
}
