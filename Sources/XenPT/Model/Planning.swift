import DeviceTree
import Diagnostics

/// A guest with its plan.
public struct PlannedGuest: Sendable {
    /// The guest.
    public let guest: Guest
    /// The board it runs on.
    public let board: Board
    /// The plan.
    public let plan: GuestPlan
}

extension Workspace {
    /// Plans every guest; guests of one board share the host facts and see each other's devices.
    public func planAll() -> [PlannedGuest] {
        var out: [PlannedGuest] = []
        var factsByBoard: [String: HostFacts] = [:]
        for guest in guests {
            guard let board = board(of: guest) else { continue }
            let facts = factsByBoard[guest.boardFile] ?? HostFacts(index: board.index, gicCompatibles: GICCompatibles.all)
            factsByBoard[guest.boardFile] = facts
            var others: [NodeID: String] = [:]
            for other in guests where other.boardFile == guest.boardFile && other.name != guest.name {
                for device in other.devices { others[device.node] = other.name }
            }
            let request = PlanRequest(
                guest: guest.name, board: board.name, index: board.index,
                layout: GuestLayout(release: guest.release, features: guest.features(hostGIC: board.hostGICVersion)),
                devices: guest.devices.map { device in
                    DeviceRequest(node: device.node, reference: device.entry.device, address: device.entry.guestAddress,
                                  policy: DevicePolicy(node: device.node, board: board))
                },
                trusted: guest.manifest.trust?.value == "trusted",
                iommuSupport: IOMMUSupport(release: guest.release),
                gicCompatibles: GICCompatibles.all,
                otherGuests: others,
                capabilities: Set(guest.release.capabilities.map(\.rawValue)),
                gicVersion: guest.manifest.gic.map { ($0.value, $0.range) }, hostGICVersion: board.hostGICVersion,
                vcpus: guest.manifest.vcpus.map { ($0.value, $0.range) },
                maxGuestINTID: guest.release.spis.maxSPIID,
                dom0less: guest.manifest.dom0less?.range)
            var plan = Resolver.plan(request, facts: facts)
            plan = plan.withDiagnostics(Waivers.apply(guest.manifest.waivers, to: plan.diagnostics, index: board.index))
            out.append(PlannedGuest(guest: guest, board: board, plan: plan))
        }
        return out
    }
}

extension GuestPlan {
    /// The same plan with other findings.
    func withDiagnostics(_ diagnostics: [Diagnostic]) -> GuestPlan {
        GuestPlan(guest: guest, board: board, xenVersion: xenVersion, layout: layout, devices: devices,
                  pageMappings: pageMappings, interruptIDs: interruptIDs, dtdev: dtdev, diagnostics: diagnostics)
    }
}
