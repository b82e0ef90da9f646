// Rules about what the chosen Xen release can do.

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
