// DeviceTree layer: a general device-tree library. It may import Diagnostics (for source
// positions and errors) and Foundation; it knows nothing of Xen and never prints.
import Diagnostics

/// A whole device tree: the memory reservation block, the root node and the header facts.
///
/// The same value represents a tree parsed from DTS (property values keep their source
/// shape: strings, cells, bytes, references) and a tree read from a DTB (property values are
/// raw bytes). `ReferenceResolver` turns the former into a tree whose values have no
/// unresolved references, which is what the DTB writer and the semantic helpers read.
public struct DeviceTree: Sendable, Hashable {
    /// `/memreserve/` entries, in order.
    public var memoryReservations: [MemoryReservation]
    /// The root node (name `""`).
    public var root: Node
    /// `boot_cpuid_phys` of the DTB header.
    public var bootCPUID: UInt32
    /// True for a `/plugin/` source (an overlay).
    public var isPlugin: Bool

    /// Creates a tree.
    public init(
        memoryReservations: [MemoryReservation] = [],
        root: Node = Node(name: ""),
        bootCPUID: UInt32 = 0,
        isPlugin: Bool = false
    ) {
        self.memoryReservations = memoryReservations
        self.root = root
        self.bootCPUID = bootCPUID
        self.isPlugin = isPlugin
    }
}

/// One `/memreserve/` entry.
public struct MemoryReservation: Sendable, Hashable {
    /// Physical start address.
    public var address: UInt64
    /// Size in bytes.
    public var size: UInt64
    /// Labels written before the entry.
    public var labels: [String]

    /// Creates an entry.
    public init(address: UInt64, size: UInt64, labels: [String] = []) {
        self.address = address
        self.size = size
        self.labels = labels
    }
}

/// A node: its name (`ethernet@fff51000`), labels, properties and children, in source order.
public struct Node: Sendable, Hashable {
    /// Full node name including the unit address; `""` for the root.
    public var name: String
    /// Labels attached to the node (`eth1: ethernet@…`).
    public var labels: [String]
    /// Properties in order.
    public var properties: [Property]
    /// Child nodes in order.
    public var children: [Node]
    /// Where the node was (first) defined, when it came from source.
    public var location: SourceLocation?
    /// `/omit-if-no-ref/` was given for this node.
    public var omitIfNoReference: Bool

    /// Creates a node.
    public init(
        name: String,
        labels: [String] = [],
        properties: [Property] = [],
        children: [Node] = [],
        location: SourceLocation? = nil,
        omitIfNoReference: Bool = false
    ) {
        self.name = name
        self.labels = labels
        self.properties = properties
        self.children = children
        self.location = location
        self.omitIfNoReference = omitIfNoReference
    }

    /// The name without the unit address (`ethernet`).
    public var baseName: String {
        if let at = name.firstIndex(of: "@") { return String(name[..<at]) }
        return name
    }

    /// The unit address after `@`, if any (`fff51000`).
    public var unitAddress: String? {
        guard let at = name.firstIndex(of: "@") else { return nil }
        return String(name[name.index(after: at)...])
    }

    /// The first property with this name.
    public func property(_ name: String) -> Property? {
        properties.first { $0.name == name }
    }

    /// The first child with this exact name.
    public func child(_ name: String) -> Node? {
        children.first { $0.name == name }
    }
}

/// A property: a name, a typed value, labels and where it was written.
public struct Property: Sendable, Hashable {
    /// Property name (`compatible`, `#address-cells`).
    public var name: String
    /// The value as written (or as raw bytes, for a tree read from a DTB).
    public var value: PropertyValue
    /// Labels attached to the property.
    public var labels: [String]
    /// Where it was (last) assigned, when it came from source.
    public var location: SourceLocation?
    /// How the house DTS printer writes this value's numbers (counts and IDs read better in decimal).
    public var numberStyle: NumberStyle
    /// Byte offsets of the cells the source wrote as phandle references (`<&clk 3>`), in order,
    /// as the DTS compiler resolved them; empty for values read from a DTB or built in code.
    public var phandleOffsets: [Int]

    /// How numbers in cells are written by `DTSPrinter.source`.
    public enum NumberStyle: Sendable, Hashable {
        /// 0 to 9 in decimal, larger numbers in hex (addresses, sizes, masks).
        case automatic
        /// Always decimal (interrupt numbers, frequencies, voltages).
        case decimal
    }

    /// Creates a property.
    public init(name: String, value: PropertyValue = PropertyValue(), labels: [String] = [], location: SourceLocation? = nil,
                numberStyle: NumberStyle = .automatic, phandleOffsets: [Int] = []) {
        self.name = name
        self.value = value
        self.labels = labels
        self.location = location
        self.numberStyle = numberStyle
        self.phandleOffsets = phandleOffsets
    }
}

/// A property value as a sequence of comma-separated pieces, the way DTS writes it.
///
/// An empty `chunks` array is an empty (boolean) property.
public struct PropertyValue: Sendable, Hashable {
    /// The comma-separated pieces, in order.
    public var chunks: [Chunk]

    /// Creates a value.
    public init(_ chunks: [Chunk] = []) {
        self.chunks = chunks
    }

    /// One comma-separated piece of a property value.
    public enum Chunk: Sendable, Hashable {
        /// `"text"`: the UTF-8 bytes and a terminating NUL.
        case string(String)
        /// `<…>` or `/bits/ N <…>`: cells of `bits` width (8, 16, 32 or 64), big-endian.
        case cells(bits: Int, [Cell])
        /// `[…]` byte string, or raw bytes (from `/incbin/` or from a DTB).
        case bytes([UInt8])
        /// `&label` or `&{/path}` outside `<>`: the full path of the node, NUL-terminated.
        case pathReference(Reference)
        /// A label inside a value (`<a: 1 b: 2>` or `val: "x"`): only matters for DTS printing.
        case label(String)
    }

    /// One element inside `<…>`.
    public enum Cell: Sendable, Hashable {
        /// A number (already evaluated from its expression).
        case number(UInt64)
        /// `&label` or `&{/path}` inside `<>`: the phandle of that node (32-bit cells only).
        case phandle(Reference)
        /// A label between cells: only matters for DTS printing.
        case label(String)
    }

    /// What a reference names.
    public enum Reference: Sendable, Hashable, CustomStringConvertible {
        /// `&name`.
        case label(String)
        /// `&{/full/path}`.
        case path(String)

        /// As written in DTS, without the `&`.
        public var description: String {
            switch self {
            case .label(let label): label
            case .path(let path): "{\(path)}"
            }
        }
    }
}
