// Board rules: what Xen itself needs from the host tree before any guest matters.

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// No GIC Xen drives with its virtualization interface.
    public static let noGICVirtualization = RuleDescription(
        code: "XPT-BOARD-001", name: "no-gic-virtualization", family: .board, severity: .warning,
        summary: "the host tree has no GIC Xen can drive with its virtualization interface",
        rationale: """
            Xen drives the GIC and gives each guest a virtual one. A GICv2 (`arm,gic-400`, \
            `arm,cortex-a15-gic`, `arm,cortex-a7-gic`) needs four `reg` regions: distributor (GICD), CPU \
            interface (GICC), hypervisor control (GICH) and virtual CPU interface (GICV); Xen panics without \
            GICH or GICV ("Cannot find a valid address for the hypervisor", xen/arch/arm/gic-v2.c, \
            gicv2_dt_init). A GICv3 (`arm,gic-v3`) needs the distributor and `#redistributor-regions` \
            (default 1) redistributor regions ("No rdist base found", xen/arch/arm/gic-v3.c, gicv3_dt_init). \
            Both need the maintenance interrupt, the GIC node's first interrupt ("Cannot find the maintenance \
            IRQ"). A board check, reported once per board: a warning, since the guest artifacts are right \
            for the tree as given, but Xen does not boot on this tree.
            """,
        fix: "describe the GIC as the SoC manual does: every region (GICD, GICC, GICH, GICV; or GICD and each redistributor region) and the maintenance interrupt (PPI 9)",
        examples: [
            .triggeringBoard(RuleExample.xenHost(gic: RuleExample.xenGIC.replacingOccurrences(
                of: ",\n\t<0xf9040000 0x2000>, <0xf9060000 0x2000>", with: ""))),
            .triggeringBoard(RuleExample.xenHost(gic: RuleExample.xenGIC.replacingOccurrences(of: "\n\tinterrupts = <1 9 0xf04>;", with: ""))),
            .cleanBoard(RuleExample.xenHost()),
        ])
}

extension BoardRule {
    /// GIC compatibles Xen's GICv2 driver matches (xen/arch/arm/include/asm/gic.h, DT_MATCH_GIC_V2).
    static let xenGICv2: Set<String> = ["arm,gic-400", "arm,cortex-a15-gic", "arm,cortex-a7-gic"]
    /// GIC compatibles Xen's GICv3 driver matches (DT_MATCH_GIC_V3).
    static let xenGICv3: Set<String> = ["arm,gic-v3"]

    /// Raises a host tree without a GIC Xen drives, or whose GIC lacks the regions or the
    /// maintenance interrupt Xen reads.
    public static let noGICVirtualization = BoardRule(.noGICVirtualization) { input in
        let index = input.index
        let rule = RuleDescription.noGICVirtualization
        let controllers = input.enabledNodes(compatibleWith: xenGICv2.union(xenGICv3))
            .filter { index.property("interrupt-controller", of: $0) != nil }
        guard let gic = controllers.first else {
            let others = index.allNodes.filter { index.property("interrupt-controller", of: $0) != nil && index.property("#interrupt-cells", of: $0) != nil }
            return [input.finding(
                rule, "the host tree has no GIC Xen drives", node: nil, label: "Xen panics at boot without one",
                notes: [Note("Xen drives `arm,gic-400`, `arm,cortex-a15-gic` and `arm,cortex-a7-gic` (GICv2) and `arm,gic-v3`")]
                    + others.prefix(3).map { Note("\(index.path($0)) is an interrupt controller Xen does not drive as its GIC") })]
        }
        let path = index.path(gic)
        let node = index.node(gic)
        var findings: [Diagnostic] = []
        if let regions = try? index.registerRegions(of: gic) {
            if !xenGICv3.isDisjoint(with: index.compatibles(gic)) {
                let redistributors = Int(node.property("#redistributor-regions")?.singleCell ?? 1)
                if regions.count < 1 + redistributors {
                    findings.append(input.finding(
                        rule, "GICv3 \(path) has \(regions.count) `reg` region\(regions.count == 1 ? "" : "s"); Xen needs the distributor and \(redistributors) redistributor region\(redistributors == 1 ? "" : "s")",
                        node: gic, label: "Xen panics at boot: no redistributor for a CPU"))
                }
            } else if regions.count < 4 {
                let missing = ["GICD", "GICC", "GICH", "GICV"].dropFirst(regions.count)
                findings.append(input.finding(
                    rule, "GICv2 \(path) has \(regions.count) `reg` region\(regions.count == 1 ? "" : "s"); Xen needs four: GICD, GICC, GICH and GICV",
                    node: gic, label: "no \(missing.joined(separator: ", ")): Xen panics at boot",
                    notes: [Note("GICH and GICV, the GIC's virtualization interface, are the third and fourth regions")]))
            }
        }
        if node.property("interrupts") == nil && node.property("interrupts-extended") == nil {
            findings.append(input.finding(
                rule, "GIC \(path) has no maintenance interrupt", node: gic, label: "Xen panics at boot without it",
                help: ["add `interrupts = <1 9 0xf04>;` (PPI 9, the GIC's maintenance interrupt on Arm cores) to the GIC node"]))
        }
        return findings
    }
}
