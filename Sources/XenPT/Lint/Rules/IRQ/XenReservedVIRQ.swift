// Interrupt rules: Xen routes only GIC SPIs, 1:1 (virq == irq), one domain per IRQ
// (xen/arch/arm/irq.c route_irq_to_guest, xen/arch/arm/domctl.c).

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// The SPI collides with Xen's own virtual devices.
    public static let xenReservedVIRQ = RuleDescription(
        code: "XPT-IRQ-006", name: "xen-reserved-virq", family: .irq, severity: .warning,
        summary: "an interrupt is one Xen reserves for its virtual devices",
        rationale: "SPI 32 is the vPL011 and 33-43 are virtio-mmio (4.17+); libxl refuses the guest when that device is enabled.",
        fix: "disable the guest's vuart/virtio, or keep the device in dom0",
        examples: [
            .triggering(
                """
                serial@ff000000 {
                	compatible = "arm,pl011";
                	reg = <0xff000000 0x1000>;
                	interrupts = <0 1 4>;
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
    /// Raises a routed SPI in a range libxl keeps for the guest's own virtual devices.
    public static let xenReservedVIRQ = LintRule(.xenReservedVIRQ) { input in
        input.devices.flatMap { device, request in
            device.routedSPIs.filter { $0.firstUser == nil }.flatMap { routed in
                input.plan.layout.reservedInterrupts.filter { $0.first <= routed.interruptID && routed.interruptID <= $0.last }.map { reserved in
                    RuleDescription.xenReservedVIRQ.diagnostic(
                        "INTID \(routed.interruptID) of \(routed.interrupt.nodePath) is reserved for the guest's \(reserved.name)",
                        severity: reserved.isPresent ? .error : .warning,
                        at: Label(request.reference.range, reserved.isPresent ? "libxl refuses this guest" : "refused if the guest enables \(reserved.name)"),
                        devicePath: routed.interrupt.nodePath)
                }
            }
        }
    }
}
