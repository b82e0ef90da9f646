import Diagnostics

/// Identifies a node inside one `DeviceTreeIndex` (its pre-order position).
public struct NodeID: Sendable, Hashable, Comparable {
    /// Pre-order index; the root is 0.
    public let index: Int

    /// Creates an ID.
    public init(_ index: Int) { self.index = index }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.index < rhs.index }
}

/// A problem in the meaning of a tree (not its syntax): a dangling phandle, a short `reg`.
public struct DeviceTreeSemanticError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Path of the node the problem is in.
    public let path: String
    /// The property involved, if any.
    public let property: String?
    /// Lowercase, one line.
    public let message: String

    /// Creates an error.
    public init(path: String, property: String?, message: String) {
        self.path = path
        self.property = property
        self.message = message
    }

    /// `path: property: message`.
    public var description: String {
        if let property { return "\(path): \(property): \(message)" }
        return "\(path): \(message)"
    }
}

/// A resolved tree made searchable: paths, parents, phandles, labels and aliases, in O(1).
///
/// Built once from a tree without unresolved references (compiled from DTS or read from a DTB).
public struct DeviceTreeIndex: Sendable {
    /// The tree indexed.
    public let tree: DeviceTree
    private var nodes: [Node] = []
    private var paths: [String] = []
    private var parents: [Int] = []
    private var childIndices: [[Int]] = []
    private var byPath: [String: Int] = [:]
    /// Whether each node's `status` lets it be used, read once here: every check asks it of
    /// many nodes, often of the same ones.
    private var enabled: [Bool] = []
    private var byPhandle: [UInt32: Int] = [:]
    private var byLabel: [String: Int] = [:]
    private var aliases: [String: String] = [:]
    /// `/__fixups__` entries by `path:property`: the offsets of cells left to an overlay fixup.
    private(set) var overlayFixups: [String: [Int]] = [:]

    /// Indexes a tree.
    public init(_ tree: DeviceTree) {
        self.tree = tree
        var stack: [(Node, String, Int)] = [(tree.root, "/", -1)]
        while let (node, path, parent) = stack.popLast() {
            let index = nodes.count
            nodes.append(node)
            enabled.append(Self.statusIsEnabled(node))
            paths.append(path)
            parents.append(parent)
            childIndices.append([])
            if parent >= 0 { childIndices[parent].append(index) }
            byPath[path] = index
            for label in node.labels where byLabel[label] == nil { byLabel[label] = index }
            for name in ["phandle", "linux,phandle"] {
                if let value = node.property(name)?.singleCell, byPhandle[value] == nil { byPhandle[value] = index }
            }
            // Push children reversed so they pop in source order (pre-order numbering).
            for child in node.children.reversed() {
                stack.append((child, path == "/" ? "/" + child.name : path + "/" + child.name, index))
            }
        }
        if let fixups = byPath["/__fixups__"] {
            for property in nodes[fixups].properties {
                for entry in property.strings ?? [] {
                    // `/path:property:offset`; the path and property name hold no colon.
                    let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
                    guard parts.count == 3, let offset = Int(parts[2]), offset >= 0 else { continue }
                    overlayFixups[parts[0] + ":" + parts[1], default: []].append(offset)
                }
            }
        }
        if let aliasNode = byPath["/aliases"] {
            for property in nodes[aliasNode].properties {
                if let target = property.string { aliases[property.name] = target }
            }
        }
    }

    // MARK: - Navigation

    /// The root.
    public var root: NodeID { NodeID(0) }

    /// Number of nodes.
    public var count: Int { nodes.count }

    /// Every node in pre-order (source order).
    public var allNodes: [NodeID] { (0..<nodes.count).map(NodeID.init) }

    /// The node value.
    public func node(_ id: NodeID) -> Node { nodes[id.index] }

    /// A node's first property with this name, read in place (without copying the node).
    public func property(_ name: String, of id: NodeID) -> Property? { nodes[id.index].property(name) }

    /// Where a node was (first) defined, when the tree came from source.
    public func location(of id: NodeID) -> SourceLocation? { nodes[id.index].location }

    /// The full path (`/soc/ethernet@fff51000`).
    public func path(_ id: NodeID) -> String { paths[id.index] }

    /// The parent, nil for the root.
    public func parent(_ id: NodeID) -> NodeID? {
        let parent = parents[id.index]
        return parent >= 0 ? NodeID(parent) : nil
    }

    /// The children in order.
    public func children(_ id: NodeID) -> [NodeID] { childIndices[id.index].map(NodeID.init) }

    /// Every descendant in pre-order, not including the node itself.
    public func descendants(_ id: NodeID) -> [NodeID] {
        var out: [NodeID] = []
        var stack = children(id).reversed().map { $0 }
        while let next = stack.popLast() {
            out.append(next)
            stack.append(contentsOf: children(next).reversed())
        }
        return out
    }

    /// True when `id` is `ancestor` or lies below it.
    public func isInside(_ id: NodeID, _ ancestor: NodeID) -> Bool {
        var current: NodeID? = id
        while let node = current {
            if node == ancestor { return true }
            current = parent(node)
        }
        return false
    }

    /// A node by exact full path.
    public func node(atPath path: String) -> NodeID? {
        byPath[path].map(NodeID.init)
    }

    /// A node by phandle value.
    public func node(phandle: UInt32) -> NodeID? {
        byPhandle[phandle].map(NodeID.init)
    }

    /// A node by DTS label (labels survive only in trees compiled from source, or via `__symbols__`).
    public func node(label: String) -> NodeID? {
        if let index = byLabel[label] { return NodeID(index) }
        if let symbols = byPath["/__symbols__"], let target = nodes[symbols].property(label)?.string {
            return node(atPath: target)
        }
        return nil
    }

    /// The `/aliases` table (name → path).
    public var aliasTable: [String: String] { aliases }

    /// Finds a node the way a user names it: `/full/path`, `&label`, or an alias (optionally
    /// followed by `/sub/path`).
    public func lookup(_ reference: String) -> NodeID? {
        if reference.hasPrefix("&") { return node(label: String(reference.dropFirst())) }
        if reference.hasPrefix("/") { return node(atPath: reference == "/" ? "/" : normalizedPath(reference)) }
        let parts = reference.split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let target = aliases[String(first)] else { return nil }
        return node(atPath: parts.count > 1 ? target + "/" + parts[1] : target)
    }

    private func normalizedPath(_ path: String) -> String {
        var trimmed = path
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed
    }

    /// The aliases that name exactly this node, sorted.
    public func aliases(of id: NodeID) -> [String] {
        let target = path(id)
        return aliases.filter { $0.value == target }.map(\.key).sorted()
    }

    /// The nodes that carry a label, label → node.
    public var labels: [String: NodeID] { byLabel.mapValues(NodeID.init) }

    // MARK: - Common properties

    /// True when `status` is absent, `"okay"` or `"ok"`.
    public func isEnabled(_ id: NodeID) -> Bool { enabled[id.index] }

    /// True when a node's `status` is absent, `"okay"` or `"ok"`.
    private static func statusIsEnabled(_ node: Node) -> Bool {
        guard let status = node.property("status")?.string else { return true }
        return status == "okay" || status == "ok"
    }

    /// The node's `compatible` strings.
    public func compatibles(_ id: NodeID) -> [String] {
        self.property("compatible", of: id)?.strings ?? []
    }

    /// The node's `phandle` (or `linux,phandle`).
    public func phandle(of id: NodeID) -> UInt32? {
        self.property("phandle", of: id)?.singleCell ?? self.property("linux,phandle", of: id)?.singleCell
    }

    /// A `#…-cells` style property of the node, with a default when absent.
    public func cellCount(_ name: String, of id: NodeID, default fallback: Int?) throws(DeviceTreeSemanticError) -> Int {
        guard let property = self.property(name, of: id) else {
            guard let fallback else {
                throw DeviceTreeSemanticError(path: path(id), property: name, message: "missing `\(name)`")
            }
            return fallback
        }
        guard let value = property.singleCell, value <= 8 else {
            throw DeviceTreeSemanticError(path: path(id), property: name, message: "`\(name)` must be one cell of at most 8")
        }
        return Int(value)
    }
}
