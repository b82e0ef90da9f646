// Interrupt rules: Xen routes only GIC SPIs, 1:1 (virq == irq), one domain per IRQ
// (xen/arch/arm/irq.c route_irq_to_guest, xen/arch/arm/domctl.c).

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// A PPI cannot be given to a guest.
    public static let ppiNotAssignable = RuleDescription(
        code: "XPT-IRQ-001", name: "ppi-not-assignable", family: .irq, severity: .error,
        summary: "a private peripheral interrupt (PPI) is requested",
        rationale: "Xen routes only SPIs to guests (\"IRQ can only be routed to an SPI\").",
        fix: "keep the device in dom0",
        examples: [
            .triggering(
                """
                serial@ff000000 {
                	compatible = "arm,pl011";
                	reg = <0xff000000 0x1000>;
                	interrupts = <1 9 4>;
                };
                """,
                guest: RuleExample.passUART
            ),
            .clean(
                RuleExample.uart,
                guest: RuleExample.passUART
            ),
        ])
}

extension LintRule {
    /// Raises every PPI of a passed-through device.
    public static let ppiNotAssignable = LintRule(.ppiNotAssignable) { input in
        input.devices.flatMap { device, request in
            device.interrupts.compactMap { interrupt in
                guard case .ppi(let number, let intid) = interrupt.route else { return nil }
                return RuleDescription.ppiNotAssignable.diagnostic(
                    "interrupt \(interrupt.index) of \(interrupt.nodePath) is PPI \(number)",
                    at: Label(request.reference.range, "PPI \(number) (INTID \(intid))"),
                    notes: input.hostLocationNote(interrupt.node), devicePath: interrupt.nodePath,
                    fields: [.number("interrupt", interrupt.index), .number("intid", intid), .number("ppi", number)])
            }
        }
    }
}
