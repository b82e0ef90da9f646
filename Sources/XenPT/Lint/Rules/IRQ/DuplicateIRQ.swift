// Interrupt rules: Xen routes only GIC SPIs, 1:1 (virq == irq), one domain per IRQ
// (xen/arch/arm/irq.c route_irq_to_guest, xen/arch/arm/domctl.c).

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// The same SPI twice inside the assignment.
    public static let duplicateIRQ = RuleDescription(
        code: "XPT-IRQ-003", name: "duplicate-irq", family: .irq, severity: .info,
        summary: "an interrupt appears twice inside the assignment",
        rationale: "`irqs` lists each interrupt once; the duplicate is dropped.",
        fix: "nothing to do",
        examples: [
            .triggering(
                """
                serial@ff000000 {
                	compatible = "arm,pl011";
                	reg = <0xff000000 0x1000>;
                	interrupts = <0 21 4>, <0 21 4>;
                };
                """,
                guest: RuleExample.passUART
            ),
            .clean(
                """
                serial@ff000000 {
                	compatible = "arm,pl011";
                	reg = <0xff000000 0x1000>;
                	interrupts = <0 21 4>, <0 22 4>;
                };
                """,
                guest: RuleExample.passUART
            ),
        ])
}

extension LintRule {
    /// Raises an INTID listed twice within one passed-through device.
    public static let duplicateIRQ = LintRule(.duplicateIRQ) { input in
        input.devices.flatMap { device, request in
            device.routedSPIs.compactMap { routed in
                routed.firstUser.map { first in
                    RuleDescription.duplicateIRQ.diagnostic(
                        "INTID \(routed.interruptID) of \(routed.interrupt.nodePath) is also used by \(first) in this guest",
                        at: Label(request.reference.range), devicePath: routed.interrupt.nodePath)
                }
            }
        }
    }
}
