// Rules about what the chosen Xen release can do.

extension RuleDescription {
    /// The release lacks a capability the plan needs.
    public static let xenCapabilityMissing = RuleDescription(
        code: "XPT-XEN-001", name: "xen-capability-missing", family: .xen, severity: .error,
        summary: "the chosen Xen release cannot do what the plan needs",
        rationale: "Features arrived release by release (IRQ passthrough 4.6, generic `iommus` 4.13, SMMUv3 4.15, …).",
        fix: "move to a Xen release that has it",
        examples: [
            .triggering(
                """
                serial@ff000000 {
                	compatible = "arm,pl011";
                	reg = <0xff000000 0x1000>;
                	interrupts = <0 21 4>;
                };
                """,
                guest: """
                passthrough:
                  - ↓/soc/serial@ff000000

                """,
                xen: "4.5"
            ),
            .clean(
                """
                serial@ff000000 {
                	compatible = "arm,pl011";
                	reg = <0xff000000 0x1000>;
                	interrupts = <0 21 4>;
                };
                """,
                guest: """
                passthrough:
                  - ↓/soc/serial@ff000000

                """,
                xen: "4.6"
            ),
        ])
}
