// Rules about what the chosen Xen release and the host can give a guest.

extension RuleDescription {
    /// The guest asks for a GIC version the host cannot provide.
    public static let gicVersionMismatch = RuleDescription(
        code: "XPT-XEN-002", name: "gic-version-mismatch", family: .xen, severity: .error,
        summary: "the guest's GIC version differs from the host GIC's",
        rationale: """
            Xen emulates the host's GIC family: a GICv3 guest on a GICv2 host cannot be created, and a \
            GICv2 guest on a GICv3 host works only when the GICv3 implements the GICv2 compatibility \
            interface (warning). The guest's GIC also decides which vGIC windows the guest map has.
            """,
        fix: "remove `gic:` so xl uses the host's version, or match it",
        examples: [
            .triggering(RuleExample.uart, guest: "gic: ↓v3\n" + "passthrough:\n  - /soc/serial@ff000000\n"),
            .clean(RuleExample.uart, guest: "gic: v2\n" + "passthrough:\n  - /soc/serial@ff000000\n"),
            .clean(RuleExample.uart, guest: RuleExample.passUART),
        ])
}
