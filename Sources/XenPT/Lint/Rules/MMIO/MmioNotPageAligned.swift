// MMIO rules: `iomem` maps whole 4 KiB frames; nothing in Xen checks a GFN against the guest
// map (see reference/xen-guest-layout.md section 5).

extension RuleDescription {
    /// A region does not start on a page.
    public static let mmioNotPageAligned = RuleDescription(
        code: "XPT-MMIO-001", name: "mmio-not-page-aligned", family: .mmio, severity: .warning,
        summary: "a register region does not start on a 4 KiB boundary",
        rationale: "The whole frame is mapped; whatever else lives in it becomes visible to the guest. Dom0less refuses such `xen,reg`.",
        fix: "check nothing else lives in the frame, then waive with a reason",
        examples: [
            .triggering(
                """
                serial@ff000800 {
                	compatible = "arm,pl011";
                	reg = <0xff000800 0x800>;
                	interrupts = <0 21 4>;
                };
                """,
                guest: """
                passthrough:
                  - ↓/soc/serial@ff000800

                """
            ),
            .clean(
                RuleExample.uart,
                guest: RuleExample.passUART
            ),
        ])
}
