// Rules about what the chosen Xen release can do.

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// The release lacks a capability the plan needs.
    public static let xenCapabilityMissing = RuleDescription(
        code: "XPT-XEN-001", name: "xen-capability-missing", family: .xen, severity: .error,
        summary: "the chosen Xen release cannot do what the plan needs",
        rationale: "Features arrived release by release (IRQ passthrough 4.6, generic `iommus` 4.13, SMMUv3 4.15, …).",
        fix: "move to a Xen release that has it",
        examples: [
            .triggering(
                RuleExample.uart,
                guest: RuleExample.passUART,
                xen: "4.5"
            ),
            .triggering(
                RuleExample.uart,
                guest: "↓dom0less:\n  kernel: { address: 0x48000000, size: 0x800000 }\n  device-tree: { address: 0x49000000 }\n"
                    + "passthrough:\n  - /soc/serial@ff000000\n",
                xen: "4.12"
            ),
            .clean(
                RuleExample.uart,
                guest: RuleExample.passUART,
                xen: "4.6"
            ),
            .clean(
                RuleExample.uart,
                guest: "dom0less:\n  kernel: { address: 0x48000000, size: 0x800000 }\n  device-tree: { address: 0x49000000 }\n"
                    + "passthrough:\n  - /soc/serial@ff000000\n",
                xen: "4.13"
            ),
        ])
}

extension LintRule {
    /// Raises what the Xen release cannot do for this plan.
    public static let xenCapabilityMissing = LintRule(.xenCapabilityMissing) { input in
        let request = input.request
        guard let first = request.devices.first else { return [] }
        let version = input.plan.xenVersion
        var out: [Diagnostic] = []
        if !request.capabilities.contains(.partialDeviceTree) {
            out.append(RuleDescription.xenCapabilityMissing.diagnostic(
                "Xen \(version) cannot give a guest a partial device tree (`device_tree`, from 4.6)",
                at: Label(first.reference.range), help: ["use Xen 4.6 or later"]))
        }
        if let dom0less = request.dom0less, !request.capabilities.contains(.dom0lessPassthrough) {
            out.append(RuleDescription.xenCapabilityMissing.diagnostic(
                "Xen \(version) cannot pass devices to a dom0less guest (`xen,reg`/`xen,path`, from 4.13)",
                at: Label(dom0less), help: ["use Xen 4.13 or later, or start the guest with xl"]))
        }
        if !input.plan.interruptIDs.isEmpty, !request.capabilities.contains(.irqPassthrough) {
            out.append(RuleDescription.xenCapabilityMissing.diagnostic(
                "Xen \(version) cannot route interrupts to an Arm guest (`irqs`, from 4.6)",
                at: Label(first.reference.range), help: ["use Xen 4.6 or later"]))
        }
        return out
    }
}
