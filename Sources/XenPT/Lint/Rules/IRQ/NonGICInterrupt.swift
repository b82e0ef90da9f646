// Interrupt rules: Xen routes only GIC SPIs, 1:1 (virq == irq), one domain per IRQ
// (xen/arch/arm/irq.c route_irq_to_guest, xen/arch/arm/domctl.c).

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// The interrupt does not go to the GIC.
    public static let nonGICInterrupt = RuleDescription(
        code: "XPT-IRQ-005", name: "non-gic-interrupt", family: .irq, severity: .warning,
        summary: "an interrupt's parent is not the GIC",
        rationale: """
            Xen skips interrupts of other controllers silently (xen/arch/arm/device.c), so the guest never \
            sees them. Error when no routable interrupt is left for the device, warning otherwise.
            """,
        fix: "route the interrupt to the GIC in the host tree, or accept polling and waive",
        examples: [
            .triggering(
                RuleExample.gpioController + "\n" + """
                serial@ff000000 {
                	compatible = "arm,pl011";
                	reg = <0xff000000 0x1000>;
                	interrupts-extended = <&gic 0 21 4>, <&gpio 3 8>;
                };
                """,
                guest: RuleExample.passUART
            ),
            .clean(
                RuleExample.gpioController + "\n" + RuleExample.uart,
                guest: RuleExample.passUART
            ),
        ])
}

extension LintRule {
    /// Raises interrupts whose controller is not the GIC: a warning when the device has others
    /// that are routed, an error when none is.
    public static let nonGICInterrupt = LintRule(.nonGICInterrupt) { input in
        input.devices.flatMap { device, request in
            let routed = device.interrupts.contains { $0.interruptID != nil }
            return device.interrupts.filter { $0.route == .notGIC }.map { interrupt in
                RuleDescription.nonGICInterrupt.diagnostic(
                    "interrupt \(interrupt.index) of \(interrupt.nodePath) goes to \(interrupt.controllerPath), not the GIC",
                    severity: routed ? .warning : .error,
                    at: Label(request.reference.range, "Xen cannot route it; it is left out of the guest"),
                    notes: input.hostLocationNote(interrupt.node), devicePath: interrupt.nodePath,
                    related: [RelatedNode(interrupt.controllerPath, "the interrupt controller, not the GIC")],
                    fields: [.number("interrupt", interrupt.index), .text("controller", interrupt.controllerPath), .numbers("specifier", interrupt.specifier)])
            }
        }
    }
}
