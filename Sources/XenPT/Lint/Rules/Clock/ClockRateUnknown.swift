// Clock rules: guests cannot touch host clock controllers; each clock becomes a fixed-clock.

import DeviceTree
import Diagnostics

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

extension LintRule {
    /// Raises a clock whose stand-in has no rate.
    public static let clockRateUnknown = LintRule(.clockRateUnknown) { input in
        input.devices.flatMap { device, request in
            device.clockUses.filter { $0.createsStandIn && $0.rate == nil }.map { use in
                RuleDescription.clockRateUnknown.diagnostic(
                    "clock `\(use.clockName)` of \(use.consumerPath) from \(input.index.path(use.provider)) has no known rate",
                    at: Label(request.reference.range, "needs a rate for its fixed-clock stand-in"),
                    notes: input.hostLocationNote(use.provider), devicePath: use.consumerPath,
                    related: [input.related(use.provider, "provides clock `\(use.clockName)`")],
                    fields: FindingField.clock(use, providerPath: input.index.path(use.provider)))
            }
        }
    }
}
