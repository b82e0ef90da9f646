// Clock rules: guests cannot touch host clock controllers; each clock becomes a fixed-clock.

extension RuleDescription {
    /// A clock stand-in needs a rate the tree does not give.
    public static let clockRateUnknown = RuleDescription(
        code: "XPT-CLK-002", name: "clock-rate-unknown", family: .clock, severity: .warning,
        summary: "a guest fixed-clock needs a rate the host tree does not give",
        rationale: "Only `fixed-clock` providers carry their rate; other providers compute it at run time.",
        fix: "give the rate under `clock-rates:` for the device in the board manifest",
        examples: [
            .triggering(
                RuleExample.uartAndI2C(clockedBy: "&clkc 61"),
                guest: RuleExample.passUART
            ),
            .clean(
                RuleExample.uartAndI2C(clockedBy: "&clkc 61"),
                guest: RuleExample.passUART,
                board: """
                devices:
                  /soc/serial@ff000000:
                    clock-rates: { apb_pclk: 100000000 }

                """
            ),
            .clean(
                RuleExample.uartAndI2C(clockedBy: "&osc"),
                guest: RuleExample.passUART
            ),
        ])
}
