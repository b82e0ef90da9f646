// Waivers: every accepted finding needs a reason, and a stale waiver is itself a finding.

extension RuleDescription {
    /// A waiver matches no finding.
    public static let unusedWaiver = RuleDescription(
        code: "XPT-WAIVE-001", name: "unused-waiver", family: .trust, severity: .warning,
        summary: "a waiver matches no finding",
        rationale: "A stale waiver hides the next real finding of that rule at that place.",
        fix: "remove the waiver, or correct its `rule:` and `at:`",
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
                  - /soc/serial@ff000000
                waive:
                  - rule: ↓shared-irq
                    at: /soc/serial@ff000000
                    reason: "the i2c block is never enabled"

                """
            ),
            .clean(
                """
                serial@ff000000 {
                	compatible = "arm,pl011";
                	reg = <0xff000000 0x1000>;
                	interrupts = <0 21 4>;
                };
                i2c@ff020000 {
                	compatible = "cdns,i2c-r1p14";
                	reg = <0xff020000 0x1000>;
                	interrupts = <0 21 4>;
                };
                """,
                guest: """
                passthrough:
                  - /soc/serial@ff000000
                waive:
                  - rule: shared-irq
                    at: /soc/serial@ff000000
                    reason: "the i2c block is never enabled"

                """
            ),
        ])
}
