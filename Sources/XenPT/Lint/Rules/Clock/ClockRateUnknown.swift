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
                RuleExample.clockProviders + "\n" + """
                serial@ff000000 {
                	compatible = "arm,pl011";
                	reg = <0xff000000 0x1000>;
                	interrupts = <0 21 4>;
                	clocks = <&clkc 61>;
                	clock-names = "apb_pclk";
                };
                i2c@ff020000 {
                	compatible = "cdns,i2c-r1p14";
                	reg = <0xff020000 0x1000>;
                	interrupts = <0 22 4>;
                	clocks = <&clkc 61>;
                };
                """,
                guest: RuleExample.passUART
            ),
            .clean(
                RuleExample.clockProviders + "\n" + """
                serial@ff000000 {
                	compatible = "arm,pl011";
                	reg = <0xff000000 0x1000>;
                	interrupts = <0 21 4>;
                	clocks = <&clkc 61>;
                	clock-names = "apb_pclk";
                };
                i2c@ff020000 {
                	compatible = "cdns,i2c-r1p14";
                	reg = <0xff020000 0x1000>;
                	interrupts = <0 22 4>;
                	clocks = <&clkc 61>;
                };
                """,
                guest: RuleExample.passUART,
                board: """
                devices:
                  /soc/serial@ff000000:
                    clock-rates: { apb_pclk: 100000000 }

                """
            ),
            .clean(
                RuleExample.clockProviders + "\n" + """
                serial@ff000000 {
                	compatible = "arm,pl011";
                	reg = <0xff000000 0x1000>;
                	interrupts = <0 21 4>;
                	clocks = <&osc>;
                	clock-names = "apb_pclk";
                };
                i2c@ff020000 {
                	compatible = "cdns,i2c-r1p14";
                	reg = <0xff020000 0x1000>;
                	interrupts = <0 22 4>;
                	clocks = <&osc>;
                };
                """,
                guest: RuleExample.passUART
            ),
        ])
}
