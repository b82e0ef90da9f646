import DeviceTree
import Diagnostics

/// When a guest window or reserved interrupt exists: always, or only with one guest feature.
public enum WindowPresence: String, Sendable, Hashable, CaseIterable {
    /// In every guest.
    case always
    /// Only with the emulated GICv2 (`gic_version = "v2"`).
    case gicv2
    /// Only with the emulated GICv3 (`gic_version = "v3"`).
    case gicv3
    /// Only for ACPI guests (`acpi = 1`).
    case acpi
    /// Only with the emulated SBSA UART (`vuart = "sbsa_uart"`).
    case vuart
    /// Only when the guest has PCI devices (vPCI).
    case pci
    /// Only when the guest has virtio-mmio devices.
    case virtio
}

/// What a guest-map window is, where the planner or a rule has to know (schema `kind:`).
public enum WindowRole: String, Sendable, Hashable, CaseIterable {
    /// Any other emulated or reserved MMIO (grant table, magic pages, vPCI, …).
    case mmio
    /// A guest RAM bank.
    case ram
    /// The virtual GIC distributor (GICD).
    case gicDistributor = "gic-distributor"
    /// The virtual GICv2 CPU interface (GICC).
    case gicCPUInterface = "gic-cpu-interface"
    /// The virtual GICv3 redistributors (GICR), one frame pair per vCPU.
    case gicRedistributor = "gic-redistributor"
}

/// A version of the Arm GIC architecture that Xen drives.
public enum GICVersion: String, Sendable, Hashable, CaseIterable {
    /// GICv2 (`xen/arch/arm/gic-v2.c`).
    case v2
    /// GICv3 (`xen/arch/arm/gic-v3.c`).
    case v3
}

/// How many vCPUs a guest's virtual GIC can address.
public struct VGICLimits: Sendable, Hashable {
    /// The most vCPUs of a vGICv2 guest (its CPU interfaces).
    public let v2MaxVCPUs: UInt64
    /// Bytes of the redistributor window each vCPU of a vGICv3 guest takes.
    public let v3RedistributorSize: UInt64

    /// Creates limits; `v3RedistributorSize` is not zero (checked at load).
    public init(v2MaxVCPUs: UInt64, v3RedistributorSize: UInt64) {
        self.v2MaxVCPUs = v2MaxVCPUs
        self.v3RedistributorSize = v3RedistributorSize
    }

    /// The most vCPUs a vGICv3 guest can have with a redistributor window of `size` bytes.
    public func v3MaxVCPUs(redistributorWindow size: UInt64) -> UInt64 { size / max(v3RedistributorSize, 1) }
}

/// One window of the guest physical address map that Xen or libxl reserves.
public struct GuestWindow: Sendable, Hashable {
    /// Short name (`vgic-v3-gicr`, `ram0`).
    public let name: String
    /// What the window is for.
    public let use: String
    /// Guest physical address of the first byte.
    public let base: UInt64
    /// Length in bytes; `base + size` never overflows (checked at load).
    public let size: UInt64
    /// What the window is.
    public let role: WindowRole
    /// When the window exists.
    public let presence: WindowPresence
    /// Where the window is written in its schema file.
    public let source: SourceRange?

    /// Creates a window; callers must ensure `base + size` does not overflow.
    public init(name: String, use: String, base: UInt64, size: UInt64, role: WindowRole, presence: WindowPresence, source: SourceRange?) {
        self.name = name
        self.use = use
        self.base = base
        self.size = size
        self.role = role
        self.presence = presence
        self.source = source
    }

    /// Whether the window is a guest RAM bank.
    public var isRAM: Bool { role == .ram }

    /// One past the last byte (`base + size`), saturating at `UInt64.max`.
    public var end: UInt64 {
        let (sum, overflow) = base.addingReportingOverflow(size)
        return overflow ? UInt64.max : sum
    }

    /// Whether `[start, start + length)` shares at least one byte with this window.
    public func overlaps(start: UInt64, length: UInt64) -> Bool {
        guard length > 0, size > 0 else { return false }
        // Inclusive last bytes, so windows that end at the top of the address space compare right.
        let (last, lastOverflow) = base.addingReportingOverflow(size - 1)
        let (otherLast, otherOverflow) = start.addingReportingOverflow(length - 1)
        return start <= (lastOverflow ? UInt64.max : last) && base <= (otherOverflow ? UInt64.max : otherLast)
    }
}

/// The kind of a GIC interrupt; IDs are GIC INTIDs.
public enum InterruptKind: String, Sendable, Hashable, CaseIterable {
    /// Software-generated interrupt, INTID 0-15.
    case sgi
    /// Private peripheral interrupt, INTID 16-31.
    case ppi
    /// Shared peripheral interrupt, INTID 32-1019.
    case spi

    /// The INTIDs of this kind.
    public var intids: ClosedRange<UInt32> {
        switch self {
        case .sgi: 0...15
        case .ppi: 16...31
        case .spi: 32...1019
        }
    }
}

/// Interrupt IDs Xen or libxl uses in every guest (or with one feature).
public struct ReservedInterrupt: Sendable, Hashable {
    /// Short name (`event-channel`, `virtio-mmio`).
    public let name: String
    /// First INTID of the range.
    public let first: UInt32
    /// Last INTID of the range (equal to `first` for one interrupt).
    public let last: UInt32
    /// When the interrupts are taken.
    public let presence: WindowPresence
    /// SGI, PPI or SPI.
    public let kind: InterruptKind
    /// What they are for.
    public let use: String
    /// Where the entry is written in its schema file.
    public let source: SourceRange?

    /// Creates a reserved range.
    public init(name: String, first: UInt32, last: UInt32, presence: WindowPresence, kind: InterruptKind, use: String, source: SourceRange?) {
        self.name = name
        self.first = first
        self.last = last
        self.presence = presence
        self.kind = kind
        self.use = use
        self.source = source
    }

    /// Whether an INTID falls in this range.
    public func contains(_ intid: UInt32) -> Bool { first <= intid && intid <= last }
}

/// A capability of a Xen release that changes what passthrough can do.
public enum XenCapability: String, Sendable, Hashable, CaseIterable {
    /// `irqs=` SPIs bound 1:1 into a domU (none in 4.5: domUs get no SPI lines).
    case irqPassthrough = "irq-passthrough"
    /// `device_tree=` partial DT (only `/passthrough` and `/aliases` are copied) and `dtdev=`.
    case partialDeviceTree = "partial-device-tree"
    /// SMMUv1/v2 protect masters listed in the legacy `mmu-masters` property.
    case smmuLegacyMasters = "smmu-mmu-masters"
    /// Dom0less domUs from `/chosen` `xen,domain` nodes.
    case dom0less = "dom0less"
    /// Generic `iommus` / `#iommu-cells` binding.
    case genericIOMMUBinding = "iommus-binding"
    /// Renesas IPMMU-VMSA driver.
    case renesasIPMMU = "renesas-ipmmu"
    /// Dom0less passthrough with `xen,reg`, `xen,path`, `xen,force-assign-without-iommu`.
    case dom0lessPassthrough = "dom0less-passthrough"
    /// SMMUv3 driver (tech preview).
    case smmuV3 = "smmu-v3"
    /// SMMUv1/v2 also accept the generic `iommus` binding.
    case smmuGenericBinding = "smmu-iommus-binding"
    /// libxl advertises unused RAM-bank tails as extended regions.
    case extendedRegions = "extended-regions"
    /// `xl dt-overlay` can attach an overlay to a domain.
    case xlDTOverlay = "xl-dt-overlay"
    /// libxl removes `iomem` ranges from the extended regions.
    case extendedRegionsExcludeIOMEM = "extended-regions-exclude-iomem"
}

extension XenCapability {
    /// What the capability lets a guest or xenpt do, in a few words (no release named).
    public var summary: String {
        switch self {
        case .irqPassthrough: "`irqs=` SPIs routed 1:1 to a domU"
        case .partialDeviceTree: "`device_tree=` partial device tree and `dtdev=`"
        case .smmuLegacyMasters: "SMMUv1/v2 masters from the legacy `mmu-masters`"
        case .dom0less: "domUs started by Xen from `/chosen` `xen,domain` nodes"
        case .genericIOMMUBinding: "the generic `iommus` binding"
        case .renesasIPMMU: "the Renesas IPMMU-VMSA driver"
        case .dom0lessPassthrough: "dom0less passthrough with `xen,reg` and `xen,path`"
        case .smmuV3: "the SMMUv3 driver"
        case .smmuGenericBinding: "SMMUv1/v2 through the generic `iommus` binding"
        case .extendedRegions: "extended regions advertised to the guest"
        case .xlDTOverlay: "`xl dt-overlay` into a running domain"
        case .extendedRegionsExcludeIOMEM: "extended regions that leave out `iomem` ranges"
        }
    }
}

/// The Xen IOMMU driver that handles a compatible.
public enum IOMMUKind: String, Sendable, Hashable, CaseIterable {
    /// `xen/drivers/passthrough/arm/smmu.c` (SMMUv1/v2, MMU-400/401/500).
    case smmu
    /// `xen/drivers/passthrough/arm/smmu-v3.c`.
    case smmuV3 = "smmu-v3"
    /// `xen/drivers/passthrough/arm/ipmmu-vmsa.c` (Renesas).
    case ipmmuVMSA = "ipmmu-vmsa"
}

/// How libxl treats the xl `nr_spis` option.
public enum NrSPIsOption: String, Sendable, Hashable, CaseIterable {
    /// No such option; libxl sends the computed value (before 4.19).
    case none
    /// libxl sends max(computed, option) (4.19-4.20).
    case maxWithComputed = "max-with-computed"
    /// The option is sent as given but must be at least the computed value (4.21+).
    case atLeastComputed = "at-least-computed"
}

/// How many SPIs a libxl guest's vGIC gets, and the limits on them.
public struct SPIRule: Sendable, Hashable {
    /// Whether a domU can have SPIs at all (false in 4.5).
    public let guestSPIs: Bool
    /// Xen rounds `nr_spis` up to a multiple of this (32 from 4.11, else 1).
    public let roundUp: UInt32
    /// Xen refuses `nr_spis` above this (`1020 - 32`), after rounding.
    public let hypervisorLimit: UInt32
    /// The largest `nr_spis` Xen accepts in practice.
    public let maxCount: UInt32
    /// The highest SPI INTID a guest can have, if it can have any.
    public let maxSPIID: UInt32?
    /// How the xl `nr_spis` option combines with the computed value.
    public let xlOption: NrSPIsOption
    /// The rule in words, as transcribed.
    public let rule: String

    /// Creates a rule.
    public init(guestSPIs: Bool, roundUp: UInt32, hypervisorLimit: UInt32, maxCount: UInt32, maxSPIID: UInt32?, xlOption: NrSPIsOption, rule: String) {
        self.guestSPIs = guestSPIs
        self.roundUp = roundUp
        self.hypervisorLimit = hypervisorLimit
        self.maxCount = maxCount
        self.maxSPIID = maxSPIID
        self.xlOption = xlOption
        self.rule = rule
    }

    /// The `nr_spis` libxl computes for the highest SPI INTID a guest needs (nil: none), before Xen rounds it.
    public func computedCount(highestSPI: UInt32?) -> UInt32 {
        guard let highestSPI, highestSPI >= 32 else { return 0 }
        return highestSPI - 32 + 1
    }

    /// `count` rounded up as Xen does, or nil when Xen would refuse it.
    public func effectiveCount(_ count: UInt32) -> UInt32? {
        guard guestSPIs || count == 0 else { return nil }
        let step = max(roundUp, 1)
        let (padded, overflow) = count.addingReportingOverflow(step - 1)
        guard !overflow else { return nil }
        let rounded = padded / step * step
        return rounded <= hypervisorLimit ? rounded : nil
    }
}

/// Everything xenpt knows about one Xen release: guest map, interrupts, phandles, capabilities.
public struct XenRelease: Sendable {
    /// The release.
    public let version: XenVersion
    /// The git tag the facts were read at (`RELEASE-4.17.0`).
    public let tag: String
    /// The commit of that tag.
    public let commit: String
    /// Reserved guest windows, in file order (by base address).
    public let windows: [GuestWindow]
    /// Interrupt IDs Xen and libxl use.
    public let reservedInterrupts: [ReservedInterrupt]
    /// Phandle libxl gives the guest GIC (1 in 4.5, 65000 after).
    public let gicPhandle: UInt32
    /// Phandle of libxl's `xen,grant-dma` IOMMU node (65001, 4.17+).
    public let iommuPhandle: UInt32?
    /// The largest `nr_spis` a guest can have (0 when domUs get no SPIs).
    public let maxSPIs: UInt32
    /// The full `nr_spis` rule.
    public let spis: SPIRule
    /// Guest root `#address-cells`.
    public let rootAddressCells: UInt32
    /// Guest root `#size-cells`.
    public let rootSizeCells: UInt32
    /// Capabilities of this release.
    public let capabilities: Set<XenCapability>
    /// IOMMU compatibles Xen drives in this release, with their driver.
    public let iommuCompatibles: [String: IOMMUKind]
    /// Compatibles of the host interrupt controllers Xen drives in this release, with their GIC version.
    public let gicCompatibles: [String: GICVersion]
    /// How many vCPUs a guest's virtual GIC can address.
    public let vgic: VGICLimits
    /// The first release of every capability any loaded release has, this one's included (the
    /// loader fills it from all release files, so wording such as "from 4.6" comes from data).
    public internal(set) var capabilityStarts: [XenCapability: XenVersion] = [:]
    /// The schema file this release was read from.
    public let origin: String
    /// The document's position in that file.
    public let source: SourceRange?

    /// Creates a release.
    public init(
        version: XenVersion, tag: String, commit: String, windows: [GuestWindow], reservedInterrupts: [ReservedInterrupt],
        gicPhandle: UInt32, iommuPhandle: UInt32?, spis: SPIRule, rootAddressCells: UInt32, rootSizeCells: UInt32,
        capabilities: Set<XenCapability>, iommuCompatibles: [String: IOMMUKind], gicCompatibles: [String: GICVersion], vgic: VGICLimits,
        origin: String, source: SourceRange?
    ) {
        self.version = version
        self.tag = tag
        self.commit = commit
        self.windows = windows
        self.reservedInterrupts = reservedInterrupts
        self.gicPhandle = gicPhandle
        self.iommuPhandle = iommuPhandle
        self.maxSPIs = spis.maxCount
        self.spis = spis
        self.rootAddressCells = rootAddressCells
        self.rootSizeCells = rootSizeCells
        self.capabilities = capabilities
        self.iommuCompatibles = iommuCompatibles
        self.gicCompatibles = gicCompatibles
        self.vgic = vgic
        self.origin = origin
        self.source = source
    }

    /// Whether the release has a capability.
    public func has(_ capability: XenCapability) -> Bool { capabilities.contains(capability) }

    /// The window with a name.
    public func window(named name: String) -> GuestWindow? { windows.first { $0.name == name } }

    /// The windows a guest with these features has (`always` ones included).
    public func windows(for features: Set<WindowPresence>) -> [GuestWindow] {
        windows.filter { $0.presence == .always || features.contains($0.presence) }
    }

    /// The reserved interrupts a guest with these features has (`always` ones included).
    public func reservedInterrupts(for features: Set<WindowPresence>) -> [ReservedInterrupt] {
        reservedInterrupts.filter { $0.presence == .always || features.contains($0.presence) }
    }

    /// The version of the GIC Xen drives on a host: that of the first interrupt controller with a
    /// compatible this release knows, nil when there is none.
    /// `controllers` are the compatibles of a tree's interrupt controllers in tree order.
    public func hostGICVersion(controllers: [[String]]) -> GICVersion? {
        for compatibles in controllers {
            for compatible in compatibles {
                if let version = gicCompatibles[compatible] { return version }
            }
        }
        return nil
    }

    /// The driver Xen uses for the first compatible of a node it drives, if any.
    public func iommuKind(compatibles: [String]) -> IOMMUKind? {
        for compatible in compatibles {
            if let kind = iommuCompatibles[compatible] { return kind }
        }
        return nil
    }

    /// Whether masters of this IOMMU kind can be described with the generic `iommus` binding.
    public func acceptsGenericBinding(_ kind: IOMMUKind) -> Bool {
        switch kind {
        case .smmu: has(.smmuGenericBinding)
        case .smmuV3: has(.smmuV3)
        case .ipmmuVMSA: has(.renesasIPMMU)
        }
    }

    /// IOMMU compatibles whose masters Xen finds through the generic `iommus` binding, with their driver.
    public var genericBindingCompatibles: [String: IOMMUKind] {
        iommuCompatibles.filter { acceptsGenericBinding($0.value) }
    }

    /// IOMMU compatibles whose masters Xen finds through the legacy `mmu-masters` property.
    public var legacyMastersCompatibles: Set<String> {
        Set(iommuCompatibles.filter { acceptsLegacyMasters($0.value) }.keys)
    }

    /// Whether masters of this IOMMU kind can be described with the legacy `mmu-masters` property.
    public func acceptsLegacyMasters(_ kind: IOMMUKind) -> Bool {
        kind == .smmu && has(.smmuLegacyMasters)
    }
}
