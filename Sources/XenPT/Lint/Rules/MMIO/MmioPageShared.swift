// MMIO rules: `iomem` maps whole 4 KiB frames; nothing in Xen checks a GFN against the guest
// map (see reference/xen-guest-layout.md section 5).

extension RuleDescription {
    /// A mapped frame holds registers of another device.
    public static let mmioPageShared = RuleDescription(
        code: "XPT-MMIO-003", name: "mmio-page-shared", family: .mmio, severity: .error,
        summary: "a mapped frame also holds registers of a device outside the assignment",
        rationale: "The guest could program the other device. Error when that device is enabled, warning when disabled.",
        fix: "pass both devices to the same guest, or keep this one in dom0",
        examples: [
            .triggering(
                """
                serial@ff000000 {
                	compatible = "arm,pl011";
                	reg = <0xff000000 0x800>;
                	interrupts = <0 21 4>;
                };
                spi@ff000800 {
                	compatible = "cdns,spi-r1p6";
                	reg = <0xff000800 0x800>;
                	interrupts = <0 22 4>;
                };
                """,
                guest: RuleExample.passUART
            ),
            .clean(
                RuleExample.uart + "\n" + """
                spi@ff001000 {
                	compatible = "cdns,spi-r1p6";
                	reg = <0xff001000 0x800>;
                	interrupts = <0 22 4>;
                };
                """,
                guest: RuleExample.passUART
            ),
        ])
}
