// Clock rules: guests cannot touch host clock controllers; each clock becomes a fixed-clock.

extension RuleDescription {
    /// A clock is also used by a device that stays with the host.
    public static let clockShared = RuleDescription(
        code: "XPT-CLK-001", name: "clock-shared", family: .clock, severity: .warning,
        summary: "a clock of the device is also used by a device outside the assignment",
        rationale: "Dom0 may gate or re-rate it under the guest; the guest's fixed-clock cannot follow.",
        fix: "make sure dom0 keeps the clock on (e.g. `clk_ignore_unused`), then waive with a reason")

    /// A clock stand-in needs a rate the tree does not give.
    public static let clockRateUnknown = RuleDescription(
        code: "XPT-CLK-002", name: "clock-rate-unknown", family: .clock, severity: .warning,
        summary: "a guest fixed-clock needs a rate the host tree does not give",
        rationale: "Only `fixed-clock` providers carry their rate; other providers compute it at run time.",
        fix: "give the rate under `clock-rates:` for the device in the board manifest")
}
