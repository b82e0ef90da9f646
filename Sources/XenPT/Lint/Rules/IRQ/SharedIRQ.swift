// Interrupt rules: Xen routes only GIC SPIs, 1:1 (virq == irq), one domain per IRQ
// (xen/arch/arm/irq.c route_irq_to_guest, xen/arch/arm/domctl.c).

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// The SPI is also used by a device that stays with the host or another guest.
    public static let sharedIRQ = RuleDescription(
        code: "XPT-IRQ-002", name: "shared-irq", family: .irq, severity: .error,
        summary: "an interrupt is shared with a device outside the assignment",
        rationale: """
            An IRQ can be routed to one domain only ("IRQ %u is already used by domain %u"). Error when \
            the other user is enabled, warning when it is disabled.
            """,
        fix: "pass both devices to the same guest, or waive with a reason",
        examples: [
            .triggering(
                RuleExample.uart + "\n" + RuleExample.i2cOnSPI21,
                guest: RuleExample.passUART
            ),
            .clean(
                RuleExample.uart + "\n" + """
                i2c@ff020000 {
                	compatible = "cdns,i2c-r1p14";
                	reg = <0xff020000 0x1000>;
                	interrupts = <0 22 4>;
                };
                """,
                guest: RuleExample.passUART
            ),
            .clean(
                RuleExample.uart + "\n" + RuleExample.i2cOnSPI21,
                guest: """
                passthrough:
                  - /soc/serial@ff000000
                  - /soc/i2c@ff020000

                """
            ),
        ])
}

extension LintRule {
    /// Raises a routed SPI that a node staying outside the guest also uses.
    public static let sharedIRQ = LintRule(.sharedIRQ) { input in
        let index = input.index
        return input.devices.flatMap { device, request in
            device.routedSPIs.filter { $0.firstUser == nil }.flatMap { routed in
                var reported: Set<NodeID> = []
                return (input.facts.interruptUsers[routed.interruptID] ?? []).filter { !input.assigned.contains($0) && reported.insert($0).inserted }.map { other in
                    let enabled = index.isEnabled(other)
                    let owner = input.request.otherGuests[other].map { "guest `\($0)`" } ?? "dom0"
                    return RuleDescription.sharedIRQ.diagnostic(
                        "interrupt \(routed.interruptID) is shared with a device that stays in \(owner)",
                        severity: enabled ? .error : .warning,
                        at: Label(request.reference.range, "SPI \(routed.number) (INTID \(routed.interruptID)) also used by \(index.path(other))"),
                        notes: [Note("\(index.path(other)) is not passed through to this guest\(enabled ? "" : " (it is disabled)")",
                                     at: input.hostRange(other))],
                        devicePath: routed.interrupt.nodePath, dataPath: request.reference.path.description,
                        related: [input.related(other, "also uses INTID \(routed.interruptID) and stays in \(owner)\(enabled ? "" : " (disabled)")")],
                        fields: FindingField.spi(number: routed.number, interruptID: routed.interruptID))
                }
            }
        }
    }
}
