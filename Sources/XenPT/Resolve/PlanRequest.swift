import DeviceTree
import Diagnostics

/// What the resolver needs to plan one guest. Built by the model from manifests and schemas.
public struct PlanRequest: Sendable {
    /// Guest name.
    public let guest: String
    /// Board name.
    public let board: String
    /// The host tree.
    public let index: DeviceTreeIndex
    /// The guest's address map and interrupt reservations.
    public let layout: GuestLayout
    /// The devices asked for, in manifest order (`xenpt survey` reuses one request of a board
    /// for each of its devices in turn).
    public internal(set) var devices: [DeviceRequest]
    /// Whether the guest is trusted with unprotected DMA.
    public let trusted: Bool
    /// Which IOMMUs this Xen release drives.
    public let iommuSupport: IOMMUSupport
    /// Compatibles of interrupt controllers that are the GIC Xen drives.
    public let gicCompatibles: Set<String>
    /// Nodes given to other guests of the same board, with the guest name.
    public let otherGuests: [NodeID: String]
    /// What the Xen release can do.
    public let capabilities: Set<XenCapability>
    /// The first release of each capability, for saying which release to move to.
    public let capabilityStarts: [XenCapability: XenVersion]
    /// How many vCPUs the release's virtual GIC can address.
    public let vgic: VGICLimits
    /// The GIC version the manifest asks for, with where it says so.
    public let gicVersion: (version: GICVersion, range: SourceRange)?
    /// The host GIC's version, when the host tree has a GIC the release knows.
    public let hostGICVersion: GICVersion?
    /// The vCPU count asked for, with where it is written.
    public let vcpus: (count: UInt64, range: SourceRange)?
    /// The highest SPI INTID this Xen release lets a guest have (its `nr_spis` limit).
    public let maxGuestINTID: UInt32?
    /// Where the manifest asks for the dom0less form, if it does.
    public let dom0less: SourceRange?

    /// Creates a request.
    public init(guest: String, board: String, index: DeviceTreeIndex, layout: GuestLayout, devices: [DeviceRequest],
                trusted: Bool, iommuSupport: IOMMUSupport, gicCompatibles: Set<String>, otherGuests: [NodeID: String] = [:],
                capabilities: Set<XenCapability>, capabilityStarts: [XenCapability: XenVersion] = [:],
                gicVersion: (version: GICVersion, range: SourceRange)? = nil, hostGICVersion: GICVersion? = nil,
                vcpus: (count: UInt64, range: SourceRange)? = nil, vgic: VGICLimits,
                maxGuestINTID: UInt32? = nil,
                dom0less: SourceRange? = nil) {
        self.guest = guest
        self.board = board
        self.index = index
        self.layout = layout
        self.devices = devices
        self.trusted = trusted
        self.iommuSupport = iommuSupport
        self.gicCompatibles = gicCompatibles
        self.otherGuests = otherGuests
        self.capabilities = capabilities
        self.capabilityStarts = capabilityStarts
        self.vgic = vgic
        self.gicVersion = gicVersion
        self.hostGICVersion = hostGICVersion
        self.vcpus = vcpus
        self.maxGuestINTID = maxGuestINTID
        self.dom0less = dom0less
    }
}

/// One device asked for.
public struct DeviceRequest: Sendable {
    /// The host node.
    public let node: NodeID
    /// How the manifest named it (for diagnostics).
    public let reference: Located<String>
    /// The placement asked for.
    public let address: Located<GuestAddressRequest>?
    /// What the device class and board annotations say.
    public let policy: DevicePolicy

    /// Creates a request.
    public init(node: NodeID, reference: Located<String>, address: Located<GuestAddressRequest>?, policy: DevicePolicy) {
        self.node = node
        self.reference = reference
        self.address = address
        self.policy = policy
    }
}

/// The resolver's view of a device class plus board annotations.
public struct DevicePolicy: Sendable, Hashable {
    /// Class name.
    public let className: String
    /// Where the class was defined.
    public let classOrigin: String
    /// Whether the device masters DMA.
    public let dma: DMACapability
    /// How the device is reset between guests.
    public let reset: ResetMethod
    /// Clock rates given in the board manifest, by clock name or index.
    public let clockRates: [String: UInt32]
    /// Extra properties the class drops from the guest copy.
    public let dropProperties: [String]
    /// Dependency kind → what the class says to do in the guest.
    public let dependencyPolicies: [DependencyKind: DependencyPolicy]

    /// Creates a policy.
    public init(className: String, classOrigin: String, dma: DMACapability, reset: ResetMethod, clockRates: [String: UInt32] = [:],
                dropProperties: [String] = [], dependencyPolicies: [DependencyKind: DependencyPolicy] = [:]) {
        self.className = className
        self.classOrigin = classOrigin
        self.dma = dma
        self.reset = reset
        self.clockRates = clockRates
        self.dropProperties = dropProperties
        self.dependencyPolicies = dependencyPolicies
    }
}

/// Which IOMMUs a Xen release can program.
public struct IOMMUSupport: Sendable, Hashable {
    /// Compatible → driver name, for IOMMUs reached through `iommus`.
    public let genericBinding: [String: String]
    /// Compatibles of SMMUs whose legacy `mmu-masters` Xen reads.
    public let legacyMMUMasters: Set<String>

    /// Creates the support table.
    public init(genericBinding: [String: String], legacyMMUMasters: Set<String>) {
        self.genericBinding = genericBinding
        self.legacyMMUMasters = legacyMMUMasters
    }
}
