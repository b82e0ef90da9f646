// Dependency rules: what the guest copy loses, and what the host loses.

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// A property holding a host phandle was left out of the guest copy.
    public static let hostPhandle = RuleDescription(
        code: "XPT-DEP-004", name: "host-phandle", family: .dependency, severity: .warning,
        summary: "a property that names a host node was left out of the guest copy",
        rationale: """
            A phandle is a number that names a node of one tree; copied into the guest tree it names \
            nothing there, or the wrong node. A property whose phandles name nodes outside the guest \
            (`interrupt-affinity`, a graph's `remote-endpoint`, a vendor syscon link) is left out, so \
            the guest loses a link the host had and its driver may fail to probe.
            """,
        fix: "pass the node it names to this guest too, or waive `host-phandle` here if the guest driver does without it",
        examples: [
            .triggering(
                RuleExample.socfpgaEthernet,
                guest: """
                passthrough:
                  - ↓/soc/ethernet@ff700000

                """
            ),
            .clean(
                RuleExample.socfpgaEthernet,
                guest: """
                passthrough:
                  - /soc/ethernet@ff700000
                  - /soc/sysmgr@ffd08000

                """
            ),
        ])
}

extension LintRule {
    /// Raises each property left out because a phandle in it names a node outside the guest.
    public static let hostPhandle = LintRule(.hostPhandle) { input in
        input.droppedPropertyFindings(.hostPhandle, rule: .hostPhandle) { "is dropped: it \($0.reason)" }
    }
}
