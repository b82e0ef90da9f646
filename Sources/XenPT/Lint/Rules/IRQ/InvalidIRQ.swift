// Interrupt rules: Xen routes only GIC SPIs, 1:1 (virq == irq), one domain per IRQ
// (xen/arch/arm/irq.c route_irq_to_guest, xen/arch/arm/domctl.c).

extension RuleDescription {
    /// Not a valid SPI.
    public static let invalidIRQ = RuleDescription(
        code: "XPT-IRQ-004", name: "invalid-irq", family: .irq, severity: .error,
        summary: "an interrupt ID is 1020 or more",
        rationale: "GIC INTIDs 1020-1023 are special and SPIs end at 1019.",
        fix: "correct the interrupt specifier in the host tree",
        examples: [
            .triggering(
                """
                serial@ff000000 {
                	compatible = "arm,pl011";
                	reg = <0xff000000 0x1000>;
                	interrupts = <0 1000 4>;
                };
                """,
                guest: RuleExample.passUART
            ),
            .clean(
                """
                serial@ff000000 {
                	compatible = "arm,pl011";
                	reg = <0xff000000 0x1000>;
                	interrupts = <0 987 4>;
                };
                """,
                guest: RuleExample.passUART
            ),
        ])
}
