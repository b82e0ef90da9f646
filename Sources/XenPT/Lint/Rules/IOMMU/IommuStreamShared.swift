// IOMMU and DMA rules: Xen assigns a device only through an IOMMU it drives
// (xen/drivers/passthrough/device_tree.c, iommu_assign_dt_device).

extension RuleDescription {
    /// Another host device shares the stream ID.
    public static let iommuStreamShared = RuleDescription(
        code: "XPT-IOMMU-004", name: "iommu-stream-shared", family: .iommu, severity: .error,
        summary: "a device outside the assignment uses the same IOMMU stream",
        rationale: "Xen can give one stream to one domain only; the other device would fault or share the guest's address space.",
        fix: "pass both devices to the same guest",
        examples: [
            .triggering(
                RuleExample.gemBehindSMMU + "\n" + """
                usb@fe200000 {
                	compatible = "snps,dwc3";
                	reg = <0xfe200000 0x40000>;
                	interrupts = <0 65 4>;
                	iommus = <&smmu 0x874>;
                };
                """,
                guest: RuleExample.passGEM
            ),
            .clean(
                RuleExample.gemBehindSMMU + "\n" + """
                usb@fe200000 {
                	compatible = "snps,dwc3";
                	reg = <0xfe200000 0x40000>;
                	interrupts = <0 65 4>;
                	iommus = <&smmu 0x860>;
                };
                """,
                guest: RuleExample.passGEM
            ),
        ])
}
