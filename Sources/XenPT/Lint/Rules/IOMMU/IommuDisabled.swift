// IOMMU and DMA rules: Xen assigns a device only through an IOMMU it drives
// (xen/drivers/passthrough/device_tree.c, iommu_assign_dt_device).

import DeviceTree
import Diagnostics

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

extension LintRule {
    /// Raises an IOMMU of the device that is disabled on the host.
    public static let iommuDisabled = LintRule(.iommuDisabled) { input in
        input.devices.flatMap { device, request in
            device.protectionPaths.compactMap { path -> Diagnostic? in
                switch path {
                case .iommusLink(let iommu, _, false, _):
                    let iommuPath = input.index.path(iommu)
                    return RuleDescription.iommuDisabled.diagnostic(
                        "the IOMMU \(iommuPath) of \(device.hostPath) is disabled", at: Label(request.reference.range, "protected only through \(iommuPath)"),
                        notes: input.hostLocationNote(iommu), devicePath: device.hostPath, dataPath: request.reference.path.description,
                        related: [input.related(iommu, "the IOMMU, disabled")], fields: [.text("property", "iommus"), .text("iommu", iommuPath)])
                case .legacyMaster(let smmu, _, true, false):
                    return RuleDescription.iommuDisabled.diagnostic(
                        "the SMMU \(input.index.path(smmu)) listing \(device.hostPath) is disabled", at: Label(request.reference.range),
                        notes: input.hostLocationNote(smmu), devicePath: device.hostPath, dataPath: request.reference.path.description,
                        related: [input.related(smmu, "the SMMU, disabled")], fields: [.text("property", "mmu-masters"), .text("iommu", input.index.path(smmu))])
                default: return nil
                }
            }
        }
    }
}
