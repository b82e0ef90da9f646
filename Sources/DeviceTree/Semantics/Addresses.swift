/// One `reg` entry: a bus address and size, and the CPU physical address when the path to the
/// root translates it.
public struct RegisterRegion: Sendable, Hashable {
    /// Position of the entry in `reg`.
    public let index: Int
    /// Address on the parent bus.
    public let busAddress: UInt64
    /// Size in bytes (0 when the bus has `#size-cells = <0>`).
    public let size: UInt64
    /// CPU physical address, or nil when some bus on the way has no `ranges`.
    public let cpuAddress: UInt64?
}

/// A bus address as cells: the high cells (beyond 64 bits, like a PCI space code) and the value.
struct BusAddress: Hashable {
    var high: [UInt32]
    var value: UInt64

    init(cells: ArraySlice<UInt32>) {
        let lowCount = min(cells.count, 2)
        high = Array(cells.prefix(cells.count - lowCount))
        value = cells.suffix(lowCount).reduce(0) { $0 << 32 | UInt64($1) }
    }
}

extension DeviceTreeIndex {
    /// The `#address-cells` and `#size-cells` a node gives its children (defaults 2 and 1).
    public func childCells(of id: NodeID) throws(DeviceTreeSemanticError) -> (address: Int, size: Int) {
        (try cellCount("#address-cells", of: id, default: 2), try cellCount("#size-cells", of: id, default: 1))
    }

    /// The node's `reg` entries with CPU addresses where they translate.
    public func registerRegions(of id: NodeID) throws(DeviceTreeSemanticError) -> [RegisterRegion] {
        guard let reg = self.property("reg", of: id) else { return [] }
        guard let parent = parent(id) else { return [] }
        let (addressCells, sizeCells) = try childCells(of: parent)
        guard let cells = reg.cells else {
            throw DeviceTreeSemanticError(path: path(id), property: "reg", message: "length is not a multiple of 4 bytes")
        }
        let stride = addressCells + sizeCells
        guard stride > 0, cells.count % stride == 0 else {
            throw DeviceTreeSemanticError(
                path: path(id), property: "reg",
                message: "\(cells.count) cells is not a multiple of #address-cells + #size-cells (\(addressCells) + \(sizeCells))")
        }
        var regions: [RegisterRegion] = []
        var offset = 0
        while offset < cells.count {
            let address = BusAddress(cells: cells[offset..<(offset + addressCells)])
            let size = BusAddress(cells: cells[(offset + addressCells)..<(offset + stride)])
            let cpu = try translate(address, size: size.value, fromChildrenOf: parent)
            regions.append(RegisterRegion(index: regions.count, busAddress: address.value, size: size.value, cpuAddress: cpu))
            offset += stride
        }
        return regions
    }

    /// Translates an address on the bus of `bus`'s children to a CPU physical address through
    /// every `ranges` up to the root. Nil when a bus on the way has no `ranges` (not
    /// memory-mapped, e.g. an MDIO bus) or no range covers the address.
    func translate(_ address: BusAddress, size: UInt64, fromChildrenOf bus: NodeID) throws(DeviceTreeSemanticError) -> UInt64? {
        var current = address
        var busNode = bus
        while let parentBus = parent(busNode) {
            guard let ranges = self.property("ranges", of: busNode) else { return nil }
            let (childAddressCells, childSizeCells) = try childCells(of: busNode)
            let (parentAddressCells, _) = try childCells(of: parentBus)
            guard let cells = ranges.cells else {
                throw DeviceTreeSemanticError(path: path(busNode), property: "ranges", message: "length is not a multiple of 4 bytes")
            }
            if cells.isEmpty {
                // Empty `ranges`: identity mapping, but the address must fit the parent's cells.
                current = BusAddress(cells: ArraySlice(PropertyValue.cells(of: current.value, count: parentAddressCells)))
                busNode = parentBus
                continue
            }
            let stride = childAddressCells + parentAddressCells + childSizeCells
            guard stride > 0, cells.count % stride == 0 else {
                throw DeviceTreeSemanticError(
                    path: path(busNode), property: "ranges",
                    message: "\(cells.count) cells is not a multiple of \(childAddressCells) + \(parentAddressCells) + \(childSizeCells)")
            }
            var translated: BusAddress?
            var offset = 0
            while offset < cells.count {
                let child = BusAddress(cells: cells[offset..<(offset + childAddressCells)])
                let parentAddress = BusAddress(cells: cells[(offset + childAddressCells)..<(offset + childAddressCells + parentAddressCells)])
                let length = BusAddress(cells: cells[(offset + childAddressCells + parentAddressCells)..<(offset + stride)]).value
                offset += stride
                guard child.high == current.high || child.high.isEmpty,
                      current.value >= child.value,
                      current.value - child.value < length || (length == 0 && current.value == child.value)
                else { continue }
                let (sum, overflow) = parentAddress.value.addingReportingOverflow(current.value - child.value)
                guard !overflow else {
                    throw DeviceTreeSemanticError(path: path(busNode), property: "ranges", message: "translated address overflows 64 bits")
                }
                translated = BusAddress(high: parentAddress.high, value: sum)
                break
            }
            guard let next = translated else { return nil }
            current = next
            busNode = parentBus
        }
        return current.value
    }

    /// The bus-level `dma-ranges` of the node's ancestors that restrict or offset DMA.
    public func dmaRangesAncestors(of id: NodeID) -> [NodeID] {
        var out: [NodeID] = []
        var current = parent(id)
        while let bus = current {
            if let ranges = self.property("dma-ranges", of: bus), !(ranges.bytes?.isEmpty ?? true) { out.append(bus) }
            current = parent(bus)
        }
        return out
    }
}

extension BusAddress {
    init(high: [UInt32], value: UInt64) {
        self.high = high
        self.value = value
    }
}

/// One entry of a `ranges` property: a window of the node's child bus and where it lands.
public struct RangesEntry: Sendable, Hashable {
    /// The child-bus address cells, as written.
    public let childAddress: [UInt32]
    /// The parent-bus side translated to a CPU physical address, nil when not translatable.
    public let cpuAddress: UInt64?
    /// Window length in bytes.
    public let length: UInt64
}

extension DeviceTreeIndex {
    /// The node's `ranges` entries: nil without `ranges`, empty for an empty (identity) `ranges`.
    public func rangesEntries(of id: NodeID) throws(DeviceTreeSemanticError) -> [RangesEntry]? {
        guard let ranges = self.property("ranges", of: id) else { return nil }
        guard let parent = parent(id) else { return [] }
        guard let cells = ranges.cells else {
            throw DeviceTreeSemanticError(path: path(id), property: "ranges", message: "length is not a multiple of 4 bytes")
        }
        let (childAddressCells, childSizeCells) = try childCells(of: id)
        let (parentAddressCells, _) = try childCells(of: parent)
        let stride = childAddressCells + parentAddressCells + childSizeCells
        guard stride > 0, cells.count % stride == 0 else {
            throw DeviceTreeSemanticError(path: path(id), property: "ranges",
                                          message: "\(cells.count) cells is not a multiple of \(childAddressCells) + \(parentAddressCells) + \(childSizeCells)")
        }
        var out: [RangesEntry] = []
        var offset = 0
        while offset < cells.count {
            let child = Array(cells[offset..<(offset + childAddressCells)])
            let parentAddress = BusAddress(cells: cells[(offset + childAddressCells)..<(offset + childAddressCells + parentAddressCells)])
            let length = BusAddress(cells: cells[(offset + childAddressCells + parentAddressCells)..<(offset + stride)]).value
            out.append(RangesEntry(childAddress: child, cpuAddress: try translate(parentAddress, size: length, fromChildrenOf: parent), length: length))
            offset += stride
        }
        return out
    }
}
