// MMIO rules: `iomem` maps whole 4 KiB frames; nothing in Xen checks a GFN against the guest
// map (see reference/xen-guest-layout.md section 5).

extension RuleDescription {
    /// The guest placement collides with the guest memory map.
    public static let guestAddressConflict = RuleDescription(
        code: "XPT-MMIO-004", name: "guest-address-conflict", family: .mmio, severity: .error,
        summary: "a device's guest address overlaps Xen's guest memory map or another device",
        rationale: """
            Xen and libxl map RAM, the vGIC, grant table, magic pages and more at fixed guest addresses \
            (xen/include/public/arch-arm.h) and check nothing against `iomem`. An overlap gives a guest that \
            hangs or corrupts memory. Warning only for windows this guest does not use (vPCI without PCI devices).
            """,
        fix: "use `guest-address: auto`, or an address in a hole of the guest map",
        examples: [
            .triggering(
                RuleExample.uart,
                guest: """
                passthrough:
                  - device: /soc/serial@ff000000
                    guest-address: ↓identity

                """
            ),
            .triggering(
                RuleExample.uart,
                guest: """
                passthrough:
                  - device: /soc/serial@ff000000
                    guest-address: ↓0x03001000

                """
            ),
            .clean(
                RuleExample.uart,
                guest: """
                passthrough:
                  - device: /soc/serial@ff000000
                    guest-address: 0x05000000

                """
            ),
        ])
}
