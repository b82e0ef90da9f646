import DeviceTree
import Diagnostics

/// A guest with its plan.
public struct PlannedGuest: Sendable {
    /// The guest.
    public let guest: Guest
    /// The board it runs on.
    public let board: Board
    /// The plan.
    public let plan: GuestPlan
}

/// What a guest asks of the planner besides its devices. `xenpt survey` plans each device as a
/// guest with these defaults (no `gic:`, no `vcpus:`, untrusted, started with xl), `xenpt lint`
/// with what the guest manifest says; both go through `Board.planRequest`, so they cannot differ.
public struct GuestSettings: Sendable {
    /// Guest name.
    public let name: String
    /// The Xen release it runs on.
    public let release: XenRelease
    /// Whether the guest is trusted with unprotected DMA.
    public let trusted: Bool
    /// `gic:` with where it is written.
    public let gic: Located<String>?
    /// `vcpus:` with where it is written.
    public let vcpus: Located<UInt64>?
    /// `vuart:`, `virtio:`, `pci:` as features of the guest map.
    public let vuart: Bool
    /// `virtio:`.
    public let virtio: Bool
    /// `pci:`.
    public let pci: Bool
    /// Where the manifest asks for the dom0less form, if it does.
    public let dom0less: SourceRange?

    /// Creates settings; the defaults are those of a guest manifest that says nothing.
    public init(name: String, release: XenRelease, trusted: Bool = false, gic: Located<String>? = nil, vcpus: Located<UInt64>? = nil,
                vuart: Bool = false, virtio: Bool = false, pci: Bool = false, dom0less: SourceRange? = nil) {
        self.name = name
        self.release = release
        self.trusted = trusted
        self.gic = gic
        self.vcpus = vcpus
        self.vuart = vuart
        self.virtio = virtio
        self.pci = pci
        self.dom0less = dom0less
    }

    /// `gic:` as the GIC version it names (the loader accepts only `v2` and `v3`), with where it is written.
    public var gicVersion: (version: GICVersion, range: SourceRange)? {
        gic.flatMap { written in GICVersion(rawValue: written.value).map { ($0, written.range) } }
    }

    /// Guest features that make optional windows present. Without `gic:`, xl's `default`
    /// gives the guest the host's GIC version.
    public func features(hostGIC: GICVersion?) -> Set<WindowPresence> {
        var out: Set<WindowPresence> = [(gicVersion?.version ?? hostGIC) == .v3 ? .gicv3 : .gicv2]
        if vuart { out.insert(.vuart) }
        if virtio { out.insert(.virtio) }
        if pci { out.insert(.pci) }
        return out
    }
}

extension Guest {
    /// What the manifest asks of the planner besides its devices.
    public var settings: GuestSettings {
        GuestSettings(name: name, release: release, trusted: manifest.trust?.value == "trusted", gic: manifest.gic, vcpus: manifest.vcpus,
                      vuart: manifest.vuart?.value == true, virtio: manifest.virtio?.value == true, pci: manifest.pci?.value == true,
                      dom0less: manifest.dom0less?.range)
    }
}

extension Board {
    /// The one way a plan request is made: from a guest's settings and the devices it asks for.
    public func planRequest(_ settings: GuestSettings, devices: [DeviceRequest], otherGuests: [NodeID: String] = [:]) -> PlanRequest {
        let release = settings.release
        let hostGICVersion = hostGICVersion(release)
        return PlanRequest(
            guest: settings.name, board: name, index: index,
            layout: GuestLayout(release: release, features: settings.features(hostGIC: hostGICVersion)),
            devices: devices,
            trusted: settings.trusted,
            iommuSupport: IOMMUSupport(release: release),
            gicCompatibles: Set(release.gicCompatibles.keys),
            otherGuests: otherGuests,
            capabilities: release.capabilities, capabilityStarts: release.capabilityStarts,
            gicVersion: settings.gicVersion, hostGICVersion: hostGICVersion,
            vcpus: settings.vcpus.map { ($0.value, $0.range) },
            vgic: release.vgic, maxGuestINTID: release.spis.maxSPIID,
            dom0less: settings.dom0less)
    }

    /// The request for one device of this board, as the manifest names it.
    public func deviceRequest(_ node: NodeID, reference: Located<String>, address: Located<GuestAddressRequest>? = nil) -> DeviceRequest {
        DeviceRequest(node: node, reference: reference, address: address, policy: DevicePolicy(node: node, board: self))
    }

    /// The host facts every plan on this board for a release is checked against.
    public func hostFacts(_ release: XenRelease) -> HostFacts {
        HostFacts(index: index, gicCompatibles: Set(release.gicCompatibles.keys))
    }
}

extension GuestPlan {
    /// The same plan with other findings.
    func withDiagnostics(_ diagnostics: [Diagnostic]) -> GuestPlan {
        GuestPlan(guest: guest, board: board, xenVersion: xenVersion, layout: layout, devices: devices, assigned: assigned,
                  pageMappings: pageMappings, interruptIDs: interruptIDs, dtdev: dtdev, diagnostics: diagnostics, waived: waived)
    }
}
