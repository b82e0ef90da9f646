import Diagnostics

// dtc's `-@` and plugin output: `__symbols__` (label → path), `__fixups__` (references to labels
// the overlay does not define) and `__local_fixups__` (offsets of resolved phandle cells), built
// in the same order and with the same property shapes as dtc 1.6.1's `checks.c`.

extension LiveTree {
    /// dtc `build_root_node`: the existing live child of the root with this name, or a new one.
    private func overlayRootNode(named name: String) -> LiveNode {
        if let existing = root.child(named: name, includingDeleted: false) { return existing }
        let node = LiveNode(name: name, location: nil)
        root.addChild(node)
        return node
    }

    /// dtc `generate_label_tree`: one string property per live node label, naming the node's path.
    func generateLabelTree(named name: String, allocatePhandles: Bool) {
        let nodes = preorder()
        guard nodes.contains(where: { !$0.labels.isEmpty }) else { return }
        let symbols = overlayRootNode(named: name)
        for node in nodes where !node.labels.isEmpty {
            for label in node.liveLabels {
                if symbols.property(named: label.name, includingDeleted: false) != nil { continue }
                symbols.properties.append(LiveProperty(name: label.name, value: .string(node.fullpath, shaped: keepShapes), location: nil))
            }
            if allocatePhandles { _ = phandle(of: node) }
        }
    }

    /// dtc `append_to_property`: adds a string or one 32-bit cell at the end of a property.
    private func append(string: String? = nil, cell: UInt32? = nil, to node: LiveNode, property name: String) {
        var addition = LiveValue.empty
        if let string { addition = .string(string, shaped: keepShapes) }
        if let cell { addition = .cells([cell], shaped: keepShapes) }
        if let index = node.propertyIndex(named: name, includingDeleted: false) {
            var value = node.properties[index].value
            let base = value.bytes.count
            if keepShapes, cell != nil, case .end? = value.markers.last?.kind, case .cells(32)? = value.markers.dropLast().last(where: {
                if case .end = $0.kind { return false }
                return true
            })?.kind {
                // Consecutive cells read better as one `<…>` chunk; the bytes are the same.
                value.markers.removeLast()
                value.bytes.append(contentsOf: addition.bytes)
                value.markers.append(LiveMarker(offset: value.bytes.count, kind: .end))
            } else {
                value.bytes.append(contentsOf: addition.bytes)
                for marker in addition.markers { value.markers.append(LiveMarker(offset: marker.offset + base, kind: marker.kind)) }
            }
            node.properties[index].value = value
        } else {
            node.properties.append(LiveProperty(name: name, value: addition, location: nil))
        }
    }

    /// Every phandle reference in the live tree, in dtc's walk order, with its target if any.
    private func phandleReferenceSites() -> [(node: LiveNode, property: LiveProperty, reference: PropertyValue.Reference, offset: Int, target: LiveNode?)] {
        var result: [(node: LiveNode, property: LiveProperty, reference: PropertyValue.Reference, offset: Int, target: LiveNode?)] = []
        for node in preorder() {
            for property in node.properties where !property.deleted && property.value.hasReferences {
                for (reference, offset) in property.value.phandleReferences(paths: property.resolvedPaths) {
                    result.append((node, property, reference, offset, self.node(reference: reference)))
                }
            }
        }
        return result
    }

    /// dtc `generate_fixups_tree`: `label = "/path:property:offset"` for each unresolved reference.
    /// Returns an error message when a path or property name holds a ':' (dtc stops there).
    func generateFixups(named name: String) -> String? {
        let sites = phandleReferenceSites().filter { $0.target == nil }
        guard !sites.isEmpty else { return nil }
        let fixups = overlayRootNode(named: name)
        for site in sites {
            if site.node.fullpath.contains(":") || site.property.name.contains(":") {
                return "arguments should not contain ':'"
            }
            guard case .label(let label) = site.reference else { continue }
            append(string: "\(site.node.fullpath):\(site.property.name):\(site.offset)", to: fixups, property: label)
        }
        return nil
    }

    /// dtc `generate_local_fixups_tree`: the offsets of resolved phandle cells, in a tree mirroring
    /// the referring nodes' paths.
    func generateLocalFixups(named name: String) {
        let sites = phandleReferenceSites().filter { $0.target != nil }
        guard !sites.isEmpty else { return }
        let localFixups = overlayRootNode(named: name)
        for site in sites {
            var components: [String] = []
            var current: LiveNode? = site.node
            while let node = current, node !== root {
                components.append(node.name)
                current = node.parent
            }
            var walk = localFixups
            for component in components.reversed() {
                if let existing = walk.child(named: component, includingDeleted: false) {
                    walk = existing
                } else {
                    let created = LiveNode(name: component, location: nil)
                    walk.addChild(created)
                    walk = created
                }
            }
            append(cell: UInt32(truncatingIfNeeded: site.offset), to: walk, property: site.property.name)
        }
    }
}
