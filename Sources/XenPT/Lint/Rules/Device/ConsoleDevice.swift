// Rules about the device itself.

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
