import DeviceTree
import Diagnostics

/// Everything xenpt decided for one guest: which host resources it gets, where they go in the
/// guest, and why. Generators read only this (and the host tree it refers to).
public struct GuestPlan: Sendable {
    /// Guest name.
    public let guest: String
    /// Board name.
    public let board: String
    /// The Xen release planned for.
    public let xenVersion: String
    /// The layout used.
    public let layout: GuestLayout
    /// The devices, in manifest order.
    public let devices: [PlannedDevice]
    /// Every node given to the guest: the devices and all their descendants.
    public let assigned: Set<NodeID>
    /// `iomem` runs, ascending by host frame.
    public let pageMappings: [PageMapping]
    /// `irqs`: GIC INTIDs, ascending, deduplicated.
    public let interruptIDs: [UInt32]
    /// `dtdev`: host paths of the devices Xen must assign through the IOMMU.
    public let dtdev: [String]
    /// Findings about the plan, in report order.
    public let diagnostics: [Diagnostic]
    /// Findings the guest's `waive:` accepted, with their reasons: decisions, not problems.
    public var waived: [WaivedFinding] = []
}

/// A finding a guest's `waive:` accepted, with the reason the manifest gives.
public struct WaivedFinding: Sendable {
    /// The finding.
    public let finding: Diagnostic
    /// The waiver's `reason:`.
    public let reason: String

    /// Creates a waived finding.
    public init(finding: Diagnostic, reason: String) {
        self.finding = finding
        self.reason = reason
    }
}

/// One host device given to the guest.
public struct PlannedDevice: Sendable {
    /// The host node.
    public let node: NodeID
    /// Its host path.
    public let hostPath: String
    /// Its node name in the guest (`ethernet@4020000`).
    public let guestName: String
    /// The device class (with board annotations) that applied.
    public let policy: DevicePolicy
    /// How the guest address was chosen.
    public let placement: Placement
    /// MMIO regions of the node and its CPU-visible descendants, as placed in the guest.
    public let regions: [PlannedRegion]
    /// When the allocator found no free guest range below 4 GiB: the bytes the device needed.
    public let unplacedBytes: UInt64?
    /// Every `reg` entry of the node and its CPU-visible descendants as the host has it, placed or not.
    public let hostRegions: [HostRegion]
    /// Interrupts of the node and its descendants.
    public let interrupts: [PlannedInterrupt]
    /// How the device is kept from DMA-ing outside the guest.
    public let protection: Protection
    /// Every IOMMU the resolver looked at for the device, and what it found.
    public let protectionPaths: [ProtectionPath]
    /// Clock stand-ins the guest node points at.
    public let clocks: [ClockStub]
    /// Every clock the device's nodes consume from outside the assignment, in order.
    public let clockUses: [ClockUse]
    /// Regulator stand-ins the guest node points at.
    public let regulators: [RegulatorStub]
    /// Host-only properties removed from the guest copy.
    public let droppedProperties: [DroppedProperty]
    /// `/aliases` names of the node on the host.
    public let aliases: [String]

    /// The device class that applied.
    public var className: String { policy.className }
    /// Where the class came from.
    public var classOrigin: String { policy.classOrigin }
}

/// How a device's guest address was chosen, and why.
public struct Placement: Sendable, Hashable {
    /// The three ways.
    public enum Mode: String, Sendable, Hashable {
        /// Same address as the host.
        case identity
        /// Given in the manifest.
        case fixed
        /// Chosen by the allocator.
        case allocated
    }

    /// Which way.
    public let mode: Mode
    /// Guest address of the device's first frame (page aligned).
    public let guestBase: UInt64
    /// Host address of the device's first frame (page aligned).
    public let hostBase: UInt64
    /// Pages from the first to the last frame of the device.
    public let pageSpan: UInt64
    /// Why, in one sentence.
    public let reason: String
}

/// One `reg` entry of an assigned node at its host CPU address.
public struct HostRegion: Sendable, Hashable {
    /// The node whose `reg` it is (the device or a descendant).
    public let node: NodeID
    /// That node's host path.
    public let nodePath: String
    /// Index in `reg`.
    public let regIndex: Int
    /// CPU physical address on the host.
    public let hostAddress: UInt64
    /// Size in bytes as written.
    public let size: UInt64
}

/// One `reg` entry mapped into the guest.
public struct PlannedRegion: Sendable, Hashable {
    /// The node whose `reg` it is (the device or a descendant).
    public let node: NodeID
    /// That node's host path.
    public let nodePath: String
    /// Index in `reg`.
    public let regIndex: Int
    /// CPU physical address on the host.
    public let hostAddress: UInt64
    /// Size in bytes as written.
    public let size: UInt64
    /// Guest physical address (same page offset as the host).
    public let guestAddress: UInt64
    /// First host frame.
    public let firstFrame: UInt64
    /// Number of frames covered.
    public let frameCount: UInt64
}

/// A run of host frames mapped to a run of guest frames: one `iomem` entry.
public struct PageMapping: Sendable, Hashable, Comparable {
    /// First host frame (MFN).
    public let hostFrame: UInt64
    /// Number of frames.
    public let count: UInt64
    /// First guest frame (GFN); nil for a 1:1 mapping written without `@GFN`.
    public let guestFrame: UInt64?

    public static func < (lhs: PageMapping, rhs: PageMapping) -> Bool {
        (lhs.hostFrame, lhs.count) < (rhs.hostFrame, rhs.count)
    }

    /// The runs of the devices' pages: every (host frame → guest frame) pair once, ascending by
    /// host then guest frame, merged where both sides continue; runs of identity-placed devices
    /// have no guest frame. Both `iomem` and dom0less `xen,reg` are written from these.
    ///
    /// Works on ranges, never on single pages, and sorts them once: the cost is O(r log r) in
    /// the number of regions whatever their size (a region may cover almost the whole address
    /// space). A pair that an identity-placed device maps is written as identity even if a
    /// fixed placement maps it too: both spellings are the same mapping for xl.
    public static func runs(of devices: [PlannedDevice]) -> [PageMapping] {
        // By distance (guest frame − host frame, wrapping): host-frame ranges [start, end).
        var identity: [UInt64: [(UInt64, UInt64)]] = [:]
        var other: [UInt64: [(UInt64, UInt64)]] = [:]
        for device in devices {
            for region in device.regions where region.frameCount > 0 {
                let distance = (region.guestAddress >> 12) &- region.firstFrame
                let range = (region.firstFrame, region.firstFrame + region.frameCount)
                if device.placement.mode == .identity { identity[distance, default: []].append(range) } else { other[distance, default: []].append(range) }
            }
        }
        var runs: [PageMapping] = []
        for distance in Set(identity.keys).union(other.keys) {
            let kept = union(identity[distance] ?? [])
            runs += kept.map { PageMapping(hostFrame: $0.0, count: $0.1 - $0.0, guestFrame: nil) }
            runs += subtract(kept, from: union(other[distance] ?? [])).map {
                PageMapping(hostFrame: $0.0, count: $0.1 - $0.0, guestFrame: $0.0 &+ distance)
            }
        }
        return runs.sorted { ($0.hostFrame, $0.guestFrame ?? $0.hostFrame, $0.count) < ($1.hostFrame, $1.guestFrame ?? $1.hostFrame, $1.count) }
    }

    /// Ranges `[start, end)` merged where they overlap or touch, ascending.
    static func union(_ ranges: [(UInt64, UInt64)]) -> [(UInt64, UInt64)] {
        var out: [(UInt64, UInt64)] = []
        for range in ranges.sorted(by: { $0.0 < $1.0 }) {
            if let last = out.last, range.0 <= last.1 {
                out[out.count - 1].1 = max(last.1, range.1)
            } else {
                out.append(range)
            }
        }
        return out
    }

    /// `ranges` without `taken`; both ascending and disjoint.
    static func subtract(_ taken: [(UInt64, UInt64)], from ranges: [(UInt64, UInt64)]) -> [(UInt64, UInt64)] {
        var out: [(UInt64, UInt64)] = []
        var index = 0
        for var range in ranges {
            while index < taken.count, taken[index].1 <= range.0 { index += 1 }
            var cursor = index
            while cursor < taken.count, taken[cursor].0 < range.1 {
                if taken[cursor].0 > range.0 { out.append((range.0, taken[cursor].0)) }
                range.0 = max(range.0, taken[cursor].1)
                cursor += 1
            }
            if range.0 < range.1 { out.append(range) }
        }
        return out
    }
}

/// One interrupt of a device, and what became of it.
public struct PlannedInterrupt: Sendable, Hashable {
    /// The node listing it.
    public let node: NodeID
    /// Its host path.
    public let nodePath: String
    /// Position in that node's interrupt list.
    public let index: Int
    /// The specifier at the controller.
    public let specifier: [UInt32]
    /// The controller's host path.
    public let controllerPath: String
    /// GIC INTID when routable to the guest (SPI number + 32).
    public let interruptID: UInt32?
    /// Why it is not routed, when it is not.
    public let droppedBecause: String?
    /// What the resolver found the interrupt to be.
    public let route: InterruptRoute
}

/// What an interrupt of a passed-through device is to Xen, as the resolver found it.
public enum InterruptRoute: Sendable, Hashable {
    /// An SPI of the GIC: routed to the guest 1:1.
    case spi(number: UInt32, interruptID: UInt32)
    /// Its controller is not the GIC Xen drives.
    case notGIC
    /// A PPI: private to a CPU, never routed.
    case ppi(number: UInt32, interruptID: UInt32)
    /// A GIC specifier of another type (extended ranges), not routed.
    case otherType(UInt32)
    /// An SPI number past the last SPI INTID (1019), not routed.
    case beyondLastSPI(interruptID: UInt32)
}

/// How a device is protected against DMA outside its guest.
public enum Protection: Sendable, Hashable {
    /// Through `iommus` to an IOMMU Xen drives.
    case iommu(iommuPath: String, specifier: [UInt32])
    /// Listed by an SMMU's legacy `mmu-masters`.
    case legacyMaster(smmuPath: String, streamIDs: [UInt32])
    /// Not protected, for the reason given.
    case none(reason: String)

    /// True when Xen can assign the device through an IOMMU.
    public var isProtected: Bool {
        if case .none = self { return false }
        return true
    }
}

/// One IOMMU the resolver looked at for a device, and what it found.
public enum ProtectionPath: Sendable, Hashable {
    /// An `iommus` link: the IOMMU, the stream specifier, whether it is enabled, and the Xen
    /// driver that takes it through `iommus` (nil: none in this release).
    case iommusLink(iommu: NodeID, specifier: [UInt32], enabled: Bool, driver: String?)
    /// An SMMU listing the device in its legacy `mmu-masters`: whether this release reads them,
    /// and whether the SMMU is enabled.
    case legacyMaster(smmu: NodeID, streamIDs: [UInt32], read: Bool, enabled: Bool)
    /// `iommus` does not decode (a fixed error says why).
    case undecodable

    /// True when this path rules protection out (the device has an IOMMU that cannot be used).
    public var blocks: Bool {
        switch self {
        case .iommusLink(_, _, let enabled, let driver): !enabled || driver == nil
        case .legacyMaster(_, _, let read, let enabled): !read || !enabled
        case .undecodable: true
        }
    }
}

/// A `fixed-clock` node in the guest standing in for one host clock.
public struct ClockStub: Sendable, Hashable {
    /// Node name in the guest (`clk-ethernet-0`).
    public let name: String
    /// The host provider's path.
    public let providerPath: String
    /// The specifier cells after the phandle.
    public let specifier: [UInt32]
    /// Rate in Hz, when known.
    public let rate: UInt32?
    /// Where the rate came from.
    public let rateSource: String
}

/// One clock a node of the device consumes, and the stand-in it got.
public struct ClockUse: Sendable, Hashable {
    /// The consumer node (the device or a descendant).
    public let consumer: NodeID
    /// Its host path.
    public let consumerPath: String
    /// Its `clock-names` entry, or the index in `clocks`.
    public let clockName: String
    /// The host provider.
    public let provider: NodeID
    /// The specifier cells after the phandle.
    public let specifier: [UInt32]
    /// True when the provider is a `fixed-clock`.
    public let isFixed: Bool
    /// The stand-in's rate, when known.
    public let rate: UInt32?
    /// True for the use that created the stand-in; later uses of the same clock share it.
    public let createsStandIn: Bool
}

/// A `regulator-fixed` node in the guest standing in for one host supply of fixed voltage.
public struct RegulatorStub: Sendable, Hashable {
    /// Node name in the guest (`regulator-vqmmc`).
    public let name: String
    /// The host regulator's path.
    public let providerPath: String
    /// `regulator-name` in the guest.
    public let regulatorName: String
    /// The fixed voltage in microvolts.
    public let microvolts: UInt32
}

/// A host property left out of the guest copy.
public struct DroppedProperty: Sendable, Hashable {
    /// The node it was on.
    public let node: NodeID
    /// Its host path.
    public let nodePath: String
    /// What the property linked to.
    public let kind: DropKind
    /// True when it links to another device that stays outside the guest (not host infrastructure).
    public var crossDevice: Bool { kind == .crossDevice }
    /// The property.
    public let property: String
    /// Why.
    public let reason: String
}

/// What a dropped property linked to, which decides the rule that reports it.
public enum DropKind: Sendable, Hashable {
    /// Host infrastructure (resets, power domains, pin control, IOMMU, regulators) or a class choice.
    case hostOnly
    /// Another device that stays with the host.
    case crossDevice
    /// A node the guest tree lacks, through a property that is not a dependency link
    /// (`interrupt-affinity`, `remote-endpoint` of a graph, vendor phandle properties).
    case hostPhandle
}
