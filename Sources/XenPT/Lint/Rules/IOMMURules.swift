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
        fix: "give the node `iommus` to an IOMMU Xen drives, or list it in the SMMU's `mmu-masters`")

    /// The IOMMU a device points at is disabled.
    public static let iommuDisabled = RuleDescription(
        code: "XPT-IOMMU-002", name: "iommu-disabled", family: .iommu, severity: .error,
        summary: "the device's IOMMU has `status` other than okay",
        rationale: "Xen skips IOMMUs that are not available (`iommu_add_dt_device`), so the device stays unprotected.",
        fix: "enable the IOMMU node in the host tree")

    /// The IOMMU is of a type this Xen release does not drive.
    public static let iommuUnsupported = RuleDescription(
        code: "XPT-IOMMU-003", name: "iommu-unsupported", family: .iommu, severity: .error,
        summary: "the device's IOMMU is not a type the chosen Xen release drives",
        rationale: "Xen only programs SMMUv1/v2 (4.6+), IPMMU-VMSA (4.13+) and SMMUv3 (4.15+); any other IOMMU leaves the device unprotected.",
        fix: "use a Xen release that drives this IOMMU, or keep the device in dom0")

    /// Another host device shares the stream ID.
    public static let iommuStreamShared = RuleDescription(
        code: "XPT-IOMMU-004", name: "iommu-stream-shared", family: .iommu, severity: .error,
        summary: "a device outside the assignment uses the same IOMMU stream",
        rationale: "Xen can give one stream to one domain only; the other device would fault or share the guest's address space.",
        fix: "pass both devices to the same guest")

    /// A platform precondition that Xen checks at boot.
    public static let iommuPlatformRequirement = RuleDescription(
        code: "XPT-IOMMU-005", name: "iommu-platform-requirement", family: .iommu, severity: .info,
        summary: "the IOMMU driver has a platform precondition Xen checks at boot",
        rationale: "The Renesas IPMMU driver needs a `renesas,prr` node, an H3 of ES3.0 or later, and `renesas,ipmmu-main`.",
        fix: "check the board meets the driver's preconditions")

    /// An ancestor bus restricts or offsets DMA.
    public static let dmaRanges = RuleDescription(
        code: "XPT-DMA-001", name: "dma-ranges", family: .iommu, severity: .warning,
        summary: "an ancestor bus has `dma-ranges` the guest tree does not carry",
        rationale: "The guest's `/passthrough` bus has no `dma-ranges`, so a guest driver assumes DMA addresses equal physical ones.",
        fix: "check the device's DMA works through the IOMMU without the bus offset, then waive with a reason")
}
