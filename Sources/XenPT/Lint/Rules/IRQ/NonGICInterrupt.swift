// Interrupt rules: Xen routes only GIC SPIs, 1:1 (virq == irq), one domain per IRQ
// (xen/arch/arm/irq.c route_irq_to_guest, xen/arch/arm/domctl.c).

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
