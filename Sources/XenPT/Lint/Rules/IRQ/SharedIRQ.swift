// Interrupt rules: Xen routes only GIC SPIs, 1:1 (virq == irq), one domain per IRQ
// (xen/arch/arm/irq.c route_irq_to_guest, xen/arch/arm/domctl.c).

extension RuleDescription {
    /// The SPI is also used by a device that stays with the host or another guest.
    public static let sharedIRQ = RuleDescription(
        code: "XPT-IRQ-002", name: "shared-irq", family: .irq, severity: .error,
        summary: "an interrupt is shared with a device outside the assignment",
        rationale: """
            An IRQ can be routed to one domain only ("IRQ %u is already used by domain %u"). Error when \
            the other user is enabled, warning when it is disabled.
            """,
        fix: "pass both devices to the same guest, or waive with a reason",
        examples: [
            .triggering(
                RuleExample.uart + "\n" + RuleExample.i2cOnSPI21,
                guest: RuleExample.passUART
            ),
            .clean(
                RuleExample.uart + "\n" + """
                i2c@ff020000 {
                	compatible = "cdns,i2c-r1p14";
                	reg = <0xff020000 0x1000>;
                	interrupts = <0 22 4>;
                };
                """,
                guest: RuleExample.passUART
            ),
            .clean(
                RuleExample.uart + "\n" + RuleExample.i2cOnSPI21,
                guest: """
                passthrough:
                  - /soc/serial@ff000000
                  - /soc/i2c@ff020000

                """
            ),
        ])
}
