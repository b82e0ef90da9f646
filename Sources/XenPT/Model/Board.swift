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

    /// The host GIC's version (`v2` or `v3`) from the GIC node Xen drives, if there is one;
    /// found once when the board is loaded, since every plan request asks for it.
    public let hostGICVersion: String?

    /// The version of the first GIC Xen drives in a tree (`v2` or `v3`), nil without one.
    static func gicVersion(in index: DeviceTreeIndex) -> String? {
        for id in index.allNodes where index.node(id).property("interrupt-controller") != nil {
            let compatibles = index.compatibles(id)
            if compatibles.contains("arm,gic-v3") { return "v3" }
            if !Set(compatibles).isDisjoint(with: GICCompatibles.all) { return "v2" }
        }
        return nil
    }
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
