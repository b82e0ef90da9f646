// IOMMU and DMA rules: Xen assigns a device only through an IOMMU it drives
// (xen/drivers/passthrough/device_tree.c, iommu_assign_dt_device).

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// An assigned device is not behind any IOMMU Xen can program.
    public static let noIOMMU = RuleDescription(
        code: "XPT-IOMMU-001", name: "no-iommu", family: .iommu, severity: .error,
        summary: "an assigned device is not protected by an IOMMU",
        rationale: """
            Xen refuses `dtdev` for a node that is not IOMMU-protected (`iommu_assign_dt_device` returns \
            -EINVAL), and a DMA-capable device without an IOMMU can read and write all of host memory. \
            Error for devices that master or may master DMA. Info for a device whose class says it does no \
            DMA, and for a node with no MMIO region whose class does not say it masters DMA: such a device \
            is mapped with `iomem` and `irqs` only, has nothing an IOMMU would protect, and stays out of `dtdev`.
            """,
        fix: "give the node `iommus` to an IOMMU Xen drives, or list it in the SMMU's `mmu-masters`",
        examples: [
            .triggering(
                """
                ethernet@ff0b0000 {
                	compatible = "cdns,gem";
                	reg = <0xff0b0000 0x1000>;
                	interrupts = <0 57 4>;
                };
                """,
                guest: RuleExample.passGEM
            ),
            .clean(
                RuleExample.gemBehindSMMU,
                guest: RuleExample.passGEM
            ),
        ])
}

extension LintRule {
    /// Raises a device no IOMMU protects (and none was found that could not be used): an
    /// error for a device that masters or may master DMA, info for one that does no DMA or has
    /// neither MMIO nor a known DMA capability.
    public static let noIOMMU = LintRule(.noIOMMU) { input in
        input.devices.compactMap { device, request in
            guard !device.protection.isProtected, !device.protectionPaths.contains(where: \.blocks) else { return nil }
            let policy = device.policy
            let hasMMIO = !device.hostRegions.isEmpty
            let masters = policy.dma == .master || (policy.dma == .unknown && hasMMIO)
            var notes = input.hostLocationNote(device.node)
            var help: [String] = []
            if masters {
                notes.append(Note("class `\(policy.className)` says the device \(policy.dma == .master ? "masters DMA" : "may master DMA"); without an IOMMU it can reach all host memory"))
                notes.append(Note(input.request.trusted
                    ? "the guest is trusted, but without an IOMMU its DMA uses guest addresses the device cannot reach; only a 1:1 dom0less guest (`direct-map`) could use it"
                    : "the guest is untrusted: giving it a DMA master without an IOMMU gives it all of host memory"))
            } else if policy.dma == .none {
                notes.append(Note("class `\(policy.className)` says the device does no DMA; it is mapped with `iomem` and `irqs` only, not `dtdev`"))
                help.append("nothing to do: a device that cannot master DMA needs no IOMMU")
            } else {
                notes.append(Note("the node has no MMIO region, so the guest cannot program it to do DMA; it is not listed in `dtdev`"))
                help.append("nothing to do: a node the guest cannot program to master DMA needs no IOMMU")
            }
            return RuleDescription.noIOMMU.diagnostic(
                "\(device.hostPath) is not protected by an IOMMU", severity: masters ? .error : .info,
                at: Label(request.reference.range, masters ? "Xen refuses to assign it" : "left out of `dtdev`"),
                notes: notes, help: help, devicePath: device.hostPath, dataPath: request.reference.path.description)
        }
    }
}
