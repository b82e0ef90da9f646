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
            Error for DMA masters and for devices listed in `dtdev`; warning for register-only devices, \
            which are mapped with `iomem` and `irqs` only.
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
    /// error for a DMA master, a warning for a device that does no DMA.
    public static let noIOMMU = LintRule(.noIOMMU) { input in
        input.devices.compactMap { device, request in
            guard !device.protection.isProtected, !device.protectionPaths.contains(where: \.blocks) else { return nil }
            let policy = device.policy
            let masters = policy.dma != .none
            var notes = input.hostLocationNote(device.node)
            notes.append(Note(masters
                ? "class `\(policy.className)` says the device \(policy.dma == .master ? "masters DMA" : "may master DMA"); without an IOMMU it can reach all host memory"
                : "class `\(policy.className)` says the device does no DMA; it is mapped with `iomem` and `irqs` only, not `dtdev`"))
            if masters {
                notes.append(Note(input.request.trusted
                    ? "the guest is trusted, but without an IOMMU its DMA uses guest addresses the device cannot reach; only a 1:1 dom0less guest (`direct-map`) could use it"
                    : "the guest is untrusted: giving it a DMA master without an IOMMU gives it all of host memory"))
            }
            return RuleDescription.noIOMMU.diagnostic(
                "\(device.hostPath) is not protected by an IOMMU", severity: masters ? .error : .warning,
                at: Label(request.reference.range, masters ? "Xen refuses to assign it" : "left out of `dtdev`"),
                notes: notes, devicePath: device.hostPath, dataPath: request.reference.path.description)
        }
    }
}
