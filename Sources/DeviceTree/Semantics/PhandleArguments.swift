/// One entry of a phandle-with-arguments property (`clocks = <&clk 3>`).
public struct PhandleArguments: Sendable, Hashable {
    /// Position of the entry in the property.
    public let index: Int
    /// The phandle written.
    public let phandle: UInt32
    /// The node it names.
    public let provider: NodeID
    /// The argument cells after the phandle.
    public let arguments: [UInt32]
}

/// How a property links to other nodes.
public enum PhandleLinkShape: Sendable, Hashable {
    /// `<&provider args…>` repeated, the count of args read from the provider's cells property.
    case withArguments(cellsProperty: String, defaultCells: Int?)
    /// One or more bare phandles (`pinctrl-0 = <&a &b>`, `vin-supply = <&reg>`).
    case phandles
}

/// A property that links a node to other nodes, and its shape.
public struct PhandleLinkKind: Sendable, Hashable {
    /// Property name, or suffix when `isSuffix`.
    public let name: String
    /// Whether `name` is a suffix (`-gpios`, `-supply`).
    public let isSuffix: Bool
    /// The shape of the value.
    public let shape: PhandleLinkShape

    /// Every link property a device-tree user needs, with its shape.
    public static let known: [PhandleLinkKind] = [
        PhandleLinkKind(name: "clocks", isSuffix: false, shape: .withArguments(cellsProperty: "#clock-cells", defaultCells: nil)),
        PhandleLinkKind(name: "assigned-clocks", isSuffix: false, shape: .withArguments(cellsProperty: "#clock-cells", defaultCells: nil)),
        PhandleLinkKind(name: "assigned-clock-parents", isSuffix: false, shape: .withArguments(cellsProperty: "#clock-cells", defaultCells: nil)),
        PhandleLinkKind(name: "resets", isSuffix: false, shape: .withArguments(cellsProperty: "#reset-cells", defaultCells: nil)),
        PhandleLinkKind(name: "phys", isSuffix: false, shape: .withArguments(cellsProperty: "#phy-cells", defaultCells: nil)),
        PhandleLinkKind(name: "power-domains", isSuffix: false, shape: .withArguments(cellsProperty: "#power-domain-cells", defaultCells: nil)),
        PhandleLinkKind(name: "iommus", isSuffix: false, shape: .withArguments(cellsProperty: "#iommu-cells", defaultCells: nil)),
        PhandleLinkKind(name: "dmas", isSuffix: false, shape: .withArguments(cellsProperty: "#dma-cells", defaultCells: nil)),
        PhandleLinkKind(name: "mboxes", isSuffix: false, shape: .withArguments(cellsProperty: "#mbox-cells", defaultCells: nil)),
        PhandleLinkKind(name: "pwms", isSuffix: false, shape: .withArguments(cellsProperty: "#pwm-cells", defaultCells: nil)),
        PhandleLinkKind(name: "nvmem-cells", isSuffix: false, shape: .withArguments(cellsProperty: "#nvmem-cell-cells", defaultCells: 0)),
        PhandleLinkKind(name: "io-channels", isSuffix: false, shape: .withArguments(cellsProperty: "#io-channel-cells", defaultCells: nil)),
        PhandleLinkKind(name: "interconnects", isSuffix: false, shape: .withArguments(cellsProperty: "#interconnect-cells", defaultCells: nil)),
        PhandleLinkKind(name: "interrupts-extended", isSuffix: false, shape: .withArguments(cellsProperty: "#interrupt-cells", defaultCells: nil)),
        PhandleLinkKind(name: "gpios", isSuffix: false, shape: .withArguments(cellsProperty: "#gpio-cells", defaultCells: nil)),
        PhandleLinkKind(name: "-gpios", isSuffix: true, shape: .withArguments(cellsProperty: "#gpio-cells", defaultCells: nil)),
        PhandleLinkKind(name: "-supply", isSuffix: true, shape: .phandles),
        PhandleLinkKind(name: "interrupt-parent", isSuffix: false, shape: .phandles),
        PhandleLinkKind(name: "phy-handle", isSuffix: false, shape: .phandles),
        PhandleLinkKind(name: "mmc-pwrseq", isSuffix: false, shape: .phandles),
        PhandleLinkKind(name: "remote-endpoint", isSuffix: false, shape: .phandles),
        PhandleLinkKind(name: "memory-region", isSuffix: false, shape: .phandles),
        PhandleLinkKind(name: "sram", isSuffix: false, shape: .phandles),
    ]

    /// The kind for a property name, if it is a known link (`pinctrl-N` included).
    public static func kind(for property: String) -> PhandleLinkKind? {
        if property.hasPrefix("pinctrl-"), property.dropFirst(8).allSatisfy(\.isNumber), property.count > 8 {
            return PhandleLinkKind(name: property, isSuffix: false, shape: .phandles)
        }
        if let exact = known.first(where: { !$0.isSuffix && $0.name == property }) { return exact }
        return known.first { $0.isSuffix && property.hasSuffix($0.name) && property.count > $0.name.count }
    }
}

extension DeviceTreeIndex {
    /// Decodes a phandle-with-arguments or phandle-list property of a node.
    public func links(_ property: String, of id: NodeID, shape: PhandleLinkShape) throws(DeviceTreeSemanticError) -> [PhandleArguments] {
        guard let value = node(id).property(property) else { return [] }
        guard let cells = value.cells else {
            throw DeviceTreeSemanticError(path: path(id), property: property, message: "length is not a multiple of 4 bytes")
        }
        var out: [PhandleArguments] = []
        var offset = 0
        while offset < cells.count {
            let phandle = cells[offset]
            offset += 1
            // A zero phandle is an explicit hole (common in `*-gpios` lists).
            if phandle == 0 { continue }
            guard let provider = node(phandle: phandle) else {
                throw DeviceTreeSemanticError(path: path(id), property: property, message: "phandle 0x\(String(phandle, radix: 16)) names no node")
            }
            var count = 0
            if case .withArguments(let cellsProperty, let defaultCells) = shape {
                count = try cellCount(cellsProperty, of: provider, default: defaultCells)
            }
            guard offset + count <= cells.count else {
                throw DeviceTreeSemanticError(
                    path: path(id), property: property,
                    message: "entry \(out.count) needs \(count) argument cells for \(path(provider)) but the property ends")
            }
            out.append(PhandleArguments(index: out.count, phandle: phandle, provider: provider, arguments: Array(cells[offset..<(offset + count)])))
            offset += count
        }
        return out
    }

    /// Every known link property of a node, decoded, in property order.
    public func allLinks(of id: NodeID) throws(DeviceTreeSemanticError) -> [(property: String, links: [PhandleArguments])] {
        var out: [(String, [PhandleArguments])] = []
        for property in node(id).properties {
            guard let kind = PhandleLinkKind.kind(for: property.name) else { continue }
            // `interrupts-extended` is decoded by interrupt resolution, `*-gpios` may be plain data in old trees.
            out.append((property.name, try links(property.name, of: id, shape: kind.shape)))
        }
        return out.map { (property: $0.0, links: $0.1) }
    }

    /// The masters an SMMU lists in the legacy `mmu-masters` binding, with their stream IDs.
    public func legacyMMUMasters(of smmu: NodeID) throws(DeviceTreeSemanticError) -> [(master: NodeID, streamIDs: [UInt32])] {
        guard let value = node(smmu).property("mmu-masters") else { return [] }
        guard let cells = value.cells else {
            throw DeviceTreeSemanticError(path: path(smmu), property: "mmu-masters", message: "length is not a multiple of 4 bytes")
        }
        var out: [(NodeID, [UInt32])] = []
        var offset = 0
        while offset < cells.count {
            guard let master = node(phandle: cells[offset]) else {
                throw DeviceTreeSemanticError(path: path(smmu), property: "mmu-masters", message: "phandle 0x\(String(cells[offset], radix: 16)) names no node")
            }
            offset += 1
            let count = try cellCount("#stream-id-cells", of: master, default: nil)
            guard offset + count <= cells.count else {
                throw DeviceTreeSemanticError(path: path(smmu), property: "mmu-masters", message: "entry for \(path(master)) needs \(count) stream IDs but the property ends")
            }
            out.append((master, Array(cells[offset..<(offset + count)])))
            offset += count
        }
        return out.map { (master: $0.0, streamIDs: $0.1) }
    }
}
