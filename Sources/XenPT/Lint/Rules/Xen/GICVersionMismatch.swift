// Rules about what the chosen Xen release and the host can give a guest.

import DeviceTree
import Diagnostics

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

extension LintRule {
    /// Raises a guest GIC the host GIC cannot provide.
    public static let gicVersionMismatch = LintRule(.gicVersionMismatch) { input in
        guard let (asked, range) = input.request.gicVersion, let host = input.request.hostGICVersion, asked != host else { return [] }
        if asked == .v3 {
            return [RuleDescription.gicVersionMismatch.diagnostic(
                "the guest asks for a GICv3 but the host GIC is a GICv2", at: Label(range, "Xen emulates only the host's GIC family"),
                help: ["remove `gic:` (xl then uses the host's version) or write `gic: v2`"])]
        }
        return [RuleDescription.gicVersionMismatch.diagnostic(
            "the guest asks for a GICv2 on a GICv3 host", severity: .warning,
            at: Label(range, "needs the GICv3's GICv2 compatibility (a GICV region in the host tree)"),
            help: ["remove `gic:` unless the guest OS lacks a GICv3 driver"])]
    }
}
