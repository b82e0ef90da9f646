import DeviceTree

/// The characters host names may bring into generated files. A host tree (a DTB above all)
/// can name a node or a property anything; copied into the guest DTS, the U-Boot script or
/// `dtdev`, a name with a space, `;`, a quote or a newline would end the name and start text of
/// its own (a `/include/` reading a file, a U-Boot command). Only the characters dtc allows in
/// node and property names pass.
enum HostNames {
    /// A character dtc allows in a node or property name (`a-zA-Z0-9,._+*#?@-`).
    static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", ",", ".", "_", "+", "*", "#", "?", "@", "-": true
        default: false
        }
    }

    /// The first character of a node path that is neither a name character nor `/`.
    static func firstBadScalar(inPath path: String) -> Unicode.Scalar? {
        path.unicodeScalars.first { $0 != "/" && !isNameScalar($0) }
    }

    /// The first name in `node` (its own, a property's, a descendant's) that is empty or has a
    /// character that is not a name character; the root's empty name is allowed.
    static func firstBadName(in node: Node, isRoot: Bool = true) -> String? {
        if !isRoot, node.name.isEmpty || !node.name.unicodeScalars.allSatisfy(isNameScalar) { return node.name }
        if let property = node.properties.first(where: { $0.name.isEmpty || !$0.name.unicodeScalars.allSatisfy(isNameScalar) }) {
            return property.name
        }
        for child in node.children {
            if let found = firstBadName(in: child, isRoot: false) { return found }
        }
        return nil
    }
}
