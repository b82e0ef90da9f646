// MMIO rules: `iomem` maps whole 4 KiB frames; nothing in Xen checks a GFN against the guest
// map (see reference/xen-guest-layout.md section 5).

import DeviceTree
import Diagnostics

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

extension LintRule {
    /// Raises a `reg` entry that starts inside a page.
    public static let mmioNotPageAligned = LintRule(.mmioNotPageAligned) { input in
        input.devices.flatMap { device, request in
            device.hostRegions.filter { $0.hostAddress & 0xfff != 0 }.map { region in
                RuleDescription.mmioNotPageAligned.diagnostic(
                    "reg[\(region.regIndex)] of \(region.nodePath) starts at \(hex(region.hostAddress)), inside a 4 KiB page",
                    at: Label(request.reference.range, "the whole page \(hex(region.hostAddress & ~0xfff)) is mapped"),
                    notes: input.hostLocationNote(region.node), devicePath: region.nodePath,
                    fields: [.text("property", "reg"), .number("reg", region.regIndex), .number("address", region.hostAddress), .number("mfn", region.hostAddress >> 12)])
            }
        }
    }
}
