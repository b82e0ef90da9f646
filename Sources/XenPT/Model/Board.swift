import DeviceTree
import Diagnostics

/// A board ready for planning: its manifest, the host tree and what annotations say per node.
public struct Board: Sendable {
    /// The manifest.
    public let manifest: BoardManifest
    /// The host tree, indexed.
    public let index: DeviceTreeIndex
    /// SHA-256 of the manifest text.
    public let manifestHash: String
    /// SHA-256 of the host tree file.
    public let hostHash: String
    /// The board's default Xen release.
    public let xen: XenVersion?
    /// Annotations by node.
    public let annotations: [NodeID: DeviceAnnotation]
    /// Device classes for this board (shipped plus the board's own folders).
    public let classes: DeviceClassCatalog
    /// The shipped schemas folder, so class origins can be named without machine paths.
    public let schemaRoot: String

    /// Board name.
    public var name: String { manifest.name.value }

    /// The compatibles of each interrupt controller in the host tree, in tree order; gathered
    /// once when the board is loaded, since every plan request asks which GIC Xen drives.
    public let interruptControllers: [[String]]

    /// The compatibles of every interrupt controller of a tree, in tree order.
    static func interruptControllers(in index: DeviceTreeIndex) -> [[String]] {
        index.allNodes.filter { index.property("interrupt-controller", of: $0) != nil }.map { index.compatibles($0) }
    }

    /// The version of the host GIC a release of Xen drives on this board, if it drives one.
    public func hostGICVersion(_ release: XenRelease) -> GICVersion? { release.hostGICVersion(controllers: interruptControllers) }
}

/// A guest ready for planning.
public struct Guest: Sendable {
    /// The manifest.
    public let manifest: GuestManifest
    /// SHA-256 of the manifest text.
    public let manifestHash: String
    /// The board's manifest file (key into the workspace's boards).
    public let boardFile: String
    /// The Xen release it runs on.
    public let release: XenRelease
    /// The devices, resolved to host nodes, in manifest order.
    public let devices: [(entry: PassthroughEntry, node: NodeID)]

    /// Guest name.
    public var name: String { manifest.name.value }
}
