// Dependency rules: what the guest copy loses, and what the host loses.

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// The device provides something to host devices.
    public static let providerInUse = RuleDescription(
        code: "XPT-DEP-003", name: "provider-in-use", family: .dependency, severity: .error,
        summary: "the device provides a clock, GPIO, mailbox or similar to devices that stay with the host",
        rationale: "Once the guest owns it, dom0 drivers that depend on it fail or hang.",
        fix: "pass the users to the same guest, or keep the provider in dom0",
        examples: [
            .triggering(
                RuleExample.gpioController + "\n" + """
                button {
                	compatible = "gpio-keys";
                	interrupt-parent = <&gpio>;
                	interrupts = <27 2>;
                };
                """,
                guest: """
                passthrough:
                  - ↓/soc/gpio@ff0a0000

                """
            ),
            .clean(
                RuleExample.gpioController,
                guest: """
                passthrough:
                  - /soc/gpio@ff0a0000

                """
            ),
        ])
}

extension LintRule {
    /// Raises every host node outside the assignment that uses a provider inside it.
    public static let providerInUse = LintRule(.providerInUse) { input in
        let index = input.index
        return input.devices.flatMap { device, request in
            ([device.node] + index.descendants(device.node)).flatMap { member in
                var reported: Set<NodeID> = []
                return (input.facts.providerUses[member] ?? []).filter {
                    !input.assigned.contains($0.user) && $0.property != "remote-endpoint" && $0.property != "iommus" && reported.insert($0.user).inserted
                }.map { use in
                    RuleDescription.providerInUse.diagnostic(
                        "\(index.path(member)) is used by \(index.path(use.user)) (`\(use.property)`), which stays with the host",
                        at: Label(request.reference.range), notes: input.hostLocationNote(use.user), devicePath: index.path(member),
                        related: [input.related(use.user, "uses it through `\(use.property)` and stays with the host")],
                        fields: [.text("property", use.property)])
                }
            }
        }
    }
}
