// Clock rules: guests cannot touch host clock controllers; each clock becomes a fixed-clock.

extension RuleDescription {
    /// A clock is also used by a device that stays with the host.
    public static let clockShared = RuleDescription(
        code: "XPT-CLK-001", name: "clock-shared", family: .clock, severity: .warning,
        summary: "a clock of the device is also used by a device outside the assignment",
        rationale: "Dom0 may gate or re-rate it under the guest; the guest's fixed-clock cannot follow.",
        fix: "make sure dom0 keeps the clock on (e.g. `clk_ignore_unused`), then waive with a reason",
        examples: [
            .triggering(
                RuleExample.uartAndI2C(clockedBy: "&clkc 61"),
                guest: RuleExample.passUART
            ),
            .clean(
                RuleExample.uartAndI2C(clockedBy: "&osc"),
                guest: RuleExample.passUART
            ),
        ])
}
