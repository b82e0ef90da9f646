import DeviceTree
import Diagnostics

extension Board {
    /// The board checks of this board's host tree for a Xen release: what Xen itself needs,
    /// each finding at the manifest's `host:` with the host node's path.
    public func boardFindings(release: XenRelease) -> [Diagnostic] {
        // Only the GIC is needed here, not the facts of every node.
        let gic = HostFacts.gicNodes(index: index, gicCompatibles: Set(release.gicCompatibles.keys))
        let devices = index.allNodes.filter { Survey.isCandidate($0, index: index, gic: gic) }
            .map { (node: $0, policy: DevicePolicy(node: $0, board: self)) }
        return BoardLinter.findings(BoardLintInput(index: index, host: manifest.host, release: release, devices: devices))
    }
}

extension Workspace {
    /// The board checks of every board with a known Xen release (the board's `xen:`, else its
    /// first guest's), once per board, in the order of the boards' manifest files.
    public func boardFindings() -> [Diagnostic] {
        boards.keys.sorted().flatMap { file -> [Diagnostic] in
            guard let board = boards[file] else { return [] }
            let release = board.xen.flatMap { catalog?.release($0) } ?? guests.first { $0.boardFile == file }?.release
            return release.map { board.boardFindings(release: $0) } ?? []
        }
    }
}
