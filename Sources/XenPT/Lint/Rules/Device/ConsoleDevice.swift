// Rules about the device itself.

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// The device is the host console.
    public static let consoleDevice = RuleDescription(
        code: "XPT-DEV-001", name: "console-device", family: .device, severity: .error,
        summary: "the device is the host console",
        rationale: "Xen and dom0 print on it; taking it away leaves the host without a console.",
        fix: "pass another UART, or move the host console",
        examples: [
            .triggering(
                """
                uart0: 
                """ + "\n" + RuleExample.uart,
                guest: RuleExample.passUART,
                chosen: "/soc/serial@ff000000:115200n8"
            ),
            .clean(
                RuleExample.uart,
                guest: RuleExample.passUART
            ),
        ])
}

extension LintRule {
    /// Raises a device that holds the node `/chosen/stdout-path` names.
    public static let consoleDevice = LintRule(.consoleDevice) { input in
        let index = input.index
        guard let chosen = index.node(atPath: "/chosen"), let stdout = index.property("stdout-path", of: chosen)?.string else { return [] }
        let target = String(stdout.split(separator: ":", maxSplits: 1).first ?? "")
        guard let console = index.lookup(target) else { return [] }
        return input.devices.compactMap { device, request in
            guard index.isInside(console, device.node) else { return nil }
            return RuleDescription.consoleDevice.diagnostic(
                "\(device.hostPath) is the host console", at: Label(request.reference.range, "named by /chosen/stdout-path"),
                notes: input.hostLocationNote(chosen), devicePath: device.hostPath, dataPath: request.reference.path.description)
        }
    }
}
