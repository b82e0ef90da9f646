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

/// A mark inside a value's bytes, as dtc keeps them: references, labels and (when the value's
/// shape is kept) where each comma-separated chunk starts and ends.
struct LiveMarker {
    /// What the mark says.
    enum Kind {
        /// A phandle cell (its 4 placeholder bytes `0xffffffff` are at the offset).
        case phandle(PropertyValue.Reference)
        /// A path reference: the path is inserted at the offset.
        case path(PropertyValue.Reference)
        /// A label inside the value.
        case label(String)
        /// A string chunk starts.
        case string
        /// A `<…>` chunk of this cell width starts.
        case cells(Int)
        /// A `[…]` or `/incbin/` chunk starts.
        case bytes
        /// The current `<…>` or `[…]` chunk ends.
        case end
    }

    /// Byte offset in the value (before any path is inserted).
    var offset: Int
    /// What it is.
    var kind: Kind
    /// Where it was written (references and labels).
    var location: SourceLocation?
}

/// A property value the way dtc stores it: the bytes, with phandle cells as `0xffffffff`
/// placeholders and path references not yet inserted, plus markers.
struct LiveValue {
    /// The bytes before reference fixups.
    var bytes: [UInt8]
    /// Markers in the order they were written; empty for most values.
    var markers: [LiveMarker]

    init(bytes: [UInt8] = [], markers: [LiveMarker] = []) {
        self.bytes = bytes
        self.markers = markers
    }

    /// An empty value.
    static var empty: LiveValue { LiveValue() }

    /// A value of one string.
    static func string(_ text: String, shaped: Bool) -> LiveValue {
        LiveValue(bytes: Array(text.utf8) + [0], markers: shaped ? [LiveMarker(offset: 0, kind: .string)] : [])
    }

    /// A value of 32-bit cells.
    static func cells(_ values: [UInt32], shaped: Bool) -> LiveValue {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 4)
        for value in values { LiveValue.append(UInt64(value), width: 4, to: &bytes) }
        return LiveValue(bytes: bytes, markers: shaped ? [LiveMarker(offset: 0, kind: .cells(32)), LiveMarker(offset: bytes.count, kind: .end)] : [])
    }

    /// Appends a big-endian number of `width` bytes.
    @inline(__always) static func append(_ value: UInt64, width: Int, to bytes: inout [UInt8]) {
        var shift = (width - 1) * 8
        while shift >= 0 {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
            shift -= 8
        }
    }

    /// True when the value holds any reference.
    var hasReferences: Bool {
        markers.contains { if case .phandle = $0.kind { return true }; if case .path = $0.kind { return true }; return false }
    }

    /// True when the value holds a path reference.
    var hasPathReferences: Bool {
        markers.contains { if case .path = $0.kind { return true }; return false }
    }

    /// The references in order (phandle cells and path chunks), with their kind and place.
    func references() -> [(reference: PropertyValue.Reference, isPath: Bool, location: SourceLocation?)] {
        var result: [(reference: PropertyValue.Reference, isPath: Bool, location: SourceLocation?)] = []
        for marker in markers {
            switch marker.kind {
            case .phandle(let reference): result.append((reference, false, marker.location))
            case .path(let reference): result.append((reference, true, marker.location))
            default: break
            }
        }
        return result
    }

    /// The bytes with resolved paths inserted (dtc's `data_insert_at_marker`); phandles are
    /// already in their cells once the reference fixup ran.
    func encoded(paths: [String] = []) -> [UInt8] {
        if paths.isEmpty { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + paths.reduce(0) { $0 + $1.utf8.count + 1 })
        appendEncoded(paths: paths, to: &out)
        return out
    }

    /// Appends what `encoded(paths:)` returns to `out`.
    func appendEncoded(paths: [String], to out: inout [UInt8]) {
        if paths.isEmpty {
            out.append(contentsOf: bytes)
            return
        }
        var copied = 0
        var pathIndex = 0
        for marker in markers {
            guard case .path = marker.kind else { continue }
            defer { pathIndex += 1 }
            guard pathIndex < paths.count, marker.offset >= copied, marker.offset <= bytes.count else { continue }
            out.append(contentsOf: bytes[copied..<marker.offset])
            out.append(contentsOf: paths[pathIndex].utf8)
            out.append(0)
            copied = marker.offset
        }
        out.append(contentsOf: bytes[copied...])
    }

    /// The length of `encoded(paths:)`.
    func encodedLength(paths: [String]) -> Int {
        if paths.isEmpty { return bytes.count }
        return encoded(paths: paths).count
    }

    /// The phandle references in order, each with its byte offset once paths are inserted.
    func phandleReferences(paths: [String]) -> [(reference: PropertyValue.Reference, offset: Int)] {
        var result: [(reference: PropertyValue.Reference, offset: Int)] = []
        var shift = 0
        var pathIndex = 0
        for marker in markers {
            switch marker.kind {
            case .phandle(let reference): result.append((reference, marker.offset + shift))
            case .path:
                if pathIndex < paths.count { shift += paths[pathIndex].utf8.count + 1 }
                pathIndex += 1
            default: break
            }
        }
        return result
    }

    /// The value as public chunks: typed when shape markers were kept, else one `.bytes` chunk.
    /// With `resolved`, phandle cells are numbers and path references are strings.
    func publicValue(paths: [String], resolved: Bool, pool: PublicValuePool) -> PropertyValue {
        let hasShape = markers.contains {
            switch $0.kind {
            case .string, .cells, .bytes, .path: return true
            case .phandle, .label, .end: return false
            }
        }
        if !hasShape {
            let final = resolved ? encoded(paths: paths) : bytes
            if !resolved && hasReferences {
                // Keep references visible when the caller wants the source shape.
                return LiveValue.chunks(bytes: bytes, markers: markers, paths: [], resolved: false)
            }
            return pool.value(final)
        }
        return LiveValue.chunks(bytes: bytes, markers: markers, paths: paths, resolved: resolved)
    }

    /// Rebuilds typed chunks from bytes and markers.
    private static func chunks(bytes: [UInt8], markers: [LiveMarker], paths: [String], resolved: Bool) -> PropertyValue {
        var chunks: [PropertyValue.Chunk] = []
        var position = 0
        var pathIndex = 0
        enum Open { case none, cells(Int, [PropertyValue.Cell]), bytes([UInt8]) }
        var open = Open.none

        func flushLoose(upTo offset: Int, into chunks: inout [PropertyValue.Chunk]) {
            // Bytes not covered by a shape marker (values built without shapes).
            if offset > position {
                chunks.append(.bytes(Array(bytes[position..<min(offset, bytes.count)])))
                position = min(offset, bytes.count)
            }
        }
        func takeCells(_ bits: Int, upTo offset: Int, into cells: inout [PropertyValue.Cell]) {
            let width = bits / 8
            while position + width <= min(offset, bytes.count) {
                var value: UInt64 = 0
                for k in 0..<width { value = value << 8 | UInt64(bytes[position + k]) }
                cells.append(.number(value))
                position += width
            }
        }

        for (index, marker) in markers.enumerated() {
            // Markers come from our own parser, but never index past the bytes whatever they say.
            position = min(position, bytes.count)
            switch open {
            case .cells(let bits, var cells):
                takeCells(bits, upTo: marker.offset, into: &cells)
                open = .cells(bits, cells)
            case .bytes(var raw):
                let end = min(marker.offset, bytes.count)
                if end > position {
                    raw.append(contentsOf: bytes[position..<end])
                    position = end
                }
                open = .bytes(raw)
            case .none:
                break
            }
            switch marker.kind {
            case .string:
                flushLoose(upTo: marker.offset, into: &chunks)
                position = min(position, bytes.count)
                var end = position
                while end < bytes.count, bytes[end] != 0 { end += 1 }
                let body = bytes[position..<min(end, bytes.count)]
                if let text = String(validating: body, as: UTF8.self) {
                    chunks.append(.string(text))
                } else {
                    chunks.append(.bytes(Array(bytes[position..<min(end + 1, bytes.count)])))
                }
                position = min(end + 1, bytes.count)
                _ = index
            case .cells(let bits):
                flushLoose(upTo: marker.offset, into: &chunks)
                open = .cells(bits, [])
            case .bytes:
                flushLoose(upTo: marker.offset, into: &chunks)
                open = .bytes([])
            case .end:
                switch open {
                case .cells(let bits, let cells): chunks.append(.cells(bits: bits, cells))
                case .bytes(let raw): chunks.append(.bytes(raw))
                case .none: break
                }
                open = .none
            case .label(let name):
                if case .cells(let bits, var cells) = open {
                    cells.append(.label(name))
                    open = .cells(bits, cells)
                } else if case .bytes(let raw) = open {
                    if !raw.isEmpty { chunks.append(.bytes(raw)) }
                    chunks.append(.label(name))
                    open = .bytes([])
                } else {
                    flushLoose(upTo: marker.offset, into: &chunks)
                    chunks.append(.label(name))
                }
            case .phandle(let reference):
                // Resolved phandles are already in the bytes; the cell is read back as a number.
                if case .cells(let bits, var cells) = open {
                    if resolved {
                        takeCells(bits, upTo: position + bits / 8, into: &cells)
                    } else {
                        cells.append(.phandle(reference))
                        position += bits / 8
                    }
                    open = .cells(bits, cells)
                } else {
                    flushLoose(upTo: marker.offset, into: &chunks)
                    if resolved {
                        var cells: [PropertyValue.Cell] = []
                        takeCells(32, upTo: position + 4, into: &cells)
                        chunks.append(.cells(bits: 32, cells))
                    } else {
                        chunks.append(.cells(bits: 32, [.phandle(reference)]))
                        position += 4
                    }
                }
            case .path(let reference):
                flushLoose(upTo: marker.offset, into: &chunks)
                if resolved {
                    chunks.append(.string(pathIndex < paths.count ? paths[pathIndex] : ""))
                } else {
                    chunks.append(.pathReference(reference))
                }
                pathIndex += 1
            }
        }
        position = min(position, bytes.count)
        switch open {
        case .cells(let bits, var cells):
            takeCells(bits, upTo: bytes.count, into: &cells)
            chunks.append(.cells(bits: bits, cells))
        case .bytes(var raw):
            raw.append(contentsOf: bytes[position...])
            position = bytes.count
            chunks.append(.bytes(raw))
        case .none:
            break
        }
        if position < bytes.count { chunks.append(.bytes(Array(bytes[position...]))) }
        return PropertyValue(chunks)
    }
}

/// A file name shared by every place in that file.
final class SourceFileName {
    /// The name as reported.
    let name: String

    init(_ name: String) {
        self.name = name
    }
}

/// A compact source position for the many properties of a large tree.
struct LivePlace {
    /// The file.
    let file: SourceFileName
    /// 1-based line.
    let line: Int32
    /// 1-based column.
    let column: Int32

    /// The position as a `SourceLocation`.
    var location: SourceLocation { SourceLocation(file: file.name, line: Int(line), column: Int(column)) }
}

/// The rarely used parts of a live property (copied on write).
final class LivePropertyExtras {
    var labels: [LiveLabel] = []
    var resolvedPaths: [String] = []

    func copy() -> LivePropertyExtras {
        let copied = LivePropertyExtras()
        copied.labels = labels
        copied.resolvedPaths = resolvedPaths
        return copied
    }
}

/// A property of the live tree, stored inline in its node's array.
struct LiveProperty {
    /// Property name.
    var name: String
    /// Value as written.
    var value: LiveValue
    /// Labels and fixup results, allocated only for the few properties that have them.
    private var extras: LivePropertyExtras?
    /// Marked deleted (kept in place so a later assignment revives it there).
    var deleted: Bool
    /// Where it was last assigned.
    var place: LivePlace?

    /// Where it was last assigned.
    var location: SourceLocation? { place?.location }

    private mutating func uniqueExtras() -> LivePropertyExtras {
        guard let current = extras else {
            let created = LivePropertyExtras()
            extras = created
            return created
        }
        if isKnownUniquelyReferenced(&extras) { return current }
        let copied = current.copy()
        extras = copied
        return copied
    }

    /// Labels in reverse order of dtc's list (appending here is dtc's prepend).
    var labels: [LiveLabel] {
        get { extras?.labels ?? [] }
        set { uniqueExtras().labels = newValue }
    }
    /// Paths written by the path fixup, one per path reference.
    var resolvedPaths: [String] {
        get { extras?.resolvedPaths ?? [] }
        set { uniqueExtras().resolvedPaths = newValue }
    }

    /// dtc `delete_property`.
    mutating func markDeleted() {
        deleted = true
        if extras != nil {
            var current = labels
            for index in current.indices { current[index].deleted = true }
            labels = current
        }
    }

    init(name: String, value: LiveValue, labels: [LiveLabel] = [], deleted: Bool = false, place: LivePlace?) {
        self.name = name
        self.value = value
        self.deleted = deleted
        self.place = place
        if !labels.isEmpty { self.labels = labels }
    }

    /// The bytes with whatever has been resolved so far.
    var currentBytes: [UInt8] { value.encoded(paths: resolvedPaths) }

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
    /// Full path (dtc's `fullpath`), built from the parent chain when asked: nodes never move
    /// once the checks start, so this equals what dtc computes before them.
    var fullpath: String {
        guard parent != nil else { return "/" }
        var names: [String] = []
        var current: LiveNode = self
        while let up = current.parent {
            names.append(current.name)
            current = up
        }
        return "/" + names.reversed().joined(separator: "/")
    }
    /// Children by name, built once a node has many children.
    private var childIndex: [String: [LiveNode]]?

    /// dtc leaves `parent` NULL on a `/delete-node/` marker built inside a node body (its
    /// `build_node` links only live children), even if a later definition revives it; dtc's
    /// `__local_fixups__` walk stops there, so we remember it.
    var dtcParentMissing = false

    init(name: String, properties: [LiveProperty] = [], children: [LiveNode] = [], location: SourceLocation?) {
        self.name = name
        self.properties = properties
        self.children = children
        self.location = location
        for child in children {
            child.parent = self
            if child.deleted { child.dtcParentMissing = true }
        }
    }

    /// Appends a child (dtc `add_child`).
    func addChild(_ child: LiveNode) {
        child.dtcParentMissing = false
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
        propertyIndex(named: name, includingDeleted: includingDeleted).map { properties[$0] }
    }

    /// The position of the first property with this name, deleted ones included when asked.
    func propertyIndex(named name: String, includingDeleted: Bool) -> Int? {
        for index in properties.indices where properties[index].name == name && (includingDeleted || !properties[index].deleted) {
            return index
        }
        return nil
    }

    /// Labels in dtc's list order that are not deleted.
    var liveLabels: [LiveLabel] { labels.reversed().filter { !$0.deleted } }

    /// Children not deleted.
    var liveChildren: LazyFilterSequence<[LiveNode]> { children.lazy.filter { !$0.deleted } }


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
    /// The first node a label was added to, by label (filtered on lookup).
    private var labelIndex: [String: LiveNode] = [:]
    /// Further nodes the same label was added to (rare: duplicates, deletions, merges).
    private var labelOverflow: [String: [LiveNode]] = [:]

    private func index(_ label: String, _ node: LiveNode) {
        if let first = labelIndex[label] {
            if first !== node { labelOverflow[label, default: []].append(node) }
        } else {
            labelIndex[label] = node
        }
    }
    /// Nodes by assigned phandle (a later live node only replaces a node no longer live).
    private var phandleIndex: [UInt32: LiveNode] = [:]
    /// dtc's static phandle counter.
    var nextPhandle: UInt32 = 1
    /// Every node the parser built, merged away or not: parent links are unowned, so no node
    /// a label or a child can still reach may be freed before the tree is.
    private var parsedNodes: [LiveNode] = []

    /// Keeps a parsed node alive as long as the tree.
    @discardableResult
    func keepAlive(_ node: LiveNode) -> LiveNode {
        parsedNodes.append(node)
        return node
    }
    /// Record chunk boundaries in values so the public tree keeps typed chunks.
    var keepShapes = true

    init(root: LiveNode) {
        self.root = root
    }

    // MARK: labels

    /// dtc `add_label` on a node: revive an existing entry or prepend a new one.
    func addLabel(_ name: String, location: SourceLocation?, to node: LiveNode) {
        for index in node.labels.indices where node.labels[index].name == name {
            node.labels[index].deleted = false
            self.index(name, node)
            return
        }
        node.labels.append(LiveLabel(name: name, deleted: false, location: location))
        self.index(name, node)
    }

    /// Records the labels a node already carries (nodes built by the parser).
    func registerLabels(of node: LiveNode) {
        for label in node.labels { index(label.name, node) }
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
        guard let first = labelIndex[label] else { return nil }
        let overflow = labelOverflow[label] ?? []
        if overflow.isEmpty {
            return isLive(first) && first.labels.contains(where: { $0.name == label && !$0.deleted }) ? first : nil
        }
        let candidates = [first] + overflow
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
        if let existing = phandleIndex[phandle], existing.phandle == phandle, isLive(existing) { return }
        phandleIndex[phandle] = node
    }

    /// dtc `get_node_by_phandle`.
    func node(phandle: UInt32) -> LiveNode? {
        guard phandle != 0, phandle != 0xffff_ffff, let node = phandleIndex[phandle] else { return nil }
        return node.phandle == phandle && isLive(node) ? node : nil
    }

    /// dtc `get_node_phandle`: the node's phandle, allocating one (and a `phandle` property) if needed.
    func phandle(of node: LiveNode) -> UInt32 {
        if node.phandle != 0 && node.phandle != 0xffff_ffff { return node.phandle }
        while self.node(phandle: nextPhandle) != nil { nextPhandle &+= 1 }
        let assigned = nextPhandle
        notePhandle(assigned, for: node)
        if node.property(named: "phandle", includingDeleted: false) == nil {
            node.properties.append(LiveProperty(name: "phandle", value: .cells([assigned], shaped: keepShapes), place: nil))
        }
        return assigned
    }

    // MARK: building

    /// dtc `delete_node`.
    func delete(_ node: LiveNode) {
        node.deleted = true
        for child in node.children where !child.deleted { delete(child) }
        for index in node.properties.indices where !node.properties[index].deleted { node.properties[index].markDeleted() }
        for index in node.labels.indices { node.labels[index].deleted = true }
    }


    /// dtc `merge_nodes`: folds `new` into `old`; `new` is discarded.
    func merge(_ new: LiveNode, into old: LiveNode) {
        old.deleted = false
        for label in new.labels.reversed() { addLabel(label.name, location: label.location, to: old) }
        for property in new.properties {
            if property.deleted {
                if let target = old.propertyIndex(named: property.name, includingDeleted: true) { old.properties[target].markDeleted() }
                continue
            }
            if let index = old.propertyIndex(named: property.name, includingDeleted: true) {
                var existing = old.properties[index]
                var labels = existing.labels
                for label in property.labels.reversed() {
                    if let position = labels.firstIndex(where: { $0.name == label.name }) {
                        labels[position].deleted = false
                    } else {
                        labels.append(label)
                    }
                }
                if !labels.isEmpty { existing.labels = labels }
                existing.value = property.value
                existing.deleted = false
                existing.place = property.place
                old.properties[index] = existing
            } else {
                old.properties.append(property)
            }
        }
        new.properties = []
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
