import Diagnostics

/// The human-readable plan of a guest, for `xenpt plan`: host address → guest address,
/// SPI → INTID, and the reason for each choice.
public enum PlanTable {
    /// The text. Paths, names and reasons come from the host tree and the manifests: each line
    /// is escaped on its own (`PrintableText`), so no value can break a line or reach the
    /// terminal as a control character.
    public static func render(_ plan: GuestPlan) -> String {
        var lines: [String] = []
        func line(_ text: String) { lines.append(PrintableText.escaped(text)) }
        line("guest `\(plan.guest)` on board `\(plan.board)`, Xen \(plan.xenVersion)")
        for device in plan.devices {
            line("")
            line("\(device.hostPath) -> /passthrough/\(device.guestName)   class \(device.className)")
            let placement = device.placement
            line(placement.pageSpan == 0 ? "  placement  none: \(placement.reason)"
                : "  placement  \(placement.mode.rawValue) at \(hex(placement.guestBase)): \(placement.reason)")
            for region in device.regions {
                line("  mmio       \(region.nodePath) reg[\(region.regIndex)] \(hex(region.hostAddress))+\(hex(region.size)) -> \(hex(region.guestAddress))"
                     + "   frames \(hex(region.firstFrame)) -> \(hex(region.guestAddress >> 12)) x\(region.frameCount)")
            }
            for interrupt in device.interrupts {
                let cells = interrupt.specifier.map(String.init).joined(separator: " ")
                if let id = interrupt.interruptID {
                    line("  irq        \(interrupt.nodePath) <\(cells)> SPI \(id - 32) -> INTID \(id) (SPI + 32, 1:1 in the guest)")
                } else {
                    line("  irq        \(interrupt.nodePath) <\(cells)> not routed: \(interrupt.droppedBecause ?? "")")
                }
            }
            switch device.protection {
            case .iommu(let path, let specifier):
                line("  iommu      \(path) <\(specifier.map { hex($0) }.joined(separator: " "))> -> dtdev")
            case .legacyMaster(let path, let streams):
                line("  iommu      mmu-masters of \(path), stream \(streams.map { hex($0) }.joined(separator: " ")) -> dtdev")
            case .none(let reason):
                line("  iommu      none: \(reason)")
            }
            for clock in device.clocks {
                line("  clock      \(clock.providerPath) -> fixed-clock \(clock.name) at \(clock.rate.map { "\($0) Hz" } ?? "unknown rate") (\(clock.rateSource))")
            }
            for regulator in device.regulators {
                line("  supply     \(regulator.providerPath) -> regulator-fixed \(regulator.name) at \(regulator.microvolts) uV")
            }
            for dropped in device.droppedProperties {
                line("  dropped    \(dropped.nodePath) `\(dropped.property)`: \(dropped.reason)")
            }
        }
        line("")
        line("xl:")
        line("  dtdev = [ \(plan.dtdev.map { "\"\($0)\"" }.joined(separator: ", ")) ]")
        line("  irqs  = [ \(plan.interruptIDs.map(String.init).joined(separator: ", ")) ]")
        line("  iomem = [ \(plan.pageMappings.map { "\"\(XLConfigWriter.iomemEntry($0))\"" }.joined(separator: ", ")) ]")
        if !plan.waived.isEmpty {
            line("")
            line("waived:")
            for waived in plan.waived {
                line("  \(waived.finding.code) \(waived.finding.severity.rawValue): \(waived.finding.message)")
                line("    reason: \(waived.reason)")
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }
}
