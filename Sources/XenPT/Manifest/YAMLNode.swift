import Diagnostics

/// A YAML node that remembers where it was written: our own `Sendable` tree, so no Yams type
/// leaves `Manifest/`.
public struct YAMLNode: Sendable, Hashable {
    /// What the node holds.
    public var kind: Kind
    /// Where it was written. Scalars get their whole span; collections their first position.
    public var range: SourceRange

    /// Creates a node.
    public init(kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// The shape of a node.
    public enum Kind: Sendable, Hashable {
        /// A scalar as written (never converted by YAML 1.1 rules), with its quoting style.
        case scalar(String, ScalarStyle)
        /// Key/value pairs in source order.
        case mapping([YAMLPair])
        /// Items in order.
        case sequence([YAMLNode])
    }

    /// How a scalar was written; quoting matters for numbers and booleans.
    public enum ScalarStyle: String, Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    /// The scalar text, if this is a scalar.
    public var scalar: String? {
        if case .scalar(let text, _) = kind { return text }
        return nil
    }

    /// True for a plain `~`, `null`, `Null`, `NULL` or empty scalar.
    public var isNull: Bool {
        guard case .scalar(let text, .plain) = kind else { return false }
        return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    /// True for a `|` or `>` block scalar.
    public var isBlockScalar: Bool {
        if case .scalar(_, let style) = kind { return style == .literal || style == .folded }
        return false
    }

    /// The pairs, if this is a mapping.
    public var pairs: [YAMLPair]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    /// The items, if this is a sequence.
    public var items: [YAMLNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    /// The value for a key in a mapping (first match).
    public subscript(key: String) -> YAMLNode? {
        pairs?.first { $0.key.scalar == key }?.value
    }

    /// A word for the node's shape, for messages ("a mapping").
    public var shapeDescription: String {
        switch kind {
        case .scalar: isNull ? "null" : "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a sequence"
        }
    }
}

/// One key/value pair of a mapping; both sides keep their positions.
public struct YAMLPair: Sendable, Hashable {
    /// The key node (a scalar for every manifest key).
    public var key: YAMLNode
    /// The value node.
    public var value: YAMLNode

    /// Creates a pair.
    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// A CUE-style path into a document: `passthrough[0].device`.
public struct DataPath: Sendable, Hashable, CustomStringConvertible {
    /// The components, outermost first.
    public var components: [Component]

    /// One step: a mapping key or a sequence index.
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    /// The empty path (the document root).
    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// This path extended with a key.
    public func appending(_ key: String) -> DataPath {
        DataPath(components + [.key(key)])
    }

    /// This path extended with an index.
    public func appending(index: Int) -> DataPath {
        DataPath(components + [.index(index)])
    }

    /// `a.b[2].c`; empty for the root.
    public var description: String {
        var out = ""
        for component in components {
            switch component {
            case .key(let key):
                if !out.isEmpty { out += "." }
                out += key
            case .index(let index):
                out += "[\(index)]"
            }
        }
        return out
    }
}
