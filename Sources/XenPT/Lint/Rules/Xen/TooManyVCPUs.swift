// Rules about what the chosen Xen release and the host can give a guest.

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// More vCPUs than the guest's virtual GIC can address.
    public static let tooManyVCPUs = RuleDescription(
        code: "XPT-XEN-003", name: "too-many-vcpus", family: .xen, severity: .error,
        summary: "the guest has more vCPUs than its virtual GIC can address",
        rationale: """
            A vGICv2 has 8 CPU interfaces, so Xen caps such a guest at 8 vCPUs; a vGICv3 guest gets one \
            redistributor region (GUEST_GICV3_GICR0_SIZE) of 128 KiB per vCPU, 128 vCPUs from Xen 4.6 and 8 in 4.5. \
            Domain creation fails above that.
            """,
        fix: "lower `vcpus:`, or use a vGICv3 on a GICv3 host",
        examples: [
            .triggering(RuleExample.uart, guest: "vcpus: ↓12\n" + "passthrough:\n  - /soc/serial@ff000000\n"),
            .clean(RuleExample.uart, guest: "vcpus: 8\n" + "passthrough:\n  - /soc/serial@ff000000\n"),
        ])
}

extension LintRule {
    /// Raises more vCPUs than the guest's vGIC can address (8 for a vGICv2, one 16 MiB
    /// redistributor region of 128 KiB frames for a vGICv3).
    public static let tooManyVCPUs = LintRule(.tooManyVCPUs) { input in
        guard let (count, range) = input.request.vcpus else { return [] }
        let windows = input.plan.layout.windows
        let v3 = windows.contains { $0.name == "vgic-v3-gicr" && $0.isPresent }
        let redistributors = windows.first { $0.name == "vgic-v3-gicr" }.map { $0.size / 0x20000 } ?? 128
        let limit: UInt64 = v3 ? redistributors : 8
        guard count > limit else { return [] }
        return [RuleDescription.tooManyVCPUs.diagnostic(
            "\(count) vCPUs is more than a vGICv\(v3 ? "3" : "2") guest can have (\(limit))", at: Label(range),
            help: [v3 ? "use at most \(limit) vCPUs" : "use at most 8 vCPUs, or `gic: v3` on a GICv3 host"])]
    }
}
