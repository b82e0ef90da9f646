import DeviceTree

/// Builds the guest partial device tree of a plan: `/passthrough` (a `simple-bus` with
/// `ranges`, 2+2 cells) holding the clock stand-ins and a copy of each device, `/aliases`
/// for the host aliases of the devices, and a `/gic` placeholder that carries the guest GIC
/// phandle so the tree compiles cleanly (libxl copies only `/passthrough` and `/aliases`).
public struct GuestTreeBuilder {
    let plan: GuestPlan
    let index: DeviceTreeIndex
    let assigned: Set<NodeID>
    private var guestLabels: [NodeID: String] = [:]
    private var stubLabels: [String: String] = [:]

    /// The label of the GIC placeholder.
    public static let gicLabel = "gic"

    /// Which boot path the tree is for.
    public enum Flavor: Sendable {
        /// `xl`'s `device_tree=`: libxl gives the guest GIC phandle 65000, so `/gic` carries it.
        case xl
        /// Dom0less `multiboot,device-tree` module: each device also carries `xen,reg` and
        /// `xen,path` (or `xen,force-assign-without-iommu`), and `/gic` keeps the phandle dtc
        /// gives it (Xen 4.22 refuses partial trees whose phandles reach 65000).
        case dom0less
    }

    let flavor: Flavor

    /// Prepares a builder.
    public init(plan: GuestPlan, index: DeviceTreeIndex, flavor: Flavor = .xl) {
        self.plan = plan
        self.index = index
        self.flavor = flavor
        self.assigned = plan.assigned
    }

    /// The guest tree.
    public mutating func build() -> DeviceTree {
        labelLinkedNodes()
        var passthrough = Node(name: "passthrough", properties: [
            Property(name: "compatible", value: .string("simple-bus")),
            Property(name: "ranges"),
            Property(name: "#address-cells", value: .cells([2])),
            Property(name: "#size-cells", value: .cells([2])),
        ])
        var stubs: [ClockStub] = []
        for device in plan.devices { for stub in device.clocks where !stubs.contains(where: { $0.name == stub.name }) { stubs.append(stub) } }
        for stub in stubs {
            let label = Self.label(from: stub.name)
            stubLabels[stub.providerPath + stub.specifier.map(String.init).joined(separator: ",")] = label
            var properties = [
                Property(name: "compatible", value: .string("fixed-clock")),
                Property(name: "#clock-cells", value: .cells([0])),
            ]
            if let rate = stub.rate { properties.append(Property(name: "clock-frequency", value: .cells([rate]), numberStyle: .decimal)) }
            passthrough.children.append(Node(name: stub.name, labels: [label], properties: properties))
        }
        var regulators: [RegulatorStub] = []
        for device in plan.devices { for stub in device.regulators where !regulators.contains(where: { $0.providerPath == stub.providerPath }) { regulators.append(stub) } }
        for stub in regulators {
            passthrough.children.append(Node(name: stub.name, labels: [Self.label(from: stub.name)], properties: [
                Property(name: "compatible", value: .string("regulator-fixed")),
                Property(name: "regulator-name", value: .string(stub.regulatorName)),
                Property(name: "regulator-min-microvolt", value: .cells([stub.microvolts]), numberStyle: .decimal),
                Property(name: "regulator-max-microvolt", value: .cells([stub.microvolts]), numberStyle: .decimal),
            ]))
        }
        for device in plan.devices {
            if let node = copy(device.node, device: device, isTop: true) { passthrough.children.append(node) }
        }
        var root = Node(name: "", properties: [
            Property(name: "#address-cells", value: .cells([2])),
            Property(name: "#size-cells", value: .cells([2])),
        ])
        let aliasProperties = plan.devices.flatMap { device in
            device.aliases.map { Property(name: $0, value: .string("/passthrough/\(device.guestName)")) }
        }
        if !aliasProperties.isEmpty { root.children.append(Node(name: "aliases", properties: aliasProperties)) }
        var gic = Node(name: "gic", labels: [Self.gicLabel], properties: [
            Property(name: "interrupt-controller"),
            Property(name: "#interrupt-cells", value: .cells([3])),
            Property(name: "#address-cells", value: .cells([0])),
        ])
        if flavor == .xl { gic.properties.append(Property(name: "phandle", value: .cells([plan.layout.gicPhandle]))) }
        root.children.append(gic)
        root.children.append(passthrough)
        return DeviceTree(root: root)
    }

    /// Quantities (rates, counts, widths, times, voltages) print in decimal; addresses and masks in hex.
    static func numberStyle(of property: String) -> Property.NumberStyle {
        let decimalNames: Set<String> = [
            "clock-frequency", "current-speed", "max-frequency", "bus-width", "reg-shift", "reg-io-width",
            "max-speed", "rx-fifo-depth", "tx-fifo-depth", "fifo-size", "num-cs", "cdns,fifo-depth",
        ]
        let decimalSuffixes = ["-microvolt", "-microamp", "-hz", "-us", "-ms", "-ns", "-ps"]
        return decimalNames.contains(property) || decimalSuffixes.contains(where: property.hasSuffix) ? .decimal : .automatic
    }

    /// A DTS label from a node name (`clk-pclk` → `clk_pclk`).
    static func label(from name: String) -> String {
        var out = ""
        for scalar in name.unicodeScalars {
            let ok = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9") || scalar == "_"
            out.unicodeScalars.append(ok ? scalar : "_")
        }
        if let first = out.unicodeScalars.first, first >= "0" && first <= "9" { out = "_" + out }
        return out
    }

    /// Gives a guest label to every assigned node that another assigned node links to.
    private mutating func labelLinkedNodes() {
        var used: Set<String> = [Self.gicLabel]
        for node in assigned.sorted() {
            for property in index.node(node).properties {
                guard let found = try? index.phandleCells(property.name, of: node) else { continue }
                for target in found.cells.compactMap(\.target) where assigned.contains(target) && guestLabels[target] == nil {
                    var label = Self.label(from: index.node(target).labels.first ?? index.node(target).baseName)
                    while used.contains(label) { label += "_" }
                    used.insert(label)
                    guestLabels[target] = label
                }
            }
        }
    }

    /// The guest copy of a host node, nil for a graph node (`ports`, `port`, `endpoint`) that
    /// dropped links left with nothing but its address.
    private func copy(_ id: NodeID, device: PlannedDevice, isTop: Bool) -> Node? {
        let host = index.node(id)
        let regions = device.regions.filter { $0.node == id }
        // Only the assigned node moves to `/passthrough`; descendants keep their names and
        // `reg`, and reach their guest addresses through the rewritten `ranges`.
        var node = Node(name: isTop ? device.guestName : host.name, labels: guestLabels[id].map { [$0] } ?? [])
        let interrupts = device.interrupts.filter { $0.node == id }
        for property in host.properties {
            let action = GuestPropertyRules.action(for: property, of: id, in: index, assigned: assigned,
                                                   policy: device.policy, isAssignedRoot: isTop)
            switch action {
            case .keep:
                node.properties.append(Property(name: property.name, value: property.value.typed, numberStyle: Self.numberStyle(of: property.name)))
            case .rewriteReg:
                let cells = regions.sorted { $0.regIndex < $1.regIndex }.flatMap { region in
                    PropertyValue.cells(of: region.guestAddress, count: 2) + PropertyValue.cells(of: region.size, count: 2)
                }
                node.properties.append(Property(name: "reg", value: .cells(cells)))
            case .rewriteInterrupts:
                node.properties += rewrittenInterrupts(property, interrupts: interrupts, existing: node.properties)
            case .rewriteRanges:
                node.properties.append(Property(name: "ranges", value: rewrittenRanges(id, placement: device.placement)))
            case .rewriteClocks:
                node.properties.append(Property(name: "clocks", value: clockReferences(id)))
            case .rewriteSupply:
                guard let link = try? index.links(property.name, of: id, shape: .phandles).first,
                      let stub = device.regulators.first(where: { $0.providerPath == index.path(link.provider) }) else { continue }
                node.properties.append(Property(name: property.name, value: PropertyValue([
                    .cells(bits: 32, [.phandle(.label(Self.label(from: stub.name)))]),
                ])))
            case .relink:
                node.properties.append(Property(name: property.name, value: relinked(property, of: id)))
            case .omit, .drop:
                continue
            }
        }
        if isTop, flavor == .dom0less { node.properties += Self.dom0lessProperties(device) }
        for child in index.children(id) {
            guard let copied = copy(child, device: device, isTop: false) else { continue }
            node.children.append(copied)
        }
        if !isTop, GuestPropertyRules.isEmptiedGraphNode(host: host, guest: node) { return nil }
        return node
    }

    /// `xen,reg` (host address, size, guest address; 2 cells each, whole pages), `xen,path`, and
    /// `xen,force-assign-without-iommu` for a device no IOMMU protects.
    static func dom0lessProperties(_ device: PlannedDevice) -> [Property] {
        var properties: [Property] = []
        let runs = PageMapping.runs(of: [device])
        if !runs.isEmpty {
            properties.append(Property(name: "xen,reg", value: .cells(runs.flatMap { run in
                PropertyValue.cells(of: run.hostFrame << 12, count: 2) + PropertyValue.cells(of: run.count << 12, count: 2)
                    + PropertyValue.cells(of: (run.guestFrame ?? run.hostFrame) << 12, count: 2)
            })))
        }
        // `xen,path` makes Xen route the interrupts; without an IOMMU it also needs the force flag.
        properties.append(Property(name: "xen,path", value: .string(device.hostPath)))
        if !device.protection.isProtected { properties.append(Property(name: "xen,force-assign-without-iommu")) }
        return properties
    }

    /// `ranges` with the parent side at guest addresses (2 cells). An identity `ranges` becomes
    /// one explicit window over the device's pages; windows outside them are left out.
    private func rewrittenRanges(_ id: NodeID, placement: Placement) -> PropertyValue {
        let childCells = (try? index.childCells(of: id)) ?? (address: 2, size: 1)
        let spanBytes = placement.pageSpan << 12
        func cells(_ value: UInt64, count: Int) -> [UInt32] { PropertyValue.cells(of: value, count: count) }
        var out: [UInt32] = []
        let entries = (try? index.rangesEntries(of: id)) ?? nil
        if entries?.isEmpty ?? true {
            out += cells(placement.hostBase, count: childCells.address) + cells(placement.guestBase, count: 2) + cells(spanBytes, count: childCells.size)
        } else {
            for entry in entries ?? [] {
                guard let cpu = entry.cpuAddress, cpu >= placement.hostBase, cpu - placement.hostBase < spanBytes else { continue }
                let length = min(entry.length, spanBytes - (cpu - placement.hostBase))
                out += entry.childAddress + cells(placement.guestBase + (cpu - placement.hostBase), count: 2) + cells(length, count: childCells.size)
            }
        }
        return .cells(out)
    }

    private func rewrittenInterrupts(_ property: Property, interrupts: [PlannedInterrupt], existing: [Property]) -> [Property] {
        let routed = interrupts.filter { $0.interruptID != nil }.sorted { $0.index < $1.index }
        switch property.name {
        case "interrupts", "interrupts-extended":
            guard !routed.isEmpty else { return [] }
            var out: [Property] = []
            if !existing.contains(where: { $0.name == "interrupt-parent" }) {
                out.append(Property(name: "interrupt-parent", value: PropertyValue([.cells(bits: 32, [.phandle(.label(Self.gicLabel))])])))
            }
            let cells = routed.flatMap { $0.specifier.map { PropertyValue.Cell.number(UInt64($0)) } }
            out.append(Property(name: "interrupts", value: PropertyValue([.cells(bits: 32, cells)]), numberStyle: .decimal))
            return out
        case "interrupt-names":
            guard let names = property.strings, !routed.isEmpty else { return [] }
            let kept = routed.compactMap { $0.index < names.count ? names[$0.index] : nil }
            return kept.isEmpty ? [] : [Property(name: "interrupt-names", value: .strings(kept))]
        default:
            return []
        }
    }

    private func clockReferences(_ id: NodeID) -> PropertyValue {
        guard let links = try? index.links("clocks", of: id, shape: .withArguments(cellsProperty: "#clock-cells", defaultCells: nil)) else {
            return PropertyValue()
        }
        var cells: [PropertyValue.Cell] = []
        for link in links {
            if assigned.contains(link.provider), let label = guestLabels[link.provider] {
                cells.append(.phandle(.label(label)))
                cells += link.arguments.map { .number(UInt64($0)) }
            } else if let label = stubLabels[index.path(link.provider) + link.arguments.map(String.init).joined(separator: ",")] {
                cells.append(.phandle(.label(label)))
            }
        }
        return PropertyValue([.cells(bits: 32, cells)])
    }

    /// The value with each phandle cell naming the guest copy of its target; the resolver chose
    /// `.relink` only when every target is assigned and every phandle is a whole aligned cell.
    private func relinked(_ property: Property, of id: NodeID) -> PropertyValue {
        guard let found = try? index.phandleCells(property.name, of: id), let cells = property.cells else { return PropertyValue() }
        var labels: [Int: String] = [:]
        for cell in found.cells {
            if let target = cell.target, let label = guestLabels[target] { labels[cell.offset / 4] = label }
        }
        return PropertyValue([.cells(bits: 32, cells.enumerated().map { position, value in
            labels[position].map { .phandle(.label($0)) } ?? .number(UInt64(value))
        })])
    }
}
