import DeviceTree

/// What becomes of one host property in the guest copy of an assigned node. The resolver
/// reports the drops; the generator builds the guest node from the same answers.
public enum PropertyAction: Sendable, Hashable {
    /// Copied as it is.
    case keep
    /// `reg` of the assigned node: rewritten at the guest address in 2+2 cells.
    case rewriteReg
    /// `ranges` of the assigned node: its parent side rewritten to guest addresses in 2 cells,
    /// so descendants keep their own `reg` and still land at their guest addresses.
    case rewriteRanges
    /// `interrupts`, `interrupts-extended`, `interrupt-names`: rebuilt from the GIC entries.
    case rewriteInterrupts
    /// `clocks`: pointed at the guest's fixed-clock stand-ins.
    case rewriteClocks
    /// `*-supply` of fixed voltage: pointed at a `regulator-fixed` stand-in.
    case rewriteSupply
    /// A link whose every target is inside the assignment: kept, pointing at the guest copies.
    case relink
    /// Left out without a report (phandles, status, interrupt-parent: the generator rewrites them).
    case omit
    /// Left out and reported.
    case drop(reason: String, kind: DropKind)
}

/// The rules for copying host properties into the guest (SEMANTICS "Guest partial device tree").
public enum GuestPropertyRules {
    /// Link properties whose targets are host infrastructure (reported as dropped, not as cross-device).
    static let hostInfrastructure: Set<String> = [
        "iommus", "power-domains", "resets", "assigned-clocks", "assigned-clock-parents", "mmc-pwrseq",
        "nvmem-cells", "memory-region", "interconnects",
    ]

    /// Name-list companions dropped with their link property.
    static let companions: [String: String] = [
        "reset-names": "resets", "dma-names": "dmas", "phy-names": "phys", "mbox-names": "mboxes",
        "power-domain-names": "power-domains", "nvmem-cell-names": "nvmem-cells", "interconnect-names": "interconnects",
        "io-channel-names": "io-channels", "assigned-clock-rates": "assigned-clocks",
    ]

    /// The dependency kind a link property belongs to, for class policies.
    public static func dependencyKind(of property: String) -> DependencyKind? {
        switch property {
        case "clocks", "resets", "power-domains", "phys", "dmas": return DependencyKind(rawValue: property)
        case _ where property.hasPrefix("pinctrl-"): return .pinctrl
        case _ where property.hasSuffix("-supply"): return .regulators
        default: return nil
        }
    }

    /// A supply that can stand in the guest as a `regulator-fixed`: its fixed voltage.
    public static func fixedVoltage(of regulator: NodeID, in index: DeviceTreeIndex) -> UInt32? {
        let node = index.node(regulator)
        guard let low = node.property("regulator-min-microvolt")?.singleCell,
              let high = node.property("regulator-max-microvolt")?.singleCell, low == high else { return nil }
        return low
    }

    /// Decides what happens to `property` of `node` in the guest.
    public static func action(
        for property: Property, of node: NodeID, in index: DeviceTreeIndex, assigned: Set<NodeID>,
        policy: DevicePolicy, isAssignedRoot: Bool
    ) -> PropertyAction {
        let name = property.name
        let classDrops = policy.dropProperties
        let dependencyPolicy = dependencyKind(of: name).flatMap { policy.dependencyPolicies[$0] }
        switch name {
        case "phandle", "linux,phandle", "interrupt-parent":
            return .omit
        case "status":
            // The assigned node is enabled in the guest; a disabled child stays disabled.
            return isAssignedRoot ? .omit : .keep
        case "reg":
            return isAssignedRoot && isCPUVisible(node, in: index) ? .rewriteReg : .keep
        case "ranges":
            return isAssignedRoot && !index.children(node).isEmpty ? .rewriteRanges : .keep
        case "interrupts", "interrupts-extended", "interrupt-names":
            return .rewriteInterrupts
        case "clocks":
            if dependencyPolicy == .drop { return .drop(reason: "class `\(policy.className)` drops clocks", kind: .hostOnly) }
            return .rewriteClocks
        case "#stream-id-cells":
            return .drop(reason: "host SMMU binding (legacy `mmu-masters`)", kind: .hostOnly)
        case "pinctrl-names":
            return .drop(reason: "pin control is set up by the host", kind: .hostOnly)
        default:
            break
        }
        let classDrop = PropertyAction.drop(reason: "the device class drops it", kind: .hostOnly)
        if classDrops.contains(name), PhandleLinkKind.kind(for: name) == nil { return classDrop }
        if let owner = companions[name], let linked = index.property(owner, of: node) {
            if case .drop = action(for: linked, of: node, in: index, assigned: assigned, policy: policy, isAssignedRoot: isAssignedRoot) {
                return .drop(reason: "goes with `\(owner)`, which is dropped", kind: .hostOnly)
            }
            return .keep
        }
        guard let kind = PhandleLinkKind.kind(for: name) else {
            return referenceAction(name, of: node, in: index, assigned: assigned, classDrop: classDrops.contains(name) ? classDrop : nil)
        }
        if name.hasPrefix("pinctrl-") { return .drop(reason: "pin control is set up by the host", kind: .hostOnly) }
        if name.hasSuffix("-supply") {
            if dependencyPolicy == .fixedRegulator, let links = try? index.links(name, of: node, shape: kind.shape),
               links.count == 1, fixedVoltage(of: links[0].provider, in: index) != nil {
                return .rewriteSupply
            }
            return .drop(reason: "regulators stay with the host", kind: .hostOnly)
        }
        guard let links = try? index.links(name, of: node, shape: kind.shape) else {
            return .drop(reason: "its targets cannot be decoded", kind: .hostOnly)
        }
        if !links.isEmpty, links.allSatisfy({ assigned.contains($0.provider) }),
           case .relink = referenceAction(name, of: node, in: index, assigned: assigned, classDrop: nil) {
            return classDrops.contains(name) ? classDrop : .relink
        }
        if dependencyPolicy == .firmware {
            return .drop(reason: "class `\(policy.className)` has firmware (SCMI/EEMI) handle \(name)", kind: .hostOnly)
        }
        if hostInfrastructure.contains(name) {
            return .drop(reason: "links to host-only \(name == "iommus" ? "IOMMU" : "infrastructure")", kind: .hostOnly)
        }
        let outside = links.first { !assigned.contains($0.provider) }.map { index.path($0.provider) } ?? "a host node"
        return .drop(reason: "links to \(outside), which stays with the host", kind: .crossDevice)
    }

    /// A property that is not a dependency link: kept as it is when it holds no phandle, relinked
    /// when every phandle it holds names a node of the assignment, else dropped, so that no host
    /// phandle reaches the guest tree.
    static func referenceAction(_ name: String, of node: NodeID, in index: DeviceTreeIndex, assigned: Set<NodeID>,
                                classDrop: PropertyAction?) -> PropertyAction {
        let found: (cells: [PhandleCell], evidence: PhandleCellEvidence)?
        do { found = try index.phandleCells(name, of: node) } catch {
            return .drop(reason: "holds phandles that cannot be decoded (\(error.message))", kind: .hostPhandle)
        }
        guard let found, !found.cells.isEmpty else { return .keep }
        let size = index.property(name, of: node)?.value.bytes?.count ?? 0
        let inside = found.cells.allSatisfy { cell in cell.target.map(assigned.contains) ?? false }
        if inside, size % 4 == 0, found.cells.allSatisfy({ $0.offset % 4 == 0 }) { return classDrop ?? .relink }
        let outside = found.cells.first { cell in !(cell.target.map(assigned.contains) ?? false) }
        let what = outside?.target.map { "\(index.path($0)), which is not in the guest" }
            ?? (inside ? "nodes of the guest in cells that cannot be rewritten" : "0x\(String(outside?.phandle ?? 0, radix: 16)), which names no node")
        return .drop(reason: "holds a host phandle of \(what)", kind: .hostPhandle)
    }

    /// Properties a graph node keeps once its links are gone: only its address.
    static let graphAddressing: Set<String> = ["reg", "#address-cells", "#size-cells"]

    /// True for a graph node (`ports`, `port`, `endpoint`; Linux graph.yaml) whose guest copy has
    /// no children and nothing but its address left, while the host node had more: dropped
    /// `remote-endpoint` links emptied it, and it goes too.
    public static func isEmptiedGraphNode(host: Node, guest: Node) -> Bool {
        guard ["ports", "port", "endpoint"].contains(host.baseName), guest.children.isEmpty,
              guest.properties.allSatisfy({ graphAddressing.contains($0.name) }) else { return false }
        return !host.children.isEmpty || host.properties.contains { !graphAddressing.contains($0.name) }
    }

    /// True when a node's `reg` is memory-mapped (translates to CPU addresses).
    public static func isCPUVisible(_ node: NodeID, in index: DeviceTreeIndex) -> Bool {
        guard let regions = try? index.registerRegions(of: node), let first = regions.first else { return false }
        return first.cpuAddress != nil
    }
}
