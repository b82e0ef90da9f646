// Clock rules: guests cannot touch host clock controllers; each clock becomes a fixed-clock.

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// A clock is also used by a device that stays with the host.
    public static let clockShared = RuleDescription(
        code: "XPT-CLK-001", name: "clock-shared", family: .clock, severity: .warning,
        summary: "a clock of the device is also used by a device outside the assignment",
        rationale: "Dom0 may gate or re-rate it under the guest; the guest's fixed-clock cannot follow.",
        fix: "make sure dom0 keeps the clock on (e.g. `clk_ignore_unused`), then waive with a reason",
        examples: [
            .triggering(
                RuleExample.uartAndI2C(clockedBy: "&clkc 61"),
                guest: RuleExample.passUART
            ),
            .clean(
                RuleExample.uartAndI2C(clockedBy: "&osc"),
                guest: RuleExample.passUART
            ),
        ])
}

extension LintRule {
    /// Raises a gateable clock that nodes outside the assignment also use (a fixed-clock
    /// cannot be gated or re-rated, so sharing it is harmless).
    public static let clockShared = LintRule(.clockShared) { input in
        input.devices.flatMap { device, request in
            device.clockUses.filter { $0.createsStandIn && !$0.isFixed }.compactMap { use in
                var seen: Set<NodeID> = []
                let sharers = input.facts.users(of: use.provider, property: "clocks", arguments: use.specifier).filter {
                    !input.assigned.contains($0) && seen.insert($0).inserted
                }
                guard !sharers.isEmpty else { return nil }
                let paths = sharers.map { input.index.path($0) }
                let named = paths.count == 1 ? paths[0] : paths.dropLast().joined(separator: ", ") + " and " + paths[paths.count - 1]
                // Every other user is named, here and in every format: no "and 2 more".
                return RuleDescription.clockShared.diagnostic(
                    "clock `\(use.clockName)` of \(use.consumerPath) is also used by \(named)",
                    at: Label(request.reference.range), notes: sharers.flatMap { input.hostLocationNote($0) }, devicePath: use.consumerPath,
                    related: sharers.map { input.related($0, "also uses clock `\(use.clockName)` and stays outside the guest") },
                    fields: FindingField.clock(use, providerPath: input.index.path(use.provider)))
            }
        }
    }
}
