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
                RuleExample.uart,
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
                RuleExample.uart + "\n" + RuleExample.i2cOnSPI21,
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
