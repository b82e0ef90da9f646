import DeviceTree

extension Workspace {
    /// Plans every guest; guests of one board share the host facts and see each other's devices.
    /// Boards are planned in parallel (they share nothing); the plans come back in guest order.
    public func planAll() -> [PlannedGuest] {
        var boardOrder: [String] = []
        var guestsByBoard: [String: [Int]] = [:]
        for (position, guest) in guests.enumerated() where board(of: guest) != nil {
            if guestsByBoard[guest.boardFile] == nil { boardOrder.append(guest.boardFile) }
            guestsByBoard[guest.boardFile, default: []].append(position)
        }
        let work = boardOrder.map { (file: $0, positions: guestsByBoard[$0] ?? []) }
        let planned = ParallelMap.map(work) { planBoard($0.file, guestPositions: $0.positions) }
        return planned.flatMap { $0 }.sorted { $0.position < $1.position }.map(\.guest)
    }

    /// Plans the guests of one board (given by their positions in `guests`) against its facts.
    private func planBoard(_ file: String, guestPositions: [Int]) -> [(position: Int, guest: PlannedGuest)] {
        guard let board = boards[file] else { return [] }
        let boardGuests = guestPositions.map { guests[$0] }
        var factsByRelease: [String: HostFacts] = [:]
        return zip(guestPositions, boardGuests).map { position, guest in
            let key = guest.release.version.description
            let facts = factsByRelease[key] ?? board.hostFacts(guest.release)
            factsByRelease[key] = facts
            var others: [NodeID: String] = [:]
            for other in boardGuests where other.name != guest.name {
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
            return (position, PlannedGuest(guest: guest, board: board, plan: plan))
        }
    }
}
