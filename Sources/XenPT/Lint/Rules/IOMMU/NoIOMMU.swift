// IOMMU and DMA rules: Xen assigns a device only through an IOMMU it drives
// (xen/drivers/passthrough/device_tree.c, iommu_assign_dt_device).

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
