/// One interrupt of a node, followed through `interrupt-map` nexuses to its controller.
public struct ResolvedInterrupt: Sendable, Hashable {
    /// Position in the node's interrupt list.
    public let index: Int
    /// `interrupts` or `interrupts-extended`.
    public let property: String
    /// The cells as written in the node.
    public let written: [UInt32]
    /// The parent named (explicitly or inherited) for this interrupt, before any map.
    public let declaredParent: NodeID
    /// The interrupt controller that finally receives it.
    public let controller: NodeID
    /// The specifier as the controller sees it.
    public let specifier: [UInt32]
}

extension DeviceTreeIndex {
    /// The interrupt parent of a node: its `interrupt-parent`, or the nearest ancestor link,
    /// stopping at the first node that has `#interrupt-cells` (the rule Linux and Xen follow).
    ///
    /// A chain that comes back to a node it passed (an `interrupt-parent` cycle, or an
    /// `interrupt-controller` without `#interrupt-cells` inheriting its parent's link back to
    /// itself) is an error, never an endless walk.
    public func interruptParent(of id: NodeID) throws(DeviceTreeSemanticError) -> NodeID? {
        var current = id
        var visited: Set<NodeID> = [id]
        while true {
            let next: NodeID?
            if let link = self.property("interrupt-parent", of: current) {
                guard let phandle = link.singleCell else {
                    throw DeviceTreeSemanticError(path: path(current), property: "interrupt-parent", message: "must be one phandle")
                }
                guard let target = node(phandle: phandle) else {
                    throw DeviceTreeSemanticError(path: path(current), property: "interrupt-parent", message: "phandle 0x\(String(phandle, radix: 16)) names no node")
                }
                next = target
            } else {
                next = parent(current)
            }
            guard let found = next else { return nil }
            if self.property("#interrupt-cells", of: found) != nil { return found }
            if self.property("interrupt-controller", of: found) != nil {
                throw DeviceTreeSemanticError(path: path(found), property: "#interrupt-cells", message: "interrupt controller has no `#interrupt-cells`")
            }
            if found == current { return nil }
            guard visited.insert(found).inserted else {
                throw DeviceTreeSemanticError(path: path(id), property: "interrupt-parent",
                                              message: "interrupt parent chain loops at \(path(found)) without reaching a node with `#interrupt-cells`")
            }
            current = found
        }
    }

    /// Every interrupt of a node, resolved to its controller. `interrupts-extended` wins over
    /// `interrupts`, as in Linux.
    public func interrupts(of id: NodeID) throws(DeviceTreeSemanticError) -> [ResolvedInterrupt] {
        var out: [ResolvedInterrupt] = []
        if self.property("interrupts-extended", of: id) != nil {
            let entries = try links("interrupts-extended", of: id, shape: .withArguments(cellsProperty: "#interrupt-cells", defaultCells: nil))
            for entry in entries {
                let (controller, specifier) = try resolve(entry.arguments, parent: entry.provider, device: id)
                out.append(ResolvedInterrupt(index: entry.index, property: "interrupts-extended", written: entry.arguments,
                                             declaredParent: entry.provider, controller: controller, specifier: specifier))
            }
            return out
        }
        guard let property = self.property("interrupts", of: id) else { return [] }
        guard let cells = property.cells else {
            throw DeviceTreeSemanticError(path: path(id), property: "interrupts", message: "length is not a multiple of 4 bytes")
        }
        guard let parent = try interruptParent(of: id) else {
            throw DeviceTreeSemanticError(path: path(id), property: "interrupts", message: "no interrupt parent")
        }
        let width = try cellCount("#interrupt-cells", of: parent, default: nil)
        guard width > 0, cells.count % width == 0 else {
            throw DeviceTreeSemanticError(path: path(id), property: "interrupts",
                                          message: "\(cells.count) cells is not a multiple of #interrupt-cells (\(width)) of \(path(parent))")
        }
        var offset = 0
        while offset < cells.count {
            let written = Array(cells[offset..<(offset + width)])
            let (controller, specifier) = try resolve(written, parent: parent, device: id)
            out.append(ResolvedInterrupt(index: out.count, property: "interrupts", written: written,
                                         declaredParent: parent, controller: controller, specifier: specifier))
            offset += width
        }
        return out
    }

    /// Follows a specifier from `parent` through nexus nodes to an interrupt controller.
    private func resolve(_ specifier: [UInt32], parent: NodeID, device: NodeID) throws(DeviceTreeSemanticError) -> (NodeID, [UInt32]) {
        var current = parent
        var spec = specifier
        var unitAddress = try firstRegCells(of: device)
        var hops = 0
        while true {
            hops += 1
            guard hops < 64 else {
                throw DeviceTreeSemanticError(path: path(device), property: "interrupts", message: "interrupt-map chain does not end")
            }
            if self.property("interrupt-controller", of: current) != nil { return (current, spec) }
            guard let map = self.property("interrupt-map", of: current) else {
                guard let up = try interruptParent(of: current), up != current else { return (current, spec) }
                current = up
                continue
            }
            let addressCells = try cellCount("#address-cells", of: current, default: 0)
            let interruptCells = try cellCount("#interrupt-cells", of: current, default: nil)
            guard let mapCells = map.cells else {
                throw DeviceTreeSemanticError(path: path(current), property: "interrupt-map", message: "length is not a multiple of 4 bytes")
            }
            let childAddress = normalize(unitAddress, to: addressCells)
            let key = childAddress + normalize(spec, to: interruptCells)
            let mask = self.property("interrupt-map-mask", of: current)?.cells ?? Array(repeating: UInt32.max, count: key.count)
            guard mask.count == key.count else {
                throw DeviceTreeSemanticError(path: path(current), property: "interrupt-map-mask", message: "has \(mask.count) cells, expected \(key.count)")
            }
            let masked = zip(key, mask).map { $0 & $1 }
            var offset = 0
            var matched: (NodeID, [UInt32], [UInt32])?
            while offset < mapCells.count {
                guard offset + key.count + 1 <= mapCells.count else { break }
                let entryKey = Array(mapCells[offset..<(offset + key.count)])
                let phandle = mapCells[offset + key.count]
                guard let next = node(phandle: phandle) else {
                    throw DeviceTreeSemanticError(path: path(current), property: "interrupt-map", message: "phandle 0x\(String(phandle, radix: 16)) names no node")
                }
                let parentAddressCells = try cellCount("#address-cells", of: next, default: 0)
                let parentInterruptCells = try cellCount("#interrupt-cells", of: next, default: nil)
                let start = offset + key.count + 1
                let end = start + parentAddressCells + parentInterruptCells
                guard end <= mapCells.count else {
                    throw DeviceTreeSemanticError(path: path(current), property: "interrupt-map", message: "entry is cut short")
                }
                if zip(entryKey, mask).map({ $0 & $1 }) == masked {
                    matched = (next, Array(mapCells[start..<(start + parentAddressCells)]), Array(mapCells[(start + parentAddressCells)..<end]))
                    break
                }
                offset = end
            }
            guard let (next, address, nextSpec) = matched else {
                throw DeviceTreeSemanticError(path: path(device), property: "interrupts",
                                              message: "no `interrupt-map` entry of \(path(current)) matches this interrupt")
            }
            current = next
            spec = nextSpec
            unitAddress = address
        }
    }

    private func firstRegCells(of id: NodeID) throws(DeviceTreeSemanticError) -> [UInt32] {
        guard let parent = parent(id), let reg = self.property("reg", of: id)?.cells else { return [] }
        let addressCells = try cellCount("#address-cells", of: parent, default: 2)
        return Array(reg.prefix(addressCells))
    }

    private func normalize(_ cells: [UInt32], to count: Int) -> [UInt32] {
        if cells.count >= count { return Array(cells.prefix(count)) }
        return cells + Array(repeating: 0, count: count - cells.count)
    }
}
