import Diagnostics

// The mutable tree the DTS compiler works on, shaped like dtc's livetree: deletions only mark
// entries (a later definition can revive them in place), labels are prepended, and lookups
// follow dtc's first-match rules. `LiveTree.makeDeviceTree()` turns it into the public model.

/// A label attached to a node or property, possibly marked deleted.
struct LiveLabel {
    /// The label text.
    var name: String
    /// Set by `/delete-node/` or `/delete-property/`; a later definition clears it.
    var deleted: Bool
    /// Where the label was written.
    var location: SourceLocation?
}

/// A property value as written, with the places of its references and value labels.
struct LiveValue {
    /// The chunks, references unresolved.
    var chunks: [PropertyValue.Chunk]
    /// One location per reference (phandle cell or path chunk), in order.
    var referenceLocations: [SourceLocation]
    /// One location per `.label` (chunk or cell), in order.
    var labelLocations: [SourceLocation]

    /// An empty value.
    static let empty = LiveValue(chunks: [], referenceLocations: [], labelLocations: [])

    /// The bytes dtc holds for the value before reference fixups: phandle cells are
    /// `0xffffffff` (or the given resolved numbers), path references are empty (or the given paths).
    func encoded(phandles: [UInt32] = [], paths: [String] = []) -> [UInt8] {
        var out: [UInt8] = []
        var phandleIndex = 0
        var pathIndex = 0
        for chunk in chunks {
            switch chunk {
            case .string(let text):
                out.append(contentsOf: text.utf8)
                out.append(0)
            case .bytes(let raw):
                out.append(contentsOf: raw)
            case .label:
                break
            case .pathReference:
                if pathIndex < paths.count {
                    out.append(contentsOf: paths[pathIndex].utf8)
                    out.append(0)
                }
                pathIndex += 1
            case .cells(let bits, let cells):
                let width = bits / 8
                for cell in cells {
                    let value: UInt64
                    switch cell {
                    case .number(let number): value = number
                    case .phandle:
                        value = phandleIndex < phandles.count ? UInt64(phandles[phandleIndex]) : ~0
                        phandleIndex += 1
                    case .label: continue
                    }
                    var shift = (width - 1) * 8
                    while shift >= 0 {
                        out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
                        shift -= 8
                    }
                }
            }
        }
        return out
    }

    /// The phandle references in order, each with its byte offset once paths are inserted.
    func phandleReferences(paths: [String]) -> [(reference: PropertyValue.Reference, offset: Int)] {
        var result: [(reference: PropertyValue.Reference, offset: Int)] = []
        var offset = 0
        var pathIndex = 0
        for chunk in chunks {
            switch chunk {
            case .string(let text): offset += text.utf8.count + 1
            case .bytes(let raw): offset += raw.count
            case .label: break
            case .pathReference:
                if pathIndex < paths.count { offset += paths[pathIndex].utf8.count + 1 }
                pathIndex += 1
            case .cells(let bits, let cells):
                for cell in cells {
                    switch cell {
                    case .number: offset += bits / 8
                    case .phandle(let reference):
                        result.append((reference, offset))
                        offset += bits / 8
                    case .label: break
                    }
                }
            }
        }
        return result
    }

    /// The references in order (phandle cells and path chunks), with their kind.
    func references() -> [(reference: PropertyValue.Reference, isPath: Bool)] {
        var result: [(reference: PropertyValue.Reference, isPath: Bool)] = []
        for chunk in chunks {
            switch chunk {
            case .pathReference(let reference): result.append((reference, true))
            case .cells(_, let cells):
                for case .phandle(let reference) in cells { result.append((reference, false)) }
            default: break
            }
        }
        return result
    }

    /// True when the value holds any reference.
    var hasReferences: Bool { !referenceLocations.isEmpty }
}

/// A property of the live tree.
final class LiveProperty {
    /// Property name.
    var name: String
    /// Value as written.
    var value: LiveValue
    /// Labels in reverse order of dtc's list (appending here is dtc's prepend).
    var labels: [LiveLabel]
    /// Marked deleted (kept in place so a later assignment revives it there).
    var deleted: Bool
    /// Where it was last assigned.
    var location: SourceLocation?
    /// Phandle numbers written by the reference fixup, one per phandle cell.
    var resolvedPhandles: [UInt32] = []
    /// Paths written by the path fixup, one per path reference.
    var resolvedPaths: [String] = []

    init(name: String, value: LiveValue, labels: [LiveLabel] = [], deleted: Bool = false, location: SourceLocation?) {
        self.name = name
        self.value = value
        self.labels = labels
        self.deleted = deleted
        self.location = location
    }

    /// The bytes with whatever has been resolved so far.
    var currentBytes: [UInt8] { value.encoded(phandles: resolvedPhandles, paths: resolvedPaths) }

    /// Labels in dtc's list order that are not deleted.
    var liveLabels: [LiveLabel] { labels.reversed().filter { !$0.deleted } }
}

/// A node of the live tree.
final class LiveNode {
    /// Name with unit address; `""` for the root.
    var name: String
    /// Labels in reverse order of dtc's list (appending here is dtc's prepend).
    var labels: [LiveLabel] = []
    /// Properties in order, deleted ones included.
    var properties: [LiveProperty]
    /// Children in order, deleted ones included.
    var children: [LiveNode]
    /// The parent once attached.
    unowned(unsafe) var parent: LiveNode?
    /// Marked deleted.
    var deleted = false
    /// `/omit-if-no-ref/` was given.
    var omitIfUnused = false
    /// Some resolved reference names this node.
    var isReferenced = false
    /// The phandle once known (explicit or assigned); 0 when none.
    var phandle: UInt32 = 0
    /// Where the node was first defined.
    var location: SourceLocation?
    /// Full path, filled before the checks run.
    var fullpath = ""
    /// Children by name, built once a node has many children.
    private var childIndex: [String: [LiveNode]]?

    init(name: String, properties: [LiveProperty] = [], children: [LiveNode] = [], location: SourceLocation?) {
        self.name = name
        self.properties = properties
        self.children = children
        self.location = location
        for child in children { child.parent = self }
    }

    /// Appends a child (dtc `add_child`).
    func addChild(_ child: LiveNode) {
        child.parent = self
        children.append(child)
        if childIndex != nil { childIndex![child.name, default: []].append(child) }
    }

    /// The first child with this name, deleted ones included when asked.
    func child(named name: String, includingDeleted: Bool) -> LiveNode? {
        if children.count < 12 {
            for child in children where child.name == name && (includingDeleted || !child.deleted) { return child }
            return nil
        }
        if childIndex == nil {
            var index: [String: [LiveNode]] = [:]
            for child in children { index[child.name, default: []].append(child) }
            childIndex = index
        }
        guard let candidates = childIndex?[name] else { return nil }
        for child in candidates where includingDeleted || !child.deleted { return child }
        return nil
    }

    /// The first property with this name, deleted ones included when asked.
    func property(named name: String, includingDeleted: Bool) -> LiveProperty? {
        for property in properties where property.name == name && (includingDeleted || !property.deleted) {
            return property
        }
        return nil
    }

    /// Labels in dtc's list order that are not deleted.
    var liveLabels: [LiveLabel] { labels.reversed().filter { !$0.deleted } }

    /// Children not deleted.
    var liveChildren: LazyFilterSequence<[LiveNode]> { children.lazy.filter { !$0.deleted } }

    /// Properties not deleted.
    var liveProperties: LazyFilterSequence<[LiveProperty]> { properties.lazy.filter { !$0.deleted } }

    /// Length of the name before `@`.
    var baseNameLength: Int {
        var count = 0
        for byte in name.utf8 {
            if byte == UInt8(ascii: "@") { break }
            count += 1
        }
        return count
    }
}

/// The whole live tree plus the indexes that make dtc's tree walks cheap.
final class LiveTree {
    /// The root node.
    var root: LiveNode
    /// Every node a label was ever added to, by label (filtered on lookup).
    private var labelIndex: [String: [LiveNode]] = [:]
    /// Nodes by assigned phandle.
    private var phandleIndex: [UInt32: [LiveNode]] = [:]
    /// dtc's static phandle counter.
    var nextPhandle: UInt32 = 1

    init(root: LiveNode) {
        self.root = root
    }

    // MARK: labels

    /// dtc `add_label` on a node: revive an existing entry or prepend a new one.
    func addLabel(_ name: String, location: SourceLocation?, to node: LiveNode) {
        for index in node.labels.indices where node.labels[index].name == name {
            node.labels[index].deleted = false
            labelIndex[name, default: []].append(node)
            return
        }
        node.labels.append(LiveLabel(name: name, deleted: false, location: location))
        labelIndex[name, default: []].append(node)
    }

    /// Records the labels a node already carries (nodes built by the parser).
    func registerLabels(of node: LiveNode) {
        for label in node.labels { labelIndex[label.name, default: []].append(node) }
    }

    /// True when the node is reachable from the root through nodes that are not deleted.
    func isLive(_ node: LiveNode) -> Bool {
        var current: LiveNode? = node
        while let visiting = current {
            if visiting.deleted { return false }
            if visiting === root { return true }
            current = visiting.parent
        }
        return false
    }

    /// dtc `get_node_by_label`: the first live node in pre-order carrying the live label.
    func node(label: String) -> LiveNode? {
        guard let candidates = labelIndex[label] else { return nil }
        var found: [LiveNode] = []
        for node in candidates where isLive(node) && node.labels.contains(where: { $0.name == label && !$0.deleted }) {
            if !found.contains(where: { $0 === node }) { found.append(node) }
        }
        if found.count <= 1 { return found.first }
        return found.min { preorderKey($0).lexicographicallyPrecedes(preorderKey($1)) }
    }

    /// Child positions from the root down to the node.
    private func preorderKey(_ node: LiveNode) -> [Int] {
        var key: [Int] = []
        var current = node
        while let parent = current.parent {
            key.append(parent.children.firstIndex { $0 === current } ?? 0)
            current = parent
        }
        return key.reversed()
    }

    /// dtc `get_node_by_path` from a starting node.
    func node(path: Substring.UTF8View, from start: LiveNode) -> LiveNode? {
        var tree = start
        var rest = path[...]
        while true {
            if rest.isEmpty { return tree.deleted ? nil : tree }
            while let first = rest.first, first == UInt8(ascii: "/") { rest = rest.dropFirst() }
            if let slash = rest.firstIndex(of: UInt8(ascii: "/")) {
                let component = String(decoding: rest[rest.startIndex..<slash], as: UTF8.self)
                guard let child = tree.child(named: component, includingDeleted: false) else { return nil }
                tree = child
                rest = rest[rest.index(after: slash)...]
            } else {
                let component = String(decoding: rest, as: UTF8.self)
                return tree.child(named: component, includingDeleted: false)
            }
        }
    }

    /// dtc `get_node_by_ref`.
    func node(reference: PropertyValue.Reference) -> LiveNode? {
        switch reference {
        case .label(let label): return node(label: label)
        case .path(let path):
            if path == "/" { return root }
            return node(path: Substring(path).utf8, from: root)
        }
    }

    // MARK: phandles

    /// Records that a node now has this phandle.
    func notePhandle(_ phandle: UInt32, for node: LiveNode) {
        node.phandle = phandle
        phandleIndex[phandle, default: []].append(node)
    }

    /// dtc `get_node_by_phandle`.
    func node(phandle: UInt32) -> LiveNode? {
        guard phandle != 0, phandle != 0xffff_ffff, let nodes = phandleIndex[phandle] else { return nil }
        return nodes.first { $0.phandle == phandle && isLive($0) }
    }

    /// dtc `get_node_phandle`: the node's phandle, allocating one (and a `phandle` property) if needed.
    func phandle(of node: LiveNode) -> UInt32 {
        if node.phandle != 0 && node.phandle != 0xffff_ffff { return node.phandle }
        while self.node(phandle: nextPhandle) != nil { nextPhandle &+= 1 }
        let assigned = nextPhandle
        notePhandle(assigned, for: node)
        if node.property(named: "phandle", includingDeleted: false) == nil {
            let value = LiveValue(chunks: [.cells(bits: 32, [.number(UInt64(assigned))])], referenceLocations: [], labelLocations: [])
            node.properties.append(LiveProperty(name: "phandle", value: value, location: nil))
        }
        return assigned
    }

    // MARK: building

    /// dtc `delete_node`.
    func delete(_ node: LiveNode) {
        node.deleted = true
        for child in node.children where !child.deleted { delete(child) }
        for property in node.properties where !property.deleted { delete(property) }
        for index in node.labels.indices { node.labels[index].deleted = true }
    }

    /// dtc `delete_property`.
    func delete(_ property: LiveProperty) {
        property.deleted = true
        for index in property.labels.indices { property.labels[index].deleted = true }
    }

    /// dtc `merge_nodes`: folds `new` into `old`; `new` is discarded.
    func merge(_ new: LiveNode, into old: LiveNode) {
        old.deleted = false
        for label in new.labels.reversed() { addLabel(label.name, location: label.location, to: old) }
        for property in new.properties {
            if property.deleted {
                if let target = old.property(named: property.name, includingDeleted: true) { delete(target) }
                continue
            }
            if let existing = old.property(named: property.name, includingDeleted: true) {
                for label in property.labels.reversed() {
                    if let index = existing.labels.firstIndex(where: { $0.name == label.name }) {
                        existing.labels[index].deleted = false
                    } else {
                        existing.labels.append(label)
                    }
                }
                existing.value = property.value
                existing.deleted = false
                existing.location = property.location
            } else {
                old.properties.append(property)
            }
        }
        let newChildren = new.children
        new.children = []
        for child in newChildren {
            child.parent = nil
            if child.deleted {
                if let target = old.child(named: child.name, includingDeleted: true) { delete(target) }
                continue
            }
            if let existing = old.child(named: child.name, includingDeleted: true) {
                merge(child, into: existing)
            } else {
                old.addChild(child)
            }
        }
        new.parent = nil
    }

    /// Fills `fullpath` for every live node (dtc `fill_fullpaths`).
    func fillFullPaths() {
        var stack: [(LiveNode, String)] = [(root, "")]
        while let (node, prefix) = stack.popLast() {
            if node === root {
                node.fullpath = "/"
            } else {
                node.fullpath = prefix == "/" ? "/" + node.name : prefix + "/" + node.name
            }
            for child in node.children.reversed() where !child.deleted { stack.append((child, node.fullpath)) }
        }
    }

    /// Live nodes in pre-order (a snapshot).
    func preorder() -> [LiveNode] {
        var result: [LiveNode] = []
        var stack: [LiveNode] = [root]
        while let node = stack.popLast() {
            result.append(node)
            for child in node.children.reversed() where !child.deleted { stack.append(child) }
        }
        return result
    }
}
