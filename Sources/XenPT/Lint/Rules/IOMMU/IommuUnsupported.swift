// IOMMU and DMA rules: Xen assigns a device only through an IOMMU it drives
// (xen/drivers/passthrough/device_tree.c, iommu_assign_dt_device).

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// The IOMMU is of a type this Xen release does not drive.
    public static let iommuUnsupported = RuleDescription(
        code: "XPT-IOMMU-003", name: "iommu-unsupported", family: .iommu, severity: .error,
        summary: "the device's IOMMU is not a type the chosen Xen release drives",
        rationale: """
            Xen programs only the IOMMUs its drivers match, and reads a device's streams only \
            through the bindings its release knows; any other IOMMU leaves the device unprotected.
            """,
        fix: "use a Xen release that drives this IOMMU, or keep the device in dom0",
        releaseFacts: [.iommuDrivers, .capability(.smmuLegacyMasters), .capability(.genericIOMMUBinding), .capability(.smmuGenericBinding)],
        examples: [
            .triggering(
                RuleExample.gem(behind: "vendor,iommu"),
                guest: RuleExample.passGEM
            ),
            .clean(
                RuleExample.gemBehindSMMU,
                guest: RuleExample.passGEM
            ),
        ])
}

extension LintRule {
    /// Raises an IOMMU of the device that this Xen release does not drive the way it is bound.
    public static let iommuUnsupported = LintRule(.iommuUnsupported) { input in
        let version = input.plan.xenVersion
        return input.devices.flatMap { device, request in
            device.protectionPaths.compactMap { path -> Diagnostic? in
                switch path {
                case .iommusLink(let iommu, _, true, nil):
                    let compatible = input.index.compatibles(iommu).first ?? "no compatible"
                    return RuleDescription.iommuUnsupported.diagnostic(
                        "Xen \(version) does not drive the IOMMU \(input.index.path(iommu)) (`\(compatible)`) through `iommus`",
                        at: Label(request.reference.range), notes: input.hostLocationNote(iommu), devicePath: device.hostPath,
                        dataPath: request.reference.path.description,
                        related: [input.related(iommu, "the IOMMU (`\(compatible)`)")], fields: [.text("property", "iommus"), .text("iommu", input.index.path(iommu))])
                case .legacyMaster(let smmu, _, false, _):
                    return RuleDescription.iommuUnsupported.diagnostic(
                        "Xen \(version) does not read the `mmu-masters` of \(input.index.path(smmu))",
                        at: Label(request.reference.range), notes: input.hostLocationNote(smmu), devicePath: device.hostPath,
                        dataPath: request.reference.path.description,
                        related: [input.related(smmu, "the SMMU")], fields: [.text("property", "mmu-masters"), .text("iommu", input.index.path(smmu))])
                default: return nil
                }
            }
        }
    }
}
