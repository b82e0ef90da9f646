// Rules about what the chosen Xen release and the host can give a guest.

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// More vCPUs than the guest's virtual GIC can address.
    public static let tooManyVCPUs = RuleDescription(
        code: "XPT-XEN-003", name: "too-many-vcpus", family: .xen, severity: .error,
        summary: "the guest has more vCPUs than its virtual GIC can address",
        rationale: """
            A vGICv2 has a fixed number of CPU interfaces, so Xen caps such a guest's vCPUs; a vGICv3 \
            guest gets one redistributor region (GUEST_GICV3_GICR0_SIZE) holding one redistributor \
            per vCPU, so the region's size caps them. Domain creation fails above that.
            """,
        fix: "lower `vcpus:`, or use a vGICv3 on a GICv3 host",
        releaseFacts: [.vcpuLimits],
        examples: [
            .triggering(RuleExample.uart, guest: "vcpus: ↓12\n" + "passthrough:\n  - /soc/serial@ff000000\n"),
            .clean(RuleExample.uart, guest: "vcpus: 8\n" + "passthrough:\n  - /soc/serial@ff000000\n"),
        ])
}

extension LintRule {
    /// Raises more vCPUs than the guest's vGIC can address: the release's vGICv2 limit, or for a
    /// vGICv3 as many vCPUs as its redistributor window has redistributors (`vgic:` in the release file).
    public static let tooManyVCPUs = LintRule(.tooManyVCPUs) { input in
        guard let (count, range) = input.request.vcpus else { return [] }
        let vgic = input.request.vgic
        let redistributors = input.plan.layout.windows.first { $0.role == .gicRedistributor && $0.isPresent }
        let limit = redistributors.map { vgic.v3MaxVCPUs(redistributorWindow: $0.size) } ?? vgic.v2MaxVCPUs
        guard count > limit else { return [] }
        let v3 = redistributors != nil
        return [RuleDescription.tooManyVCPUs.diagnostic(
            "\(count) vCPUs is more than a vGICv\(v3 ? "3" : "2") guest can have (\(limit))", at: Label(range),
            help: [v3 ? "use at most \(limit) vCPUs" : "use at most \(limit) vCPUs, or `gic: v3` on a GICv3 host"])]
    }
}
