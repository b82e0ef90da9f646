// IOMMU and DMA rules: Xen assigns a device only through an IOMMU it drives
// (xen/drivers/passthrough/device_tree.c, iommu_assign_dt_device).

extension RuleDescription {
    /// The IOMMU is of a type this Xen release does not drive.
    public static let iommuUnsupported = RuleDescription(
        code: "XPT-IOMMU-003", name: "iommu-unsupported", family: .iommu, severity: .error,
        summary: "the device's IOMMU is not a type the chosen Xen release drives",
        rationale: "Xen only programs SMMUv1/v2 (4.6+), IPMMU-VMSA (4.13+) and SMMUv3 (4.15+); any other IOMMU leaves the device unprotected.",
        fix: "use a Xen release that drives this IOMMU, or keep the device in dom0",
        examples: [
            .triggering(
                RuleExample.gem(behind: "vendor,iommu"),
                guest: RuleExample.passGEM
            ),
            .clean(
                RuleExample.gemBehindSMMU,
                guest: RuleExample.passGEM
            ),
        ])
}
