/// The human-readable plan of a guest, for `xenpt plan`: host address → guest address,
/// SPI → INTID, and the reason for each choice.
public enum PlanTable {
    /// The text.
    public static func render(_ plan: GuestPlan) -> String {
        var out = "guest `\(plan.guest)` on board `\(plan.board)`, Xen \(plan.xenVersion)\n"
        for device in plan.devices {
            out += "\n\(device.hostPath) -> /passthrough/\(device.guestName)   class \(device.className)\n"
            let placement = device.placement
            out += "  placement  \(placement.mode.rawValue) at \(hex(placement.guestBase)): \(placement.reason)\n"
            for region in device.regions {
                out += "  mmio       \(region.nodePath) reg[\(region.regIndex)] \(hex(region.hostAddress))+\(hex(region.size)) -> \(hex(region.guestAddress))"
                out += "   frames \(hex(region.firstFrame)) -> \(hex(region.guestAddress >> 12)) x\(region.frameCount)\n"
            }
            for interrupt in device.interrupts {
                let cells = interrupt.specifier.map(String.init).joined(separator: " ")
                if let id = interrupt.interruptID {
                    out += "  irq        \(interrupt.nodePath) <\(cells)> SPI \(id - 32) -> INTID \(id) (SPI + 32, 1:1 in the guest)\n"
                } else {
                    out += "  irq        \(interrupt.nodePath) <\(cells)> not routed: \(interrupt.droppedBecause ?? "")\n"
                }
            }
            switch device.protection {
            case .iommu(let path, let specifier):
                out += "  iommu      \(path) <\(specifier.map { hex($0) }.joined(separator: " "))> -> dtdev\n"
            case .legacyMaster(let path, let streams):
                out += "  iommu      mmu-masters of \(path), stream \(streams.map { hex($0) }.joined(separator: " ")) -> dtdev\n"
            case .none(let reason):
                out += "  iommu      none: \(reason)\n"
            }
            for clock in device.clocks {
                out += "  clock      \(clock.providerPath) -> fixed-clock \(clock.name) at \(clock.rate.map { "\($0) Hz" } ?? "unknown rate") (\(clock.rateSource))\n"
            }
            for regulator in device.regulators {
                out += "  supply     \(regulator.providerPath) -> regulator-fixed \(regulator.name) at \(regulator.microvolts) uV\n"
            }
            for dropped in device.droppedProperties {
                out += "  dropped    \(dropped.nodePath) `\(dropped.property)`: \(dropped.reason)\n"
            }
        }
        out += "\nxl:\n"
        out += "  dtdev = [ \(plan.dtdev.map { "\"\($0)\"" }.joined(separator: ", ")) ]\n"
        out += "  irqs  = [ \(plan.interruptIDs.map(String.init).joined(separator: ", ")) ]\n"
        out += "  iomem = [ \(plan.pageMappings.map { "\"\(XLConfigWriter.iomemEntry($0))\"" }.joined(separator: ", ")) ]\n"
        return out
    }
}
