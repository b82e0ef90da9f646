// Board rules: what Xen itself needs from the host tree before any guest matters.

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// No memory node.
    public static let noMemory = RuleDescription(
        code: "XPT-BOARD-003", name: "no-memory", family: .board, severity: .warning,
        summary: "the host tree has no memory node",
        rationale: """
            Xen learns the host RAM only from `device_type = "memory"` nodes with a non-empty `reg` \
            (xen/common/device-tree/bootinfo-fdt.c, process_memory_node); with no bank it has no RAM to \
            run in (on arm32 it panics with "No memory bank", xen/arch/arm/arm32/mmu/mm.c, setup_mm). \
            Firmware such as U-Boot may add the node at boot; xenpt checks the tree it is given. A board \
            check, reported once per board: a warning, since the guest artifacts are right for the tree as \
            given.
            """,
        fix: "add a `memory@…` node with `device_type = \"memory\"` and the RAM banks, or check that the firmware adds it",
        examples: [
            .triggeringBoard(RuleExample.xenHost(memory: "")),
            .triggeringBoard(RuleExample.xenHost(memory: RuleExample.xenMemory.replacingOccurrences(of: "0x0 0x80000000>", with: "0x0 0x0>"))),
            .cleanBoard(RuleExample.xenHost()),
        ])
}

extension BoardRule {
    /// Raises a host tree without an enabled memory node that has at least one non-empty bank.
    public static let noMemory = BoardRule(.noMemory) { input in
        let index = input.index
        let banks = index.allNodes.filter { node in
            index.isEnabled(node) && index.property("device_type", of: node)?.string == "memory"
                && ((try? index.registerRegions(of: node))?.contains { $0.size > 0 } ?? false)
        }
        guard banks.isEmpty else { return [] }
        return [input.finding(RuleDescription.noMemory, "the host tree has no memory node with a RAM bank", node: nil,
                              label: "Xen finds no RAM in this tree")]
    }
}
