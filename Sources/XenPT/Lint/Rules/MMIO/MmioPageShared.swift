// MMIO rules: `iomem` maps whole 4 KiB frames; nothing in Xen checks a GFN against the guest
// map (see reference/xen-guest-layout.md section 5).

import DeviceTree
import Diagnostics

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

extension LintRule {
    /// Raises a mapped page that also holds registers of a node outside the assignment.
    public static let mmioPageShared = LintRule(.mmioPageShared) { input in
        let index = input.index
        return input.devices.flatMap { device, request in
            device.regions.flatMap { region -> [Diagnostic] in
                let start = region.firstFrame << 12
                let (end, overflow) = (region.firstFrame + region.frameCount).multipliedReportingOverflow(by: 4096)
                var reported: Set<NodeID> = []
                // A bus whose `reg` covers the device (a parent block) is not another device.
                return input.facts.regions(overlapping: start, overflow ? UInt64.max : end)
                    .filter { !input.assigned.contains($0.node) && reported.insert($0.node).inserted && !index.isInside(region.node, $0.node) }
                    .map { other in
                        let enabled = index.isEnabled(other.node)
                        return RuleDescription.mmioPageShared.diagnostic(
                            "a page mapped for \(region.nodePath) also holds registers of \(index.path(other.node))",
                            severity: enabled ? .error : .warning,
                            at: Label(request.reference.range, "maps \(hex(start))-\(hex(end &- 1))"),
                            notes: [Note("\(index.path(other.node)) stays with the host\(enabled ? "" : " (disabled)")", at: input.hostRange(other.node))],
                            devicePath: region.nodePath,
                            related: [input.related(other.node, "has registers in the same pages and stays with the host\(enabled ? "" : " (disabled)")")],
                            fields: [.number("reg", region.regIndex), .number("mfn", region.firstFrame), .number("frames", region.frameCount)])
                    }
            }
        }
    }
}
