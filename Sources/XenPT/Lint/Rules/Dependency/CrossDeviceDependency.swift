// Dependency rules: what the guest copy loses, and what the host loses.

import DeviceTree
import Diagnostics

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

extension LintRule {
    /// Raises each link to another device that stays outside the guest: an error when the
    /// class needs the provider along, a warning otherwise.
    public static let crossDeviceDependency = LintRule(.crossDeviceDependency) { input in
        input.devices.flatMap { device, request in
            device.droppedProperties.filter(\.crossDevice).map { dropped in
                let policy = device.policy
                let kind = dropped.property.hasSuffix("-gpios") ? "gpios" : dropped.property
                let wanted = DependencyKind(rawValue: kind).flatMap { policy.dependencyPolicies[$0] }
                let needed = wanted == .mustAccompany
                var help: [String] = []
                if needed {
                    help.append("class `\(policy.className)` needs its `\(kind)` provider in the same guest; pass it too")
                } else if wanted == .passIfDedicated {
                    help.append(input.dedicationHelp(dropped.property, of: dropped.node))
                }
                return RuleDescription.crossDeviceDependency.diagnostic(
                    "`\(dropped.property)` of \(dropped.nodePath) \(dropped.reason)", severity: needed ? .error : .warning,
                    at: Label(request.reference.range, "`\(dropped.property)` of \(dropped.nodePath) is not copied"),
                    notes: input.propertyNote(dropped), help: help, devicePath: dropped.nodePath,
                    fields: [.text("property", dropped.property)])
            }
        }
    }
}

extension LintInput {
    /// Whether the providers of a link serve only this assignment: then they can come along.
    func dedicationHelp(_ property: String, of member: NodeID) -> String {
        guard let kind = PhandleLinkKind.kind(for: property), let links = try? index.links(property, of: member, shape: kind.shape) else {
            return "pass the provider to this guest too, if nothing else uses it"
        }
        for link in links where !assigned.contains(link.provider) {
            let others = (facts.providerUses[link.provider] ?? []).filter { !assigned.contains($0.user) }
            if let other = others.first {
                return "\(index.path(link.provider)) is also used by \(index.path(other.user)), so it cannot come along"
            }
        }
        let providers = links.filter { !assigned.contains($0.provider) }.map { index.path($0.provider) }
        return "only this device uses \(providers.joined(separator: ", ")): pass it to this guest too"
    }
}
