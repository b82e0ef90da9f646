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
                """
                ethernet@ff0b0000 {
                	compatible = "cdns,gem";
                	reg = <0xff0b0000 0x1000>;
                	interrupts = <0 57 4>;
                	iommus = <&smmu 0x874>;
                };
                smmu: iommu@fd800000 {
                	compatible = "arm,mmu-500";
                	reg = <0xfd800000 0x20000>;
                	#iommu-cells = <1>;
                	status = "disabled";
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
