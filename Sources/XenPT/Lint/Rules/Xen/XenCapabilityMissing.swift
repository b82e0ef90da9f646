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
            .clean(
                RuleExample.uart,
                guest: RuleExample.passUART,
                xen: "4.6"
            ),
        ])
}
