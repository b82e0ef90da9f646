// IOMMU and DMA rules: Xen assigns a device only through an IOMMU it drives
// (xen/drivers/passthrough/device_tree.c, iommu_assign_dt_device).

extension RuleDescription {
    /// A platform precondition that Xen checks at boot.
    public static let iommuPlatformRequirement = RuleDescription(
        code: "XPT-IOMMU-005", name: "iommu-platform-requirement", family: .iommu, severity: .info,
        summary: "the IOMMU driver has a platform precondition Xen checks at boot",
        rationale: "The Renesas IPMMU driver needs a `renesas,prr` node, an H3 of ES3.0 or later, and `renesas,ipmmu-main`.",
        fix: "check the board meets the driver's preconditions",
        examples: [
            .triggering(
                RuleExample.gem(behind: "renesas,ipmmu-r8a7795"),
                guest: RuleExample.passGEM
            ),
            .clean(
                RuleExample.gemBehindSMMU,
                guest: RuleExample.passGEM
            ),
        ])
}
