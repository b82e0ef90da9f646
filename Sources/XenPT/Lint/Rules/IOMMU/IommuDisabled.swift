// IOMMU and DMA rules: Xen assigns a device only through an IOMMU it drives
// (xen/drivers/passthrough/device_tree.c, iommu_assign_dt_device).

extension RuleDescription {
    /// The IOMMU a device points at is disabled.
    public static let iommuDisabled = RuleDescription(
        code: "XPT-IOMMU-002", name: "iommu-disabled", family: .iommu, severity: .error,
        summary: "the device's IOMMU has `status` other than okay",
        rationale: "Xen skips IOMMUs that are not available (`iommu_add_dt_device`), so the device stays unprotected.",
        fix: "enable the IOMMU node in the host tree",
        examples: [
            .triggering(
                RuleExample.gem(behind: "arm,mmu-500", status: "disabled"),
                guest: RuleExample.passGEM
            ),
            .clean(
                RuleExample.gemBehindSMMU,
                guest: RuleExample.passGEM
            ),
        ])
}
