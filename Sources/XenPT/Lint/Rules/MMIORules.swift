// MMIO rules: `iomem` maps whole 4 KiB frames; nothing in Xen checks a GFN against the guest
// map (see reference/xen-guest-layout.md section 5).

extension RuleDescription {
    /// A region does not start on a page.
    public static let mmioNotPageAligned = RuleDescription(
        code: "XPT-MMIO-001", name: "mmio-not-page-aligned", family: .mmio, severity: .warning,
        summary: "a register region does not start on a 4 KiB boundary",
        rationale: "The whole frame is mapped; whatever else lives in it becomes visible to the guest. Dom0less refuses such `xen,reg`.",
        fix: "check nothing else lives in the frame, then waive with a reason")

    /// A region's size is not a whole number of pages.
    public static let mmioSizeNotPageMultiple = RuleDescription(
        code: "XPT-MMIO-002", name: "mmio-size-not-page-multiple", family: .mmio, severity: .warning,
        summary: "a register region's size is not a multiple of 4 KiB",
        rationale: "Frames are rounded out, so the guest sees the rest of the last frame.",
        fix: "check nothing else lives in the rest of the frame, then waive with a reason")

    /// A mapped frame holds registers of another device.
    public static let mmioPageShared = RuleDescription(
        code: "XPT-MMIO-003", name: "mmio-page-shared", family: .mmio, severity: .error,
        summary: "a mapped frame also holds registers of a device outside the assignment",
        rationale: "The guest could program the other device. Error when that device is enabled, warning when disabled.",
        fix: "pass both devices to the same guest, or keep this one in dom0")

    /// The guest placement collides with the guest memory map.
    public static let guestAddressConflict = RuleDescription(
        code: "XPT-MMIO-004", name: "guest-address-conflict", family: .mmio, severity: .error,
        summary: "a device's guest address overlaps Xen's guest memory map or another device",
        rationale: """
            Xen and libxl map RAM, the vGIC, grant table, magic pages and more at fixed guest addresses \
            (xen/include/public/arch-arm.h) and check nothing against `iomem`. An overlap gives a guest that \
            hangs or corrupts memory. Warning only for windows this guest does not use (vPCI without PCI devices).
            """,
        fix: "use `guest-address: auto`, or an address in a hole of the guest map")
}
