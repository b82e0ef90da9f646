// Interrupt rules: Xen routes only GIC SPIs, 1:1 (virq == irq), one domain per IRQ
// (xen/arch/arm/irq.c route_irq_to_guest, xen/arch/arm/domctl.c).

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
