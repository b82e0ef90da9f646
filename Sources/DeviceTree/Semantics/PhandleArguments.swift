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
    /// Byte offset of the phandle cell in the property value.
    public let offset: Int
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

    /// Properties that carry phandles without being a dependency of the device on a provider:
    /// they point at CPUs, thermal or sound graph nodes, MSI controllers, caches. A copy of one
    /// in another tree must be relinked or left out. Cell layouts from the Linux bindings
    /// (Documentation/devicetree/bindings, read for this table):
    /// `interrupt-affinity` phandles to CPU nodes (arm/pmu.yaml); `msi-parent` with `#msi-cells`,
    /// none when the controller has no such property (interrupt-controller/msi.txt, and
    /// irq-gic-v3-its-platform-msi.c parses it with `#msi-cells`); `thermal-sensors` with
    /// `#thermal-sensor-cells` and `cooling-device` with `#cooling-cells` (thermal/thermal-zones.yaml);
    /// `mux-controls` with `#mux-control-cells` and `mux-states` with `#mux-state-cells`
    /// (mux/mux-consumer.yaml); `sound-dai` with `#sound-dai-cells` (sound/dai-common.yaml);
    /// `hwlocks` with `#hwlock-cells` (hwlock/hwlock.txt); `io-backends` with `#io-backend-cells`
    /// (iio/adc/adc.yaml consumers); `trigger-sources` with `#trigger-source-cells`
    /// (leds/common.yaml); `access-controllers` with `#access-controller-cells`
    /// (access-controllers/access-controllers.yaml); `gpio-ranges` phandle then three cells
    /// (gpio/gpio.txt); bare phandles for `operating-points-v2` (opp/opp-v2.yaml),
    /// `cpu-idle-states` and `next-level-cache` (arm/cpus.yaml), `cpu` (cpu-map, arm/cpus.yaml),
    /// `i2c-bus` and `ddc-i2c-bus` (display/connector), `pcs-handle`, `sfp` and `phy`
    /// (net/ethernet-controller.yaml), `nvmem` (nvmem consumers), `leds` (leds/common.yaml).
    public static let references: [PhandleLinkKind] = [
        PhandleLinkKind(name: "interrupt-affinity", isSuffix: false, shape: .phandles),
        PhandleLinkKind(name: "msi-parent", isSuffix: false, shape: .withArguments(cellsProperty: "#msi-cells", defaultCells: 0)),
        PhandleLinkKind(name: "thermal-sensors", isSuffix: false, shape: .withArguments(cellsProperty: "#thermal-sensor-cells", defaultCells: nil)),
        PhandleLinkKind(name: "cooling-device", isSuffix: false, shape: .withArguments(cellsProperty: "#cooling-cells", defaultCells: nil)),
        PhandleLinkKind(name: "mux-controls", isSuffix: false, shape: .withArguments(cellsProperty: "#mux-control-cells", defaultCells: nil)),
        PhandleLinkKind(name: "mux-states", isSuffix: false, shape: .withArguments(cellsProperty: "#mux-state-cells", defaultCells: nil)),
        PhandleLinkKind(name: "sound-dai", isSuffix: false, shape: .withArguments(cellsProperty: "#sound-dai-cells", defaultCells: nil)),
        PhandleLinkKind(name: "hwlocks", isSuffix: false, shape: .withArguments(cellsProperty: "#hwlock-cells", defaultCells: nil)),
        PhandleLinkKind(name: "io-backends", isSuffix: false, shape: .withArguments(cellsProperty: "#io-backend-cells", defaultCells: nil)),
        PhandleLinkKind(name: "trigger-sources", isSuffix: false, shape: .withArguments(cellsProperty: "#trigger-source-cells", defaultCells: nil)),
        PhandleLinkKind(name: "access-controllers", isSuffix: false, shape: .withArguments(cellsProperty: "#access-controller-cells", defaultCells: nil)),
        PhandleLinkKind(name: "gpio-ranges", isSuffix: false, shape: .withArguments(cellsProperty: "#gpio-range-cells", defaultCells: 3)),
        PhandleLinkKind(name: "operating-points-v2", isSuffix: false, shape: .phandles),
        PhandleLinkKind(name: "cpu-idle-states", isSuffix: false, shape: .phandles),
        PhandleLinkKind(name: "next-level-cache", isSuffix: false, shape: .phandles),
        PhandleLinkKind(name: "cpu", isSuffix: false, shape: .phandles),
        PhandleLinkKind(name: "i2c-bus", isSuffix: false, shape: .phandles),
        PhandleLinkKind(name: "ddc-i2c-bus", isSuffix: false, shape: .phandles),
        PhandleLinkKind(name: "pcs-handle", isSuffix: false, shape: .phandles),
        PhandleLinkKind(name: "sfp", isSuffix: false, shape: .phandles),
        PhandleLinkKind(name: "phy", isSuffix: false, shape: .phandles),
        PhandleLinkKind(name: "nvmem", isSuffix: false, shape: .phandles),
        PhandleLinkKind(name: "leds", isSuffix: false, shape: .phandles),
    ]

    /// The kind for a property name, if it is a known link (`pinctrl-N` included).
    public static func kind(for property: String) -> PhandleLinkKind? {
        if property.hasPrefix("pinctrl-"), property.dropFirst(8).allSatisfy(\.isNumber), property.count > 8 {
            return PhandleLinkKind(name: property, isSuffix: false, shape: .phandles)
        }
        if let exact = known.first(where: { !$0.isSuffix && $0.name == property }) { return exact }
        return known.first { $0.isSuffix && property.hasSuffix($0.name) && property.count > $0.name.count }
    }

    /// The kind for a property that carries phandles without being a dependency link.
    public static func referenceKind(for property: String) -> PhandleLinkKind? {
        references.first { $0.name == property }
    }
}

/// A cell of a property value that holds a phandle.
public struct PhandleCell: Sendable, Hashable {
    /// Byte offset of the cell in the value.
    public let offset: Int
    /// The phandle written there (`0xffffffff` for a reference left to an overlay fixup).
    public let phandle: UInt32
    /// The node it names in this tree, nil when it names none.
    public let target: NodeID?
}

/// How the phandle cells of a property were found, most precise first.
public enum PhandleCellEvidence: Sendable, Hashable {
    /// The DTS compiler saw `&label` references there.
    case source
    /// The tree's `__local_fixups__` or `__fixups__` (dtc `-@` or `/plugin/` output) lists them.
    case fixups
    /// A table of phandle-carrying properties decodes them (`PhandleLinkKind`).
    case table
}


extension DeviceTreeIndex {
    /// Decodes a phandle-with-arguments or phandle-list property of a node.
    public func links(_ property: String, of id: NodeID, shape: PhandleLinkShape) throws(DeviceTreeSemanticError) -> [PhandleArguments] {
        guard let value = self.property(property, of: id) else { return [] }
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
            out.append(PhandleArguments(index: out.count, phandle: phandle, provider: provider, arguments: Array(cells[offset..<(offset + count)]),
                                        offset: (offset - 1) * 4))
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

    /// The phandle cells of a property and how they were found: from the compiler's reference
    /// marks, else the tree's overlay fixups, else the tables of link properties. Nil when none of
    /// them says the property holds phandles; a table entry that does not decode throws.
    public func phandleCells(_ name: String, of id: NodeID) throws(DeviceTreeSemanticError) -> (cells: [PhandleCell], evidence: PhandleCellEvidence)? {
        guard let property = self.property(name, of: id), let bytes = property.value.bytes else { return nil }
        func cell(at offset: Int) -> PhandleCell? {
            guard offset >= 0, offset <= bytes.count - 4 else { return nil }
            let value = bytes[offset..<(offset + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            return PhandleCell(offset: offset, phandle: value, target: value == 0 || value == 0xffff_ffff ? nil : node(phandle: value))
        }
        if !property.phandleOffsets.isEmpty {
            return (property.phandleOffsets.compactMap(cell(at:)), .source)
        }
        let fixed = fixupOffsets(name, of: id)
        if !fixed.isEmpty { return (fixed.compactMap(cell(at:)), .fixups) }
        guard let kind = PhandleLinkKind.kind(for: name) ?? PhandleLinkKind.referenceKind(for: name) else { return nil }
        let entries = try links(name, of: id, shape: kind.shape)
        return (entries.map { PhandleCell(offset: $0.offset, phandle: $0.phandle, target: $0.provider) }, .table)
    }

    /// Offsets of a property's phandle cells named by `/__local_fixups__` (the tree mirrored,
    /// each property a list of offsets) and `/__fixups__` (`label = "/path:property:offset"`).
    private func fixupOffsets(_ name: String, of id: NodeID) -> [Int] {
        let own = path(id)
        var offsets = overlayFixups[own + ":" + name] ?? []
        if let local = node(atPath: "/__local_fixups__" + (own == "/" ? "" : own)), let cells = self.property(name, of: local)?.cells {
            offsets += cells.map { Int($0) }
        }
        return offsets.sorted()
    }

    /// The masters an SMMU lists in the legacy `mmu-masters` binding, with their stream IDs.
    public func legacyMMUMasters(of smmu: NodeID) throws(DeviceTreeSemanticError) -> [(master: NodeID, streamIDs: [UInt32])] {
        guard let value = self.property("mmu-masters", of: smmu) else { return [] }
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
