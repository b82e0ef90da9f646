import Foundation

// Interrupt rules: Xen routes only GIC SPIs, 1:1 (virq == irq), one domain per IRQ
// (xen/arch/arm/irq.c route_irq_to_guest, xen/arch/arm/domctl.c).

extension RuleDescription {
    /// Not an SPI a guest can have.
    public static let invalidIRQ = RuleDescription(
        code: "XPT-IRQ-004", name: "invalid-irq", family: .irq, severity: .error,
        summary: "an interrupt ID is not an SPI a guest of this Xen release can have",
        rationale: """
            GIC INTIDs 1020-1023 are special and SPIs end at 1019. Below that, the guest's vGIC gets \
            `nr_spis` = highest SPI - 31, rounded up to a multiple of 32, and Xen refuses more than 988 \
            (xen/arch/arm/vgic.c), so from 4.11 the highest INTID a guest can have is 991.
            """,
        fix: "correct the interrupt specifier in the host tree, or keep the device in dom0",
        examples: [
            .triggering(RuleExample.uart.replacingOccurrences(of: "<0 21 4>", with: "<0 1000 4>"), guest: RuleExample.passUART),
            .triggering(RuleExample.uart.replacingOccurrences(of: "<0 21 4>", with: "<0 970 4>"), guest: RuleExample.passUART),
            .clean(RuleExample.uart.replacingOccurrences(of: "<0 21 4>", with: "<0 959 4>"), guest: RuleExample.passUART),
        ])
}
