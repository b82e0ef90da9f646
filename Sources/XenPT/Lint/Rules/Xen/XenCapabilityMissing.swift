// Rules about what the chosen Xen release can do.

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// The release lacks a capability the plan needs.
    public static let xenCapabilityMissing = RuleDescription(
        code: "XPT-XEN-001", name: "xen-capability-missing", family: .xen, severity: .error,
        summary: "the chosen Xen release cannot do what the plan needs",
        rationale: """
            Passthrough arrived in Xen release by release: a release without the capability a plan \
            needs has no such xl option or device-tree binding, so xl refuses the config or Xen \
            ignores what it does not know and the guest starts without its device.
            """,
        fix: "move to a Xen release that has it",
        releaseFacts: [.capability(.irqPassthrough), .capability(.partialDeviceTree), .capability(.dom0less), .capability(.dom0lessPassthrough)],
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
        /// The finding for a missing capability: when it arrives comes from the release files.
        func missing(_ capability: XenCapability, _ what: String, _ syntax: String, at range: SourceRange, otherwise: String? = nil) -> Diagnostic {
            let start = request.capabilityStarts[capability]
            let move = start.map { "use Xen \($0) or later" } ?? "use a Xen release that has `\(capability.rawValue)`"
            return RuleDescription.xenCapabilityMissing.diagnostic(
                "Xen \(version) cannot \(what) (\(syntax), " + (start.map { "from \($0))" } ?? "in no release xenpt knows)"),
                at: Label(range), help: [move + (otherwise.map { ", or " + $0 } ?? "")])
        }
        var out: [Diagnostic] = []
        if !request.capabilities.contains(.partialDeviceTree) {
            out.append(missing(.partialDeviceTree, "give a guest a partial device tree", "`device_tree`", at: first.reference.range))
        }
        if let dom0less = request.dom0less, !request.capabilities.contains(.dom0lessPassthrough) {
            out.append(missing(.dom0lessPassthrough, "pass devices to a dom0less guest", "`xen,reg`/`xen,path`", at: dom0less,
                               otherwise: "start the guest with xl"))
        }
        if !input.plan.interruptIDs.isEmpty, !request.capabilities.contains(.irqPassthrough) {
            out.append(missing(.irqPassthrough, "route interrupts to an Arm guest", "`irqs`", at: first.reference.range))
        }
        return out
    }
}
