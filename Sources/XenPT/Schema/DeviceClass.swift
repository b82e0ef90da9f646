import Diagnostics

/// Whether a device masters DMA (and so needs an IOMMU to be given safely to a guest).
public enum DMACapability: String, Sendable, Hashable, CaseIterable {
    /// The device reads and writes memory on its own.
    case master
    /// The device only answers register accesses.
    case none
    /// Nobody said.
    case unknown
}

/// How a device is brought back to a known state between owners.
public enum ResetMethod: String, Sendable, Hashable, CaseIterable {
    /// Its state is register configuration its driver rewrites.
    case noneNeeded = "none-needed"
    /// A reset line from a reset controller (`resets`).
    case resetController = "reset-controller"
    /// Switching its power domain off and on.
    case powerDomainCycle = "power-domain-cycle"
    /// A firmware call (SCMI, PSCI, EEMI, SCU).
    case firmware
    /// A software reset through its own registers.
    case deviceSpecific = "device-specific"
    /// Nobody said.
    case unknown
}

/// A kind of host dependency a device node can have.
public enum DependencyKind: String, Sendable, Hashable, CaseIterable {
    /// `clocks`.
    case clocks
    /// `resets`.
    case resets
    /// `pinctrl-N`.
    case pinctrl
    /// `power-domains`.
    case powerDomains = "power-domains"
    /// `phys`.
    case phys
    /// `*-supply`.
    case regulators
    /// `dmas`.
    case dmas

    /// The policies that make sense for this kind.
    public var allowedPolicies: [DependencyPolicy] {
        switch self {
        case .clocks: [.fixedClock, .firmware]
        case .resets: [.drop, .firmware]
        case .pinctrl: [.drop]
        case .powerDomains: [.drop, .firmware]
        case .phys: [.passIfDedicated, .drop]
        case .regulators: [.fixedRegulator, .drop]
        case .dmas: [.mustAccompany, .drop]
        }
    }
}

/// What the guest device tree gets in place of a host dependency.
public enum DependencyPolicy: String, Sendable, Hashable, CaseIterable {
    /// A `fixed-clock` stub under `/passthrough`.
    case fixedClock = "fixed-clock"
    /// Nothing: the property is dropped (and reported).
    case drop
    /// The guest gets it from firmware (SCMI and the like); the host link is dropped.
    case firmware
    /// The provider is passed too when no node outside the assignment uses it; else dropped.
    case passIfDedicated = "pass-if-dedicated"
    /// A `regulator-fixed` stub under `/passthrough`.
    case fixedRegulator = "fixed-regulator"
    /// The provider must be assigned to the same guest.
    case mustAccompany = "must-accompany"
}

/// A property whose guest value a class fixes.
public struct PropertyRewrite: Sendable, Hashable {
    /// The property name.
    public let property: String
    /// Its guest value in DTS syntax (`"okay"`, `<0x1>`).
    public let value: String
    /// Where the rewrite is written.
    public let source: SourceRange?

    /// Creates a rewrite.
    public init(property: String, value: String, source: SourceRange?) {
        self.property = property
        self.value = value
        self.source = source
    }
}

/// A device class: what xenpt knows about devices with some `compatible` strings.
///
/// Policies, dropped properties and rewrites are already merged with the generic class: a class
/// file names only what differs, and this value holds the result.
public struct DeviceClass: Sendable {
    /// Class name, unique across all loaded folders (`calxeda-xgmac`).
    public let name: String
    /// The compatibles the class was written for.
    public let compatibles: [String]
    /// One line about the device.
    public let description: String
    /// Where the facts come from (`Linux Documentation/devicetree/bindings/...`).
    public let references: [String]
    /// Whether the device masters DMA.
    public let dma: DMACapability
    /// How it is reset.
    public let reset: ResetMethod
    /// What to do with each kind of dependency (every kind is present).
    public let policies: [DependencyKind: DependencyPolicy]
    /// Properties removed from the guest node: exact names, or a prefix ending in `*`.
    public let dropProperties: [String]
    /// Properties given a fixed guest value.
    public let rewriteProperties: [PropertyRewrite]
    /// The schema file the class was read from.
    public let origin: String
    /// The document's position in that file.
    public let source: SourceRange?

    /// Creates a class.
    public init(
        name: String, compatibles: [String], description: String, references: [String], dma: DMACapability, reset: ResetMethod,
        policies: [DependencyKind: DependencyPolicy], dropProperties: [String], rewriteProperties: [PropertyRewrite],
        origin: String, source: SourceRange?
    ) {
        self.name = name
        self.compatibles = compatibles
        self.description = description
        self.references = references
        self.dma = dma
        self.reset = reset
        self.policies = policies
        self.dropProperties = dropProperties
        self.rewriteProperties = rewriteProperties
        self.origin = origin
        self.source = source
    }

    /// The policy for a kind (`drop` if a hand-built class left it out).
    public func policy(for kind: DependencyKind) -> DependencyPolicy {
        policies[kind] ?? .drop
    }

    /// Whether the class removes a property from the guest node.
    public func drops(property: String) -> Bool {
        dropProperties.contains { pattern in
            if pattern.hasSuffix("*") { return property.hasPrefix(pattern.dropLast()) }
            return pattern == property
        }
    }
}

/// All device classes, with lookup by node `compatible`.
public struct DeviceClassCatalog: Sendable {
    /// Every class except `generic`, by name.
    public let classes: [DeviceClass]
    /// The default class.
    public let generic: DeviceClass
    private let byCompatible: [String: Int]

    /// Creates a catalog; a compatible listed by several classes goes to the last of them.
    public init(classes: [DeviceClass], generic: DeviceClass) {
        self.classes = classes
        self.generic = generic
        var index: [String: Int] = [:]
        for (position, deviceClass) in classes.enumerated() {
            for compatible in deviceClass.compatibles { index[compatible] = position }
        }
        byCompatible = index
    }

    /// Creates a catalog with an explicit compatible → class-name index (used by the loader for overrides).
    init(classes: [DeviceClass], generic: DeviceClass, owners: [String: String]) {
        self.classes = classes
        self.generic = generic
        let positions = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1.name, $0) })
        byCompatible = owners.compactMapValues { positions[$0] }
    }

    /// The class of a node: the class of its first compatible (in node order) that a class
    /// lists, else `generic`.
    public func match(compatibles: [String]) -> DeviceClass {
        for compatible in compatibles {
            if let position = byCompatible[compatible] { return classes[position] }
        }
        return generic
    }

    /// The class with a name (`generic` included), for `class:` annotations.
    public func named(_ name: String) -> DeviceClass? {
        if name == generic.name { return generic }
        return classes.first { $0.name == name }
    }
}

/// Everything loaded from `schemas/`: Xen releases and device classes.
public struct SchemaCatalog: Sendable {
    /// Releases by version.
    public let releases: [XenVersion: XenRelease]
    /// Device classes.
    public let devices: DeviceClassCatalog

    /// Creates a catalog.
    public init(releases: [XenVersion: XenRelease], devices: DeviceClassCatalog) {
        self.releases = releases
        self.devices = devices
    }

    /// The release for a version, if xenpt knows it.
    public func release(_ version: XenVersion) -> XenRelease? { releases[version] }

    /// Known versions, oldest first.
    public var versions: [XenVersion] { releases.keys.sorted() }
}
