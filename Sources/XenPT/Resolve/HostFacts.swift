import DeviceTree

/// Board-wide facts the resolver checks every assignment against: who uses which interrupt,
/// frame, clock, IOMMU stream and provider. Computed once per host tree.
public struct HostFacts: Sendable {
    /// A CPU-visible register region of some node.
    public struct Region: Sendable, Hashable {
        /// Owner.
        public let node: NodeID
        /// First address.
        public let start: UInt64
        /// One past the last address.
        public let end: UInt64
    }

    /// One use of a provider through a link property.
    public struct Use: Sendable, Hashable {
        /// The user node.
        public let user: NodeID
        /// The property.
        public let property: String
        /// The argument cells.
        public let arguments: [UInt32]
    }

    /// GIC INTID → nodes whose interrupts resolve to it, in tree order, each node once.
    public let interruptUsers: [UInt32: [NodeID]]
    /// Every CPU-visible region, ascending by start.
    public let regions: [Region]
    /// A binary tree of the largest end over ranges of `regions` (leaves from `endTreeLeaves`),
    /// so an overlap query visits only subtrees that can overlap, never every earlier region.
    private let endTree: [UInt64]
    /// The index of the first leaf in `endTree` (a power of two at least `regions.count`).
    private let endTreeLeaves: Int
    /// Provider → its uses through known link properties, in tree order.
    public let providerUses: [NodeID: [Use]]
    /// The users of each exact `clocks` and `iommus` specifier, in tree order, so a rule asking
    /// who else uses one clock or stream reads them without walking every use of the provider.
    private let specifierUsers: [SpecifierKey: [NodeID]]
    /// SMMU node → masters it lists in `mmu-masters`, with stream IDs.
    public let legacyMasters: [NodeID: [(master: NodeID, streamIDs: [UInt32])]]
    /// Nodes that are the GIC.
    public let gicNodes: Set<NodeID>

    /// One specifier of a link: the provider, the property and the argument cells.
    private struct SpecifierKey: Hashable, Sendable {
        let provider: NodeID
        let property: String
        let arguments: [UInt32]
    }

    /// The properties whose exact specifiers `users(of:property:arguments:)` answers for.
    public static let indexedSpecifierProperties: Set<String> = ["clocks", "iommus"]

    /// Gathers the facts. Nodes whose properties do not decode are skipped here; the resolver
    /// reports problems for the nodes it assigns.
    public init(index: DeviceTreeIndex, gicCompatibles: Set<String>) {
        let gic = Self.gicNodes(index: index, gicCompatibles: gicCompatibles)
        // Each node's facts depend on that node alone: they are gathered in slices of the tree on
        // every core, then merged in node order so every list keeps tree order.
        let nodes = index.allNodes
        let sliceCount = nodes.count < 4096 ? 1 : 8
        let slices = (0..<sliceCount).map { slice in nodes.count * slice / sliceCount..<nodes.count * (slice + 1) / sliceCount }
        let controllers = gic
        let gathered = ParallelMap.map(slices) { range in Self.gather(index: index, gic: controllers, nodes: nodes[range]) }
        var interrupts: [UInt32: [NodeID]] = [:]
        var regions: [Region] = []
        var uses: [NodeID: [Use]] = [:]
        var legacy: [NodeID: [(master: NodeID, streamIDs: [UInt32])]] = [:]
        for slice in gathered {
            // A node's own entries are next to each other: a node listing one INTID twice is kept once.
            for (intid, id) in slice.interrupts where interrupts[intid]?.last != id { interrupts[intid, default: []].append(id) }
            regions += slice.regions
            for (provider, use) in slice.uses { uses[provider, default: []].append(use) }
            for (smmu, masters) in slice.legacy { legacy[smmu] = masters }
        }
        self.interruptUsers = interrupts
        let sorted = regions.sorted { ($0.start, $0.node) < ($1.start, $1.node) }
        self.regions = sorted
        var leaves = 1
        while leaves < sorted.count { leaves <<= 1 }
        var tree = [UInt64](repeating: 0, count: 2 * leaves)
        for (index, region) in sorted.enumerated() { tree[leaves + index] = region.end }
        for node in stride(from: leaves - 1, through: 1, by: -1) { tree[node] = max(tree[2 * node], tree[2 * node + 1]) }
        self.endTree = tree
        self.endTreeLeaves = leaves
        self.providerUses = uses
        var specifiers: [SpecifierKey: [NodeID]] = [:]
        for (provider, list) in uses {
            for use in list where Self.indexedSpecifierProperties.contains(use.property) {
                specifiers[SpecifierKey(provider: provider, property: use.property, arguments: use.arguments), default: []].append(use.user)
            }
        }
        self.specifierUsers = specifiers
        self.legacyMasters = legacy
        self.gicNodes = gic
    }

    /// The interrupt controllers of a tree that are a GIC with one of these compatibles.
    public static func gicNodes(index: DeviceTreeIndex, gicCompatibles: Set<String>) -> Set<NodeID> {
        var gic: Set<NodeID> = []
        for id in index.allNodes where index.property("interrupt-controller", of: id) != nil {
            if !Set(index.compatibles(id)).isDisjoint(with: gicCompatibles) { gic.insert(id) }
        }
        return gic
    }

    /// The nodes whose `property` (`clocks` or `iommus`) holds exactly this specifier of
    /// `provider`, in tree order, a node once per entry that names it.
    public func users(of provider: NodeID, property: String, arguments: [UInt32]) -> [NodeID] {
        assert(Self.indexedSpecifierProperties.contains(property), "\(property) specifiers are not indexed")
        return specifierUsers[SpecifierKey(provider: provider, property: property, arguments: arguments)] ?? []
    }

    /// The facts of some nodes, in node order.
    private static func gather(index: DeviceTreeIndex, gic: Set<NodeID>, nodes: ArraySlice<NodeID>) -> Gathered {
        var out = Gathered()
        for id in nodes {
            if let resolved = try? index.interrupts(of: id) {
                for interrupt in resolved where gic.contains(interrupt.controller) {
                    if let intid = GICSpecifier(interrupt.specifier).interruptID { out.interrupts.append((intid, id)) }
                }
            }
            if let regs = try? index.registerRegions(of: id) {
                for reg in regs where reg.size > 0 {
                    guard let start = reg.cpuAddress else { continue }
                    let (end, overflow) = start.addingReportingOverflow(reg.size)
                    out.regions.append(Region(node: id, start: start, end: overflow ? UInt64.max : end))
                }
            }
            if let links = try? index.allLinks(of: id) {
                for (property, entries) in links {
                    for entry in entries {
                        out.uses.append((entry.provider, Use(user: id, property: property, arguments: entry.arguments)))
                    }
                }
            }
            if index.property("mmu-masters", of: id) != nil, let masters = try? index.legacyMMUMasters(of: id) {
                out.legacy.append((id, masters))
            }
        }
        return out
    }

    /// What `gather` found in one slice of the tree.
    private struct Gathered: Sendable {
        var interrupts: [(UInt32, NodeID)] = []
        var regions: [Region] = []
        var uses: [(NodeID, Use)] = []
        var legacy: [(NodeID, [(master: NodeID, streamIDs: [UInt32])])] = []
    }

    /// Regions of any node overlapping `[start, end)`, ascending by start.
    ///
    /// O((k + 1) log n) for k regions found: a region spanning everything does not make every
    /// query walk back over every region after it.
    public func regions(overlapping start: UInt64, _ end: UInt64) -> [Region] {
        // Binary search for the first region starting at or after `end`: only those before it
        // can overlap, and of them those that end after `start`.
        var low = 0
        var high = regions.count
        while low < high {
            let middle = (low + high) / 2
            if regions[middle].start < end { low = middle + 1 } else { high = middle }
        }
        var out: [Region] = []
        func visit(_ node: Int, _ first: Int, _ width: Int) {
            guard first < low, endTree[node] > start else { return }
            if width == 1 {
                out.append(regions[first])
                return
            }
            visit(2 * node, first, width / 2)
            visit(2 * node + 1, first + width / 2, width / 2)
        }
        if !regions.isEmpty { visit(1, 0, endTreeLeaves) }
        return out
    }
}

/// A GIC interrupt specifier `<type number flags>` read the way the GIC binding defines it.
public struct GICSpecifier: Sendable, Hashable {
    /// The cells.
    public let cells: [UInt32]

    /// Wraps cells.
    public init(_ cells: [UInt32]) { self.cells = cells }

    /// 0 = SPI, 1 = PPI (and 2/3 = extended ranges on GICv3).
    public var type: UInt32? { cells.first }

    /// The number inside its type.
    public var number: UInt32? { cells.count >= 2 ? cells[1] : nil }

    /// True for an SPI.
    public var isSPI: Bool { type == 0 }

    /// True for a PPI.
    public var isPPI: Bool { type == 1 }

    /// The GIC INTID: SPI n is n + 32, PPI n is n + 16; nil for other types.
    public var interruptID: UInt32? {
        guard let type, let number else { return nil }
        switch type {
        case 0: return number.addingReportingOverflow(32).overflow ? nil : number + 32
        case 1: return number.addingReportingOverflow(16).overflow ? nil : number + 16
        default: return nil
        }
    }
}
