// Interrupt rules: Xen routes only GIC SPIs, 1:1 (virq == irq), one domain per IRQ
// (xen/arch/arm/irq.c route_irq_to_guest, xen/arch/arm/domctl.c).

extension RuleDescription {
    /// A PPI cannot be given to a guest.
    public static let ppiNotAssignable = RuleDescription(
        code: "XPT-IRQ-001", name: "ppi-not-assignable", family: .irq, severity: .error,
        summary: "a private peripheral interrupt (PPI) is requested",
        rationale: "Xen routes only SPIs to guests (\"IRQ can only be routed to an SPI\").",
        fix: "keep the device in dom0")

    /// The SPI is also used by a device that stays with the host or another guest.
    public static let sharedIRQ = RuleDescription(
        code: "XPT-IRQ-002", name: "shared-irq", family: .irq, severity: .error,
        summary: "an interrupt is shared with a device outside the assignment",
        rationale: """
            An IRQ can be routed to one domain only ("IRQ %u is already used by domain %u"). Error when \
            the other user is enabled, warning when it is disabled.
            """,
        fix: "pass both devices to the same guest, or waive with a reason")

    /// The same SPI twice inside the assignment.
    public static let duplicateIRQ = RuleDescription(
        code: "XPT-IRQ-003", name: "duplicate-irq", family: .irq, severity: .info,
        summary: "an interrupt appears twice inside the assignment",
        rationale: "`irqs` lists each interrupt once; the duplicate is dropped.",
        fix: "nothing to do")

    /// Not a valid SPI.
    public static let invalidIRQ = RuleDescription(
        code: "XPT-IRQ-004", name: "invalid-irq", family: .irq, severity: .error,
        summary: "an interrupt ID is 1020 or more",
        rationale: "GIC INTIDs 1020-1023 are special and SPIs end at 1019.",
        fix: "correct the interrupt specifier in the host tree")

    /// The interrupt does not go to the GIC.
    public static let nonGICInterrupt = RuleDescription(
        code: "XPT-IRQ-005", name: "non-gic-interrupt", family: .irq, severity: .warning,
        summary: "an interrupt's parent is not the GIC",
        rationale: """
            Xen skips interrupts of other controllers silently (xen/arch/arm/device.c), so the guest never \
            sees them. Error when no routable interrupt is left for the device, warning otherwise.
            """,
        fix: "route the interrupt to the GIC in the host tree, or accept polling and waive")

    /// The SPI collides with Xen's own virtual devices.
    public static let xenReservedVIRQ = RuleDescription(
        code: "XPT-IRQ-006", name: "xen-reserved-virq", family: .irq, severity: .warning,
        summary: "an interrupt is one Xen reserves for its virtual devices",
        rationale: "SPI 32 is the vPL011 and 33-43 are virtio-mmio (4.17+); libxl refuses the guest when that device is enabled.",
        fix: "disable the guest's vuart/virtio, or keep the device in dom0")
}
