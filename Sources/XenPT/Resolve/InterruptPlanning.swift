import DeviceTree
import Diagnostics

extension GuestPlanner {
    /// Resolves every interrupt of the subtree and decides which become `irqs`.
    mutating func planInterrupts(subtree: [NodeID], device: DeviceRequest) -> [PlannedInterrupt] {
        var out: [PlannedInterrupt] = []
        var seen: [UInt32: String] = [:]
        let at = device.reference
        for member in subtree {
            let resolved: [ResolvedInterrupt]
            do { resolved = try index.interrupts(of: member) } catch {
                diagnostics.append(ResolveError.hostTree(error, at: at, note: hostLocationNote(member)))
                continue
            }
            let path = index.path(member)
            for interrupt in resolved {
                let controllerPath = index.path(interrupt.controller)
                func planned(_ id: UInt32?, _ reason: String?) -> PlannedInterrupt {
                    PlannedInterrupt(node: member, nodePath: path, index: interrupt.index, specifier: interrupt.specifier,
                                     controllerPath: controllerPath, interruptID: id, droppedBecause: reason)
                }
                guard facts.gicNodes.contains(interrupt.controller) else {
                    out.append(planned(nil, "its controller \(controllerPath) is not the GIC"))
                    continue
                }
                let gic = GICSpecifier(interrupt.specifier)
                if gic.isPPI {
                    diagnostics.append(RuleDescription.ppiNotAssignable.diagnostic(
                        "interrupt \(interrupt.index) of \(path) is PPI \(gic.number ?? 0)",
                        at: Label(at.range, "PPI \(gic.number ?? 0) (INTID \(gic.interruptID ?? 0))"),
                        notes: hostLocationNote(member), devicePath: path))
                    out.append(planned(nil, "a PPI cannot be routed to a guest"))
                    continue
                }
                guard gic.isSPI, let intid = gic.interruptID else {
                    diagnostics.append(RuleDescription.invalidIRQ.diagnostic(
                        "interrupt \(interrupt.index) of \(path) has GIC type \(gic.type ?? 0), not an SPI",
                        at: Label(at.range), notes: hostLocationNote(member), devicePath: path))
                    out.append(planned(nil, "not an SPI"))
                    continue
                }
                guard intid < 1020 else {
                    diagnostics.append(RuleDescription.invalidIRQ.diagnostic(
                        "interrupt \(interrupt.index) of \(path) is INTID \(intid), beyond the last SPI (1019)",
                        at: Label(at.range), notes: hostLocationNote(member), devicePath: path))
                    out.append(planned(nil, "INTID \(intid) is not a valid SPI"))
                    continue
                }
                if let limit = request.maxGuestINTID, intid > limit {
                    diagnostics.append(RuleDescription.invalidIRQ.diagnostic(
                        "interrupt \(interrupt.index) of \(path) is INTID \(intid), above the highest SPI Xen \(request.layout.xenVersion) gives a guest (\(limit))",
                        at: Label(at.range), notes: hostLocationNote(member) + [Note("the guest's `nr_spis`, rounded up to a multiple of 32, would pass Xen's limit")],
                        devicePath: path))
                }
                if let first = seen[intid] {
                    diagnostics.append(RuleDescription.duplicateIRQ.diagnostic(
                        "INTID \(intid) of \(path) is also used by \(first) in this guest",
                        at: Label(at.range), devicePath: path))
                } else {
                    seen[intid] = path
                    checkSharedInterrupt(intid, spi: gic.number ?? 0, member: member, device: device)
                    checkReservedInterrupt(intid, member: member, device: device)
                }
                out.append(planned(intid, nil))
            }
        }
        let routed = out.contains { $0.interruptID != nil }
        for interrupt in out where interrupt.interruptID == nil && interrupt.droppedBecause?.contains("not the GIC") == true {
            diagnostics.append(RuleDescription.nonGICInterrupt.diagnostic(
                "interrupt \(interrupt.index) of \(interrupt.nodePath) goes to \(interrupt.controllerPath), not the GIC",
                severity: routed ? .warning : .error,
                at: Label(at.range, "Xen cannot route it; it is left out of the guest"),
                notes: hostLocationNote(interrupt.node), devicePath: interrupt.nodePath))
        }
        return out
    }

    mutating func checkSharedInterrupt(_ intid: UInt32, spi: UInt32, member: NodeID, device: DeviceRequest) {
        let others = (facts.interruptUsers[intid] ?? []).filter { !assigned.contains($0) }
        var reported: Set<NodeID> = []
        for other in others where reported.insert(other).inserted {
            let enabled = index.isEnabled(other)
            let owner = request.otherGuests[other].map { "guest `\($0)`" } ?? "dom0"
            diagnostics.append(RuleDescription.sharedIRQ.diagnostic(
                "interrupt \(intid) is shared with a device that stays in \(owner)",
                severity: enabled ? .error : .warning,
                at: Label(device.reference.range, "SPI \(spi) (INTID \(intid)) also used by \(index.path(other))"),
                notes: [Note("\(index.path(other)) is not passed through to this guest\(enabled ? "" : " (it is disabled)")",
                             at: hostRange(other))],
                devicePath: index.path(member), dataPath: device.reference.path.description))
        }
    }

    mutating func checkReservedInterrupt(_ intid: UInt32, member: NodeID, device: DeviceRequest) {
        for reserved in request.layout.reservedInterrupts where reserved.first <= intid && intid <= reserved.last {
            diagnostics.append(RuleDescription.xenReservedVIRQ.diagnostic(
                "INTID \(intid) of \(index.path(member)) is reserved for the guest's \(reserved.name)",
                severity: reserved.isPresent ? .error : .warning,
                at: Label(device.reference.range, reserved.isPresent ? "libxl refuses this guest" : "refused if the guest enables \(reserved.name)"),
                devicePath: index.path(member)))
        }
    }
}
