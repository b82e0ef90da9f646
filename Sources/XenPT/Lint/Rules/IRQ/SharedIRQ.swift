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
            An IRQ can be routed to one domain only ("IRQ %u is already used by domain %u"). One finding \
            per shared SPI of a device, naming every other user; error when any of them is enabled, warning \
            when all are disabled.
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
    /// Raises a routed SPI that nodes staying outside the guest also use: one finding per SPI
    /// of each device, naming every other user (in `related` and in one note each), an error
    /// when any of them is enabled.
    public static let sharedIRQ = LintRule(.sharedIRQ) { input in
        let index = input.index
        return input.devices.flatMap { device, request in
            device.routedSPIs.filter { $0.firstUser == nil }.compactMap { routed -> Diagnostic? in
                // The facts list each user once.
                let others = (input.facts.interruptUsers[routed.interruptID] ?? []).filter { !input.assigned.contains($0) }
                guard !others.isEmpty else { return nil }
                let owners = others.map { input.request.otherGuests[$0].map { "guest `\($0)`" } ?? "dom0" }
                let owner = owners.allSatisfy { $0 == owners[0] } ? owners[0] : nil
                let enabled = others.map { index.isEnabled($0) }
                let paths = others.map { index.path($0) }
                let intid = routed.interruptID
                let message = others.count == 1
                    ? "interrupt \(intid) is shared with a device that stays in \(owners[0])"
                    : "interrupt \(intid) is shared with \(others.count) devices that stay " + (owner.map { "in \($0)" } ?? "outside this guest")
                // Every other user is named in a note and in `related`; the label names the
                // only one, or counts them.
                let label = "SPI \(routed.number) (INTID \(intid)) also used by " + (others.count == 1 ? paths[0] : "\(others.count) devices")
                return RuleDescription.sharedIRQ.diagnostic(
                    message,
                    severity: enabled.contains(true) ? .error : .warning,
                    at: Label(request.reference.range, label),
                    notes: others.indices.map { Note("\(paths[$0]) is not passed through to this guest\(enabled[$0] ? "" : " (it is disabled)")", at: input.hostRange(others[$0])) },
                    devicePath: routed.interrupt.nodePath, dataPath: request.reference.path.description,
                    related: others.indices.map { RelatedNode(paths[$0], "also uses INTID \(intid) and stays in \(owners[$0])\(enabled[$0] ? "" : " (disabled)")", at: input.hostRange(others[$0])) },
                    fields: FindingField.spi(number: routed.number, interruptID: intid))
            }
        }
    }
}
