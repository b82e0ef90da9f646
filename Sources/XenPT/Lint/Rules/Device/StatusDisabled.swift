// Rules about the device itself.

extension RuleDescription {
    /// The host node is disabled.
    public static let statusDisabled = RuleDescription(
        code: "XPT-DEV-002", name: "status-disabled", family: .device, severity: .info,
        summary: "the host node has `status = \"disabled\"`",
        rationale: "It may be disabled for a reason (pins, clocks not set up by firmware); the guest copy is enabled.",
        fix: "check the device works when enabled",
        examples: [
            .triggering(
                """
                serial@ff000000 {
                	compatible = "arm,pl011";
                	reg = <0xff000000 0x1000>;
                	interrupts = <0 21 4>;
                	status = "disabled";
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
