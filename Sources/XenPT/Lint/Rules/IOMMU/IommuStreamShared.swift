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
                };
                usb@fe200000 {
                	compatible = "snps,dwc3";
                	reg = <0xfe200000 0x40000>;
                	interrupts = <0 65 4>;
                	iommus = <&smmu 0x874>;
                };
                """,
                guest: """
                passthrough:
                  - ↓/soc/ethernet@ff0b0000

                """
            ),
            .clean(
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
                };
                usb@fe200000 {
                	compatible = "snps,dwc3";
                	reg = <0xfe200000 0x40000>;
                	interrupts = <0 65 4>;
                	iommus = <&smmu 0x860>;
                };
                """,
                guest: """
                passthrough:
                  - ↓/soc/ethernet@ff0b0000

                """
            ),
        ])
}
