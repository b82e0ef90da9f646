import Diagnostics

/// A board manifest as written: located values, nothing resolved yet.
public struct BoardManifest: Sendable {
    /// The manifest file as the user named it (normalised).
    public let file: String
    /// `board:`.
    public let name: Located<String>
    /// `host:`, as a path relative to the working folder.
    public let host: Located<String>
    /// `host:` as the manifest wrote it (normalised): relative to the manifest's folder, or absolute.
    public let hostAsWritten: String
    /// `xen:` (`MAJOR.MINOR`).
    public let xen: Located<String>?
    /// `include-dirs:`, relative to the working folder.
    public let includeDirectories: [Located<String>]
    /// `schemas:`, relative to the working folder.
    public let schemaDirectories: [Located<String>]
    /// `schemas:` as the manifest wrote them (normalised), in the order of `schemaDirectories`.
    public let schemaDirectoriesAsWritten: [String]
    /// `devices:`.
    public let devices: [DeviceAnnotation]
}

/// Annotations for one host device in a board manifest.
public struct DeviceAnnotation: Sendable {
    /// The node path (the mapping key).
    public let device: Located<String>
    /// `class:`.
    public let className: Located<String>?
    /// `dma:`.
    public let dma: Located<String>?
    /// `reset:`.
    public let reset: Located<String>?
    /// `clock-rates:` by clock name or index, in Hz.
    public let clockRates: [(name: Located<String>, hertz: Located<UInt64>)]
}

/// A guest manifest as written.
public struct GuestManifest: Sendable {
    /// The manifest file as the user named it (normalised).
    public let file: String
    /// `guest:`.
    public let name: Located<String>
    /// `board:`, relative to the working folder.
    public let board: Located<String>
    /// `board:` as the manifest wrote it (normalised): relative to the manifest's folder, or absolute.
    public let boardAsWritten: String
    /// `xen:`.
    public let xen: Located<String>?
    /// `memory:` in bytes.
    public let memory: Located<UInt64>?
    /// `vcpus:`.
    public let vcpus: Located<UInt64>?
    /// `trust:`.
    public let trust: Located<String>?
    /// `gic:`.
    public let gic: Located<String>?
    /// `vuart:`.
    public let vuart: Located<Bool>?
    /// `virtio:`.
    public let virtio: Located<Bool>?
    /// `pci:`.
    public let pci: Located<Bool>?
    /// `kernel:`.
    public let kernel: Located<String>?
    /// `ramdisk:`.
    public let ramdisk: Located<String>?
    /// `cmdline:`.
    public let cmdline: Located<String>?
    /// `device-tree:`.
    public let deviceTreePath: Located<String>?
    /// `dom0less:`.
    public let dom0less: Dom0lessBoot?
    /// `passthrough:`.
    public let passthrough: [PassthroughEntry]
    /// `waive:`.
    public let waivers: [WaiverEntry]
    /// Where the `passthrough:` key is, for findings about the list as a whole.
    public let passthroughKey: SourceRange?
}

/// `dom0less:`: where the bootloader puts the guest's modules.
public struct Dom0lessBoot: Sendable {
    /// One module: address and size.
    public struct Module: Sendable {
        /// Load address.
        public let address: Located<UInt64>
        /// Size in bytes (nil for the device tree, whose size is the generated DTB's).
        public let size: Located<UInt64>?
    }

    /// `kernel:`.
    public let kernel: Module
    /// `ramdisk:`.
    public let ramdisk: Module?
    /// `device-tree:`.
    public let deviceTree: Module
    /// Where the `dom0less:` key is.
    public let range: SourceRange
}

/// One `passthrough:` item.
public struct PassthroughEntry: Sendable {
    /// `device:` as written.
    public let device: Located<String>
    /// `guest-address:`; nil means `auto`.
    public let guestAddress: Located<GuestAddressRequest>?
    /// The item's data path.
    public let path: DataPath
}

/// Where a device's first page should go in the guest.
public enum GuestAddressRequest: Sendable, Hashable {
    /// Let the resolver choose.
    case auto
    /// Same address as on the host.
    case identity
    /// This guest physical address (page aligned).
    case address(UInt64)
}

/// One `waive:` item.
public struct WaiverEntry: Sendable {
    /// `rule:`.
    public let rule: Located<String>
    /// `at:`.
    public let at: Located<String>?
    /// `reason:`.
    public let reason: Located<String>
}
