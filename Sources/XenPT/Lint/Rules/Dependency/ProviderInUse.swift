// Dependency rules: what the guest copy loses, and what the host loses.

extension RuleDescription {
    /// The device provides something to host devices.
    public static let providerInUse = RuleDescription(
        code: "XPT-DEP-003", name: "provider-in-use", family: .dependency, severity: .error,
        summary: "the device provides a clock, GPIO, mailbox or similar to devices that stay with the host",
        rationale: "Once the guest owns it, dom0 drivers that depend on it fail or hang.",
        fix: "pass the users to the same guest, or keep the provider in dom0",
        examples: [
            .triggering(
                RuleExample.gpioController + "\n" + """
                button {
                	compatible = "gpio-keys";
                	interrupt-parent = <&gpio>;
                	interrupts = <27 2>;
                };
                """,
                guest: """
                passthrough:
                  - ↓/soc/gpio@ff0a0000

                """
            ),
            .clean(
                RuleExample.gpioController,
                guest: """
                passthrough:
                  - /soc/gpio@ff0a0000

                """
            ),
        ])
}
