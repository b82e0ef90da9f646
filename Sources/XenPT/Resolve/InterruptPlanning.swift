import DeviceTree
import Diagnostics

extension GuestPlanner {
    /// Resolves every interrupt of the subtree and decides which become `irqs`.
    mutating func planInterrupts(subtree: [NodeID], device: DeviceRequest) -> [PlannedInterrupt] {
        var out: [PlannedInterrupt] = []
        for member in subtree {
            let resolved: [ResolvedInterrupt]
            do { resolved = try index.interrupts(of: member) } catch {
                diagnostics.append(ResolveError.hostTree(error, at: device.reference, note: hostLocationNote(member)))
                continue
            }
            let path = index.path(member)
            for interrupt in resolved {
                let controllerPath = index.path(interrupt.controller)
                func planned(_ route: InterruptRoute, _ id: UInt32?, _ reason: String?) -> PlannedInterrupt {
                    PlannedInterrupt(node: member, nodePath: path, index: interrupt.index, specifier: interrupt.specifier,
                                     controllerPath: controllerPath, interruptID: id, droppedBecause: reason, route: route)
                }
                guard facts.gicNodes.contains(interrupt.controller) else {
                    out.append(planned(.notGIC, nil, "its controller \(controllerPath) is not the GIC"))
                    continue
                }
                let gic = GICSpecifier(interrupt.specifier)
                if gic.isPPI {
                    out.append(planned(.ppi(number: gic.number ?? 0, interruptID: gic.interruptID ?? 0), nil, "a PPI cannot be routed to a guest"))
                    continue
                }
                guard gic.isSPI, let intid = gic.interruptID else {
                    out.append(planned(.otherType(gic.type ?? 0), nil, "not an SPI"))
                    continue
                }
                guard intid < 1020 else {
                    out.append(planned(.beyondLastSPI(interruptID: intid), nil, "INTID \(intid) is not a valid SPI"))
                    continue
                }
                out.append(planned(.spi(number: gic.number ?? 0, interruptID: intid), intid, nil))
            }
        }
        return out
    }
}
