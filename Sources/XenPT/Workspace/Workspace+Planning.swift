import DeviceTree

extension Workspace {
    /// Plans every guest; guests of one board share the host facts and see each other's devices.
    public func planAll() -> [PlannedGuest] {
        var out: [PlannedGuest] = []
        var factsByBoard: [String: HostFacts] = [:]
        for guest in guests {
            guard let board = board(of: guest) else { continue }
            let facts = factsByBoard[guest.boardFile] ?? board.hostFacts()
            factsByBoard[guest.boardFile] = facts
            var others: [NodeID: String] = [:]
            for other in guests where other.boardFile == guest.boardFile && other.name != guest.name {
                for device in other.devices { others[device.node] = other.name }
            }
            let request = board.planRequest(
                guest.settings,
                devices: guest.devices.map { board.deviceRequest($0.node, reference: $0.entry.device, address: $0.entry.guestAddress) },
                otherGuests: others)
            var plan = Linter.planAndCheck(request, facts: facts)
            let (findings, waived) = Waivers.apply(guest.manifest.waivers, to: plan.diagnostics, index: board.index)
            plan = plan.withDiagnostics(findings)
            plan.waived = waived
            out.append(PlannedGuest(guest: guest, board: board, plan: plan))
        }
        return out
    }
}
