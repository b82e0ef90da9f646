// Rules about the device itself.

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// Two guests of one board get the same device.
    public static let deviceInTwoGuests = RuleDescription(
        code: "XPT-DEV-003", name: "device-in-two-guests", family: .device, severity: .error,
        summary: "the same host device is given to two guests",
        rationale: "Xen assigns a device, its IRQs and its IOMMU stream to one domain; the second guest fails to start.",
        fix: "give the device to one guest only",
        examples: [
            .triggering(
                RuleExample.uart,
                guest: RuleExample.passUART,
                otherGuest: """
                passthrough:
                  - /soc/serial@ff000000

                """
            ),
            .clean(
                RuleExample.uart + "\n" + """
                i2c@ff020000 {
                	compatible = "cdns,i2c-r1p14";
                	reg = <0xff020000 0x1000>;
                	interrupts = <0 22 4>;
                };
                """,
                guest: RuleExample.passUART,
                otherGuest: """
                passthrough:
                  - /soc/i2c@ff020000

                """
            ),
        ])
}

extension LintRule {
    /// Raises a device another guest of the board also lists.
    public static let deviceInTwoGuests = LintRule(.deviceInTwoGuests) { input in
        input.devices.compactMap { device, request in
            guard let other = input.request.otherGuests[device.node] else { return nil }
            return RuleDescription.deviceInTwoGuests.diagnostic(
                "\(device.hostPath) is also given to guest `\(other)`", at: Label(request.reference.range, ""),
                devicePath: device.hostPath, dataPath: request.reference.path.description)
        }
    }
}
