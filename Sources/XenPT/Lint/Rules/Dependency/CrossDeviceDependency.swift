// Dependency rules: what the guest copy loses, and what the host loses.

extension RuleDescription {
    /// A link into another device that stays with the host.
    public static let crossDeviceDependency = RuleDescription(
        code: "XPT-DEP-002", name: "cross-device-dependency", family: .dependency, severity: .warning,
        summary: "the device links to another device that stays with the host",
        rationale: "A PHY, DMA controller or mailbox left in dom0 cannot be used by the guest driver.",
        fix: "pass the other device to the same guest",
        examples: [
            .triggering(
                RuleExample.serdesPHY + "\n" + """
                ethernet@ff0b0000 {
                	compatible = "cdns,gem";
                	reg = <0xff0b0000 0x1000>;
                	interrupts = <0 57 4>;
                	phys = <&lane 0>;
                	iommus = <&smmu 0x874>;
                };
                smmu: iommu@fd800000 {
                	compatible = "arm,mmu-500";
                	reg = <0xfd800000 0x20000>;
                	#iommu-cells = <1>;
                };
                """,
                guest: RuleExample.passGEM
            ),
            .clean(
                RuleExample.serdesPHY + "\n" + """
                ethernet@ff0b0000 {
                	compatible = "cdns,gem";
                	reg = <0xff0b0000 0x1000>;
                	interrupts = <0 57 4>;
                	phys = <&lane 0>;
                	iommus = <&smmu 0x874>;
                };
                smmu: iommu@fd800000 {
                	compatible = "arm,mmu-500";
                	reg = <0xfd800000 0x20000>;
                	#iommu-cells = <1>;
                };
                """,
                guest: """
                passthrough:
                  - /soc/ethernet@ff0b0000
                  - /soc/phy@fd400000

                """
            ),
        ])
}
