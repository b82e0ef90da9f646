import Foundation

// Interrupt rules: Xen routes only GIC SPIs, 1:1 (virq == irq), one domain per IRQ
// (xen/arch/arm/irq.c route_irq_to_guest, xen/arch/arm/domctl.c).

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// Not an SPI a guest can have.
    public static let invalidIRQ = RuleDescription(
        code: "XPT-IRQ-004", name: "invalid-irq", family: .irq, severity: .error,
        summary: "an interrupt ID is not an SPI a guest of this Xen release can have",
        rationale: """
            GIC INTIDs 1020-1023 are special and SPIs end at 1019. Below that, the guest's vGIC gets \
            `nr_spis` = highest SPI - 31, which Xen may round up and refuses above its limit \
            (xen/arch/arm/vgic.c), so the highest INTID a guest can have depends on the release.
            """,
        fix: "correct the interrupt specifier in the host tree, or keep the device in dom0",
        releaseFacts: [.guestSPILimit],
        examples: [
            .triggering(RuleExample.uart.replacingOccurrences(of: "<0 21 4>", with: "<0 1000 4>"), guest: RuleExample.passUART),
            .triggering(RuleExample.uart.replacingOccurrences(of: "<0 21 4>", with: "<0 970 4>"), guest: RuleExample.passUART),
            .clean(RuleExample.uart.replacingOccurrences(of: "<0 21 4>", with: "<0 959 4>"), guest: RuleExample.passUART),
        ])
}

extension LintRule {
    /// Raises GIC interrupts that are not SPIs a guest of this release can have.
    public static let invalidIRQ = LintRule(.invalidIRQ) { input in
        input.devices.flatMap { device, request in
            device.interrupts.compactMap { interrupt -> Diagnostic? in
                let path = interrupt.nodePath
                let notes = input.hostLocationNote(interrupt.node)
                switch interrupt.route {
                case .otherType(let type):
                    return RuleDescription.invalidIRQ.diagnostic(
                        "interrupt \(interrupt.index) of \(path) has GIC type \(type), not an SPI",
                        at: Label(request.reference.range), notes: notes, devicePath: path,
                        fields: [.number("interrupt", interrupt.index), .numbers("specifier", interrupt.specifier)])
                case .beyondLastSPI(let intid):
                    return RuleDescription.invalidIRQ.diagnostic(
                        "interrupt \(interrupt.index) of \(path) is INTID \(intid), beyond the last SPI (1019)",
                        at: Label(request.reference.range), notes: notes, devicePath: path,
                        fields: [.number("interrupt", interrupt.index), .number("intid", intid)])
                case .spi(let number, let intid):
                    guard let limit = input.request.maxGuestINTID, intid > limit else { return nil }
                    return RuleDescription.invalidIRQ.diagnostic(
                        "interrupt \(interrupt.index) of \(path) is INTID \(intid), above the highest SPI Xen \(input.plan.xenVersion) gives a guest (\(limit))",
                        at: Label(request.reference.range),
                        notes: notes + [Note("the guest's `nr_spis`, rounded up to a multiple of 32, would pass Xen's limit")],
                        devicePath: path,
                        fields: [.number("interrupt", interrupt.index)] + FindingField.spi(number: number, interruptID: intid) + [.number("maxIntid", limit)])
                case .notGIC, .ppi: return nil
                }
            }
        }
    }
}
