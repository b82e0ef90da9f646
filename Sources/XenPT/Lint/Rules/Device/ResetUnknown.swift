// Rules about the device itself.

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// No reset method is known.
    public static let resetUnknown = RuleDescription(
        code: "XPT-RST-001", name: "reset-unknown", family: .reset, severity: .warning,
        summary: "no way to reset the device between guest lifetimes is known",
        rationale: "Xen does not reset passed-through devices; a device left mid-DMA by one guest can corrupt the next.",
        fix: "say `reset:` for the device in the board manifest",
        examples: [
            .triggering(
                """
                serial@ff000000 {
                	compatible = "vendor,widget";
                	reg = <0xff000000 0x1000>;
                	interrupts = <0 21 4>;
                };
                """,
                guest: RuleExample.passUART
            ),
            .clean(
                RuleExample.uart,
                guest: RuleExample.passUART
            ),
            .clean(
                """
                serial@ff000000 {
                	compatible = "vendor,widget";
                	reg = <0xff000000 0x1000>;
                	interrupts = <0 21 4>;
                };
                """,
                guest: RuleExample.passUART,
                board: """
                devices:
                  /soc/serial@ff000000:
                    reset: none-needed

                """
            ),
        ])
}

extension LintRule {
    /// Raises a device whose class knows no reset method.
    public static let resetUnknown = LintRule(.resetUnknown) { input in
        input.devices.compactMap { device, request in
            guard device.policy.reset == .unknown else { return nil }
            return RuleDescription.resetUnknown.diagnostic(
                "no reset method is known for \(device.hostPath) (class `\(device.policy.className)`)", at: Label(request.reference.range, ""),
                notes: input.hostLocationNote(device.node), devicePath: device.hostPath, dataPath: request.reference.path.description)
        }
    }
}
