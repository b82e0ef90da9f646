import Diagnostics

/// The part of dtc 1.6.1's `checks.c` that can reject a source or changes the tree: structural
/// errors, label and phandle checks, reference fixups (phandle assignment) and `/omit-if-no-ref/`.
///
/// Checks run in dtc's table order; as in dtc, once one check fails the later ones do not run.
struct DTSChecks {
    /// The tree being checked and fixed up.
    let tree: LiveTree
    /// A `/plugin/` source: unresolved phandle references become fixups instead of errors.
    let isPlugin: Bool
    /// dtc `-@`: labelled nodes are never omitted.
    let generateSymbols: Bool
    private var diagnostics: [Diagnostic] = []

    init(tree: LiveTree, isPlugin: Bool, generateSymbols: Bool) {
        self.tree = tree
        self.isPlugin = isPlugin
        self.generateSymbols = generateSymbols
    }

    /// Runs every check; returns the errors of the first failing one (empty when all pass).
    mutating func run() -> [Diagnostic] {
        let steps: [(inout DTSChecks, [LiveNode]) -> Void] = [
            { $0.duplicateNodeNames($1) },
            { $0.duplicatePropertyNames($1) },
            { $0.nodeNameCharacters($1) },
            { $0.nodeNameFormat($1) },
            { $0.propertyNameCharacters($1) },
            { $0.nameIsString($1) },
            { $0.nameProperties($1) },
            { $0.duplicateLabels($1) },
            { $0.explicitPhandles($1) },
            { $0.phandleReferences($1) },
            { $0.pathReferences($1) },
            { $0.omitUnusedNodes($1) },
        ]
        let nodes = tree.preorder()
        for step in steps {
            step(&self, nodes)
            if !diagnostics.isEmpty { return diagnostics }
        }
        return []
    }

    // MARK: reporting

    private mutating func fail(_ code: String, _ message: String, at location: SourceLocation?, node: LiveNode, notes: [Note] = []) {
        diagnostics.append(Diagnostic(
            code: code, severity: .error, message: message,
            primary: location.map { Label(SourceRange(start: $0)) }, notes: notes, devicePath: node.fullpath
        ))
    }

    private static func definedAt(_ location: SourceLocation?) -> [Note] {
        guard let location else { return [] }
        return [Note("first defined here", at: SourceRange(start: location))]
    }

    // MARK: structure

    private mutating func duplicateNodeNames(_ nodes: [LiveNode]) {
        for node in nodes where node.children.count > 1 {
            var live: [String: LiveNode] = [:]
            for child in node.children {
                if let first = live[child.name] {
                    fail("XPT-DTS-DUPLICATE-NODE", "duplicate node name '\(child.name)'", at: child.location ?? node.location, node: node, notes: Self.definedAt(first.location))
                }
                if !child.deleted && live[child.name] == nil { live[child.name] = child }
            }
        }
    }

    private mutating func duplicatePropertyNames(_ nodes: [LiveNode]) {
        for node in nodes {
            // A few properties are compared pairwise (no table to hash into); many go through one.
            guard node.properties.count > 16 else {
                let properties = node.properties
                for (position, property) in properties.enumerated() where !property.deleted {
                    if let first = properties[..<position].first(where: { !$0.deleted && $0.name == property.name }) {
                        fail("XPT-DTS-DUPLICATE-PROPERTY", "duplicate property name '\(property.name)'", at: property.location ?? node.location, node: node, notes: Self.definedAt(first.location))
                    }
                }
                continue
            }
            var seen: [String: LiveProperty] = [:]
            for property in node.properties where !property.deleted {
                if let first = seen[property.name] {
                    fail("XPT-DTS-DUPLICATE-PROPERTY", "duplicate property name '\(property.name)'", at: property.location ?? node.location, node: node, notes: Self.definedAt(first.location))
                } else {
                    seen[property.name] = property
                }
            }
        }
    }

    private mutating func nodeNameCharacters(_ nodes: [LiveNode]) {
        for node in nodes {
            if let bad = node.name.utf8.first(where: { !DTBNameRules.isNodeNameCharacter($0) }) {
                fail("XPT-DTS-NODE-NAME", "bad character '\(Character(UnicodeScalar(bad)))' in node name '\(node.name)'", at: node.location, node: node)
            }
        }
    }

    private mutating func nodeNameFormat(_ nodes: [LiveNode]) {
        for node in nodes {
            var ats = 0
            for byte in node.name.utf8 where byte == 64 { ats += 1 }
            if ats > 1 {
                fail("XPT-DTS-NODE-NAME", "multiple '@' characters in node name '\(node.name)'", at: node.location, node: node)
            }
        }
    }

    private mutating func propertyNameCharacters(_ nodes: [LiveNode]) {
        for node in nodes {
            for index in node.properties.indices where !node.properties[index].deleted {
                let name = node.properties[index].name
                if let bad = name.utf8.first(where: { !DTBNameRules.isPropertyNameCharacter($0) }) {
                    fail("XPT-DTS-PROPERTY-NAME", "bad character '\(Character(UnicodeScalar(bad)))' in property name '\(name)'", at: node.properties[index].location, node: node)
                }
            }
        }
    }

    private mutating func nameIsString(_ nodes: [LiveNode]) {
        for node in nodes {
            guard let property = node.property(named: "name", includingDeleted: false) else { continue }
            let bytes = property.currentBytes
            if bytes.isEmpty || bytes.last != 0 || bytes.dropLast().contains(0) {
                fail("XPT-DTS-NAME-PROPERTY", "\"name\" property is not a string", at: property.location, node: node)
            }
        }
    }

    private mutating func nameProperties(_ nodes: [LiveNode]) {
        for node in nodes {
            // dtc looks at the first "name" entry even when it is marked deleted.
            guard let index = node.properties.firstIndex(where: { $0.name == "name" }) else { continue }
            let property = node.properties[index]
            let bytes = property.currentBytes
            let base = Array(node.name.utf8.prefix(node.baseNameLength))
            if bytes.count != base.count + 1 || Array(bytes.prefix(base.count)) != base {
                let shown = String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
                fail("XPT-DTS-NAME-PROPERTY", "\"name\" property is incorrect (\"\(shown)\" instead of base node name)", at: property.location ?? node.location, node: node)
            } else {
                node.properties.remove(at: index)
            }
        }
    }

    // MARK: labels

    private struct LabelSite {
        var node: LiveNode
        var location: SourceLocation?
    }

    private mutating func duplicateLabels(_ nodes: [LiveNode]) {
        var first: [String: LabelSite] = [:]
        var reported = Set<String>()
        func visit(_ label: String, _ site: LabelSite, _ checks: inout DTSChecks) {
            if let earlier = first[label] {
                if reported.insert(label + "\u{0}" + (site.location?.description ?? "")).inserted {
                    checks.fail("XPT-DTS-DUPLICATE-LABEL", "duplicate label '\(label)'", at: site.location ?? site.node.location, node: site.node, notes: Self.definedAt(earlier.location))
                }
            } else {
                first[label] = site
            }
        }
        for node in nodes {
            // The live labels in dtc's order (`liveLabels`), without building the list.
            for label in node.labels.reversed() where !label.deleted { visit(label.name, LabelSite(node: node, location: label.location), &self) }
            for index in node.properties.indices where !node.properties[index].deleted {
                for label in node.properties[index].labels.reversed() where !label.deleted {
                    visit(label.name, LabelSite(node: node, location: label.location), &self)
                }
                for marker in node.properties[index].value.markers {
                    if case .label(let name) = marker.kind {
                        visit(name, LabelSite(node: node, location: marker.location), &self)
                    }
                }
            }
        }
    }

    // MARK: phandles and references

    private mutating func explicitPhandle(_ node: LiveNode, _ name: String) -> UInt32 {
        guard let property = node.property(named: name, includingDeleted: false) else { return 0 }
        let bytes = property.value.bytes
        if bytes.count != 4 {
            fail("XPT-DTS-PHANDLE", "bad length (\(bytes.count)) \(name) property", at: property.location, node: node)
            return 0
        }
        if let first = property.value.references().first(where: { !$0.isPath }) {
            if tree.node(reference: first.reference) !== node {
                fail("XPT-DTS-PHANDLE", "\(name) is a reference to another node", at: property.location, node: node)
            }
            return 0
        }
        let value = UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
        if value == 0 || value == 0xffff_ffff {
            fail("XPT-DTS-PHANDLE", "bad value (0x\(String(value, radix: 16))) in \(name) property", at: property.location, node: node)
            return 0
        }
        return value
    }

    private mutating func explicitPhandles(_ nodes: [LiveNode]) {
        for node in nodes {
            var phandle = explicitPhandle(node, "phandle")
            let linux = explicitPhandle(node, "linux,phandle")
            if phandle == 0 && linux == 0 { continue }
            if linux != 0 && phandle != 0 && phandle != linux {
                fail("XPT-DTS-PHANDLE", "mismatching 'phandle' and 'linux,phandle' properties", at: node.location, node: node)
            }
            if linux != 0 && phandle == 0 { phandle = linux }
            if let other = tree.node(phandle: phandle), other !== node {
                let location = node.property(named: "phandle", includingDeleted: false)?.location
                    ?? node.property(named: "linux,phandle", includingDeleted: false)?.location ?? node.location
                fail("XPT-DTS-DUPLICATE-PHANDLE", "duplicated phandle 0x\(String(phandle, radix: 16)) (seen before at \(other.fullpath))", at: location, node: node, notes: Self.definedAt(other.location))
                continue
            }
            tree.notePhandle(phandle, for: node)
        }
    }

    private mutating func unresolved(_ reference: PropertyValue.Reference, at location: SourceLocation?, node: LiveNode) {
        switch reference {
        case .label(let label):
            fail("XPT-DTS-UNKNOWN-LABEL", "reference to non-existent node or label '\(label)'", at: location, node: node)
        case .path(let path):
            fail("XPT-DTS-UNKNOWN-PATH", "reference to non-existent node '\(path)'", at: location, node: node)
        }
    }

    private mutating func phandleReferences(_ nodes: [LiveNode]) {
        for node in nodes where !node.deleted {
            for index in node.properties.indices where !node.properties[index].deleted && node.properties[index].value.hasReferences {
                let property = node.properties[index]
                // As dtc does, the phandle is written over the cell's placeholder.
                var value = property.value
                for marker in value.markers {
                    guard case .phandle(let reference) = marker.kind else { continue }
                    var number: UInt32 = 0xffff_ffff
                    if let target = tree.node(reference: reference) {
                        number = tree.phandle(of: target)
                        target.isReferenced = true
                    } else if !isPlugin {
                        unresolved(reference, at: marker.location ?? property.location, node: node)
                    }
                    guard marker.offset >= 0, marker.offset + 4 <= value.bytes.count else { continue }
                    value.bytes[marker.offset] = UInt8(truncatingIfNeeded: number >> 24)
                    value.bytes[marker.offset + 1] = UInt8(truncatingIfNeeded: number >> 16)
                    value.bytes[marker.offset + 2] = UInt8(truncatingIfNeeded: number >> 8)
                    value.bytes[marker.offset + 3] = UInt8(truncatingIfNeeded: number)
                }
                node.properties[index].value = value
            }
        }
    }

    private mutating func pathReferences(_ nodes: [LiveNode]) {
        for node in nodes where !node.deleted {
            for index in node.properties.indices where !node.properties[index].deleted && node.properties[index].value.hasPathReferences {
                let property = node.properties[index]
                var resolved: [String] = []
                for item in property.value.references() where item.isPath {
                    let location = item.location ?? property.location
                    guard let target = tree.node(reference: item.reference) else {
                        unresolved(item.reference, at: location, node: node)
                        resolved.append("")
                        continue
                    }
                    resolved.append(target.fullpath)
                    target.isReferenced = true
                }
                if !resolved.isEmpty { node.properties[index].resolvedPaths = resolved }
            }
        }
    }

    private mutating func omitUnusedNodes(_ nodes: [LiveNode]) {
        for node in nodes where !node.deleted {
            if generateSymbols && !node.labels.isEmpty { continue }
            if node.omitIfUnused && !node.isReferenced { tree.delete(node) }
        }
    }
}
