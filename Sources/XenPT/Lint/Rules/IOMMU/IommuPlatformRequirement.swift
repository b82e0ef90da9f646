// IOMMU and DMA rules: Xen assigns a device only through an IOMMU it drives
// (xen/drivers/passthrough/device_tree.c, iommu_assign_dt_device).

import DeviceTree
import Diagnostics

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

extension LintRule {
    /// Raises an IOMMU whose Xen driver checks platform preconditions (the Renesas IPMMU).
    public static let iommuPlatformRequirement = LintRule(.iommuPlatformRequirement) { input in
        input.devices.flatMap { device, request in
            device.protectionPaths.compactMap { path -> Diagnostic? in
                guard case .iommusLink(let iommu, _, _, IOMMUKind.ipmmuVMSA.rawValue?) = path else { return nil }
                return RuleDescription.iommuPlatformRequirement.diagnostic(
                    "the IPMMU driver of Xen checks platform preconditions for \(input.index.path(iommu))", at: Label(request.reference.range),
                    notes: [Note("Xen needs a `renesas,prr` node, an R-Car H3 of ES3.0 or later, and `renesas,ipmmu-main` on the cache IPMMUs")],
                    devicePath: device.hostPath)
            }
        }
    }
}
