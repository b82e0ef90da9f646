// Board rules: what Xen itself needs from the host tree before any guest matters.

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// DMA masters on a board with no IOMMU Xen drives.
    public static let noXenIOMMU = RuleDescription(
        code: "XPT-BOARD-004", name: "no-xen-iommu", family: .board, severity: .info,
        summary: "the board has DMA masters but no IOMMU this Xen release drives",
        rationale: """
            Xen assigns a device to a guest with `dtdev` only when an IOMMU it drives protects it \
            (xen/drivers/passthrough/device_tree.c, iommu_assign_dt_device returns -EINVAL otherwise); \
            it drives the SMMUs (`arm,mmu-400`, `arm,mmu-401`, `arm,mmu-500`, `arm,smmu-v1`, `arm,smmu-v2`, \
            xen/drivers/passthrough/arm/smmu.c; `arm,smmu-v3`, smmu-v3.c) and the Renesas IPMMU \
            (ipmmu-vmsa.c), each from some release on. On a board without one, register-only devices are \
            still passed with `iomem` and `irqs`, but a DMA master can only go to a 1:1 (direct-map) \
            dom0less guest with `xen,force-assign-without-iommu`, where it can reach all host memory \
            (docs/misc/arm/passthrough-noiommu.txt). A board check, reported once per board, as info: \
            each guest that asks for such a device gets `no-iommu`.
            """,
        fix: "pass only devices that do no DMA, use a release that drives the board's IOMMU, or describe the IOMMU the SoC has",
        examples: [
            .triggeringBoard(RuleExample.xenHost(devices: RuleExample.uart + "\n" + """
                ethernet@ff0b0000 {
                	compatible = "cdns,gem";
                	reg = <0xff0b0000 0x1000>;
                	interrupts = <0 57 4>;
                };
                """)),
            .triggeringBoard(RuleExample.xenHost(devices: RuleExample.uart + "\n" + RuleExample.gem(behind: "arm,mmu-500", status: "disabled"))),
            .cleanBoard(RuleExample.xenHost(devices: RuleExample.uart + "\n" + RuleExample.gemBehindSMMU)),
            .cleanBoard(RuleExample.xenHost()),
        ])
}

extension BoardRule {
    /// Raises a board whose devices include DMA masters when no enabled IOMMU of a compatible
    /// the release drives is in the tree.
    public static let noXenIOMMU = BoardRule(.noXenIOMMU) { input in
        let index = input.index
        let driven = Set(input.release.iommuCompatibles.keys)
        guard input.enabledNodes(compatibleWith: driven).isEmpty else { return [] }
        let masters = input.devices.filter { index.isEnabled($0.node) && $0.policy.dma == .master }
        guard let first = masters.first else { return [] }
        let undriven = index.allNodes.filter { index.property("#iommu-cells", of: $0) != nil || index.property("mmu-masters", of: $0) != nil }
        var notes = undriven.prefix(3).map { node in
            Note("\(index.path(node)) is an IOMMU Xen \(input.release.version) does not use\(index.isEnabled(node) ? ": it drives no `\(index.compatibles(node).first ?? "")`" : ": it is disabled")")
        }
        // Human text names three of each; `related` names every one for machine formats.
        let shown = masters.prefix(3).map { "\(index.path($0.node)) (`\($0.policy.className)`)" }
        notes.append(Note("DMA masters: \(shown.joined(separator: ", "))\(masters.count > 3 ? " and \(masters.count - 3) more" : "")"))
        notes.append(Note("register-only devices are still passed with `iomem` and `irqs`; a DMA master goes only to a 1:1 dom0less guest with `xen,force-assign-without-iommu`, and then it can reach all host memory"))
        return [input.finding(
            RuleDescription.noXenIOMMU,
            "no IOMMU Xen \(input.release.version) drives: \(masters.count) DMA master\(masters.count == 1 ? "" : "s") on this board cannot be assigned with `dtdev`",
            node: first.node, label: "no IOMMU for Xen to program", notes: notes,
            related: masters.map { RelatedNode(index.path($0.node), "a DMA master (`\($0.policy.className)`)", at: index.definitionRange($0.node)) }
                + undriven.map { RelatedNode(index.path($0), "an IOMMU Xen \(input.release.version) does not use", at: index.definitionRange($0)) })]
    }
}
