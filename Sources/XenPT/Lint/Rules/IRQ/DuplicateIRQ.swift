// Interrupt rules: Xen routes only GIC SPIs, 1:1 (virq == irq), one domain per IRQ
// (xen/arch/arm/irq.c route_irq_to_guest, xen/arch/arm/domctl.c).

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// The same SPI twice inside the assignment: within one device or across two of one guest.
    public static let duplicateIRQ = RuleDescription(
        code: "XPT-IRQ-003", name: "duplicate-irq", family: .irq, severity: .info,
        summary: "an interrupt appears twice inside the assignment",
        rationale: """
            `irqs` lists each interrupt once; the duplicate is dropped. Two devices of one guest may share an \
            SPI: Xen routes it to the guest once (routing the same IRQ again to the same domain and vIRQ is \
            accepted, xen/arch/arm/irq.c route_irq_to_guest) and the guest's drivers share the line.
            """,
        fix: "nothing to do",
        examples: [
            .triggering(
                """
                serial@ff000000 {
                	compatible = "arm,pl011";
                	reg = <0xff000000 0x1000>;
                	interrupts = <0 21 4>, <0 21 4>;
                };
                """,
                guest: RuleExample.passUART
            ),
            .triggering(
                RuleExample.uart + "\n" + RuleExample.i2cOnSPI21,
                guest: """
                passthrough:
                  - /soc/serial@ff000000
                  - ↓/soc/i2c@ff020000

                """
            ),
            .clean(
                """
                serial@ff000000 {
                	compatible = "arm,pl011";
                	reg = <0xff000000 0x1000>;
                	interrupts = <0 21 4>, <0 22 4>;
                };
                """,
                guest: RuleExample.passUART
            ),
        ])
}

extension LintRule {
    /// Raises an INTID listed twice within one passed-through device, or by two passed-through
    /// devices of the guest (at the later device).
    public static let duplicateIRQ = LintRule(.duplicateIRQ) { input in
        var earlierDevice: [UInt32: String] = [:]
        return input.devices.flatMap { device, request in
            let spis = device.routedSPIs
            let findings = spis.compactMap { routed -> Diagnostic? in
                guard let first = routed.firstUser ?? earlierDevice[routed.interruptID] else { return nil }
                return RuleDescription.duplicateIRQ.diagnostic(
                    "INTID \(routed.interruptID) of \(routed.interrupt.nodePath) is also used by \(first) in this guest",
                    at: Label(request.reference.range), devicePath: routed.interrupt.nodePath,
                    related: [RelatedNode(first, "also uses INTID \(routed.interruptID)")],
                    fields: FindingField.spi(number: routed.number, interruptID: routed.interruptID))
            }
            for spi in spis where earlierDevice[spi.interruptID] == nil { earlierDevice[spi.interruptID] = spi.interrupt.nodePath }
            return findings
        }
    }
}
