// Rules about the device itself.

import DeviceTree
import Diagnostics

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

extension LintRule {
    /// Raises a device disabled on the host.
    public static let statusDisabled = LintRule(.statusDisabled) { input in
        input.devices.compactMap { device, request in
            guard !input.index.isEnabled(device.node) else { return nil }
            return RuleDescription.statusDisabled.diagnostic(
                "\(device.hostPath) is disabled on the host", at: Label(request.reference.range, "status = \"disabled\""),
                notes: input.hostLocationNote(device.node), help: ["the guest copy is enabled; check the device works when enabled"],
                devicePath: device.hostPath)
        }
    }
}
