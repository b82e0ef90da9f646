// Interrupt rules: Xen routes only GIC SPIs, 1:1 (virq == irq), one domain per IRQ
// (xen/arch/arm/irq.c route_irq_to_guest, xen/arch/arm/domctl.c).

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// The SPI collides with Xen's own virtual devices.
    public static let xenReservedVIRQ = RuleDescription(
        code: "XPT-IRQ-006", name: "xen-reserved-virq", family: .irq, severity: .error,
        summary: "an interrupt is one Xen reserves for its virtual devices",
        rationale: """
            libxl gives its own virtual devices fixed SPIs: the vPL011 (`vuart: true`) and, in the releases \
            that have them, virtio-mmio devices (`virtio: true`). It refuses the guest when the device owning \
            the SPI is enabled and `irqs=` names it too (tools/libs/light/libxl_arm.c). \
            Error when the guest enables that device; info when it does not, since the guest builds as it is \
            but gains the conflict the day it enables the device.
            """,
        fix: "disable the guest's vuart/virtio, or keep the device in dom0",
        releaseFacts: [.reservedSPIs],
        examples: [
            .triggering(
                RuleExample.uart.replacingOccurrences(of: "<0 21 4>", with: "<0 0 4>"),
                guest: "vuart: true\n" + RuleExample.passUART
            ),
            .triggering(
                RuleExample.uart.replacingOccurrences(of: "<0 21 4>", with: "<0 1 4>"),
                guest: RuleExample.passUART
            ),
            .clean(
                RuleExample.uart,
                guest: RuleExample.passUART
            ),
        ])
}

extension LintRule {
    /// Raises a routed SPI in a range libxl keeps for the guest's own virtual devices: an error
    /// when the guest enables the device owning it, info otherwise.
    public static let xenReservedVIRQ = LintRule(.xenReservedVIRQ) { input in
        input.devices.flatMap { device, request in
            device.routedSPIs.filter { $0.firstUser == nil }.flatMap { routed in
                input.plan.layout.reservedInterrupts.filter { $0.first <= routed.interruptID && routed.interruptID <= $0.last }.map { reserved in
                    RuleDescription.xenReservedVIRQ.diagnostic(
                        "INTID \(routed.interruptID) of \(routed.interrupt.nodePath) is reserved for the guest's \(reserved.name)",
                        severity: reserved.isPresent ? .error : .info,
                        at: Label(request.reference.range, reserved.isPresent ? "libxl refuses this guest" : "refused if the guest enables \(reserved.name)"),
                        devicePath: routed.interrupt.nodePath,
                        fields: FindingField.spi(number: routed.number, interruptID: routed.interruptID) + [.text("reservedFor", reserved.name)])
                }
            }
        }
    }
}
