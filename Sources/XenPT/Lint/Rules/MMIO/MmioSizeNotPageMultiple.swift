// MMIO rules: `iomem` maps whole 4 KiB frames; nothing in Xen checks a GFN against the guest
// map (see reference/xen-guest-layout.md section 5).

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// A region's size is not a whole number of pages.
    public static let mmioSizeNotPageMultiple = RuleDescription(
        code: "XPT-MMIO-002", name: "mmio-size-not-page-multiple", family: .mmio, severity: .warning,
        summary: "a register region's size is not a multiple of 4 KiB",
        rationale: "Frames are rounded out, so the guest sees the rest of the last frame.",
        fix: "check nothing else lives in the rest of the frame, then waive with a reason",
        examples: [
            .triggering(
                """
                serial@ff000000 {
                	compatible = "arm,pl011";
                	reg = <0xff000000 0x100>;
                	interrupts = <0 21 4>;
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
    /// Raises a `reg` entry whose size is not a whole number of pages.
    public static let mmioSizeNotPageMultiple = LintRule(.mmioSizeNotPageMultiple) { input in
        input.devices.flatMap { device, request in
            device.hostRegions.filter { $0.size & 0xfff != 0 }.map { region in
                RuleDescription.mmioSizeNotPageMultiple.diagnostic(
                    "reg[\(region.regIndex)] of \(region.nodePath) is \(hex(region.size)) bytes, not a whole number of pages",
                    at: Label(request.reference.range, "rounded out to whole pages"),
                    notes: input.hostLocationNote(region.node), devicePath: region.nodePath,
                    fields: [.text("property", "reg"), .number("reg", region.regIndex), .number("size", region.size), .number("mfn", region.hostAddress >> 12)])
            }
        }
    }
}
