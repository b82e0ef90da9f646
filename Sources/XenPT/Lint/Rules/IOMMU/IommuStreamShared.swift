// IOMMU and DMA rules: Xen assigns a device only through an IOMMU it drives
// (xen/drivers/passthrough/device_tree.c, iommu_assign_dt_device).

import DeviceTree
import Diagnostics

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

extension LintRule {
    /// Raises an IOMMU stream of the device that a node outside the assignment also uses.
    public static let iommuStreamShared = LintRule(.iommuStreamShared) { input in
        let index = input.index
        return input.devices.flatMap { device, request in
            device.protectionPaths.flatMap { path -> [Diagnostic] in
                switch path {
                case .iommusLink(let iommu, let specifier, _, _):
                    return input.facts.users(of: iommu, property: "iommus", arguments: specifier)
                        .filter { !input.assigned.contains($0) }
                        .map { user in
                            RuleDescription.iommuStreamShared.diagnostic(
                                "IOMMU stream <\(specifier.map { hex($0) }.joined(separator: " "))> of \(device.hostPath) is also used by \(index.path(user))",
                                at: Label(request.reference.range), notes: input.hostLocationNote(user), devicePath: device.hostPath,
                                related: [input.related(user, "uses the same stream and stays outside the guest")],
                                fields: [.text("property", "iommus"), .text("iommu", index.path(iommu)), .numbers("streamIDs", specifier)])
                        }
                case .legacyMaster(let smmu, let streams, true, true):
                    return (input.facts.legacyMasters[smmu] ?? [])
                        .filter { !input.assigned.contains($0.master) && !Set($0.streamIDs).isDisjoint(with: streams) }
                        .map { other in
                            RuleDescription.iommuStreamShared.diagnostic(
                                "stream ID of \(device.hostPath) on \(index.path(smmu)) is also used by \(index.path(other.master))",
                                at: Label(request.reference.range), notes: input.hostLocationNote(other.master), devicePath: device.hostPath,
                                related: [input.related(other.master, "uses the same stream ID and stays outside the guest")],
                                fields: [.text("property", "mmu-masters"), .text("iommu", index.path(smmu)),
                                         .numbers("streamIDs", streams.filter(Set(other.streamIDs).contains))])
                        }
                default: return []
                }
            }
        }
    }
}
