import DeviceTree

extension GuestLayout {
    /// The layout of a release for a guest with these features.
    public init(release: XenRelease, features: Set<WindowPresence>) {
        func feature(_ presence: WindowPresence) -> String? {
            presence == .always ? nil : presence.rawValue
        }
        self.init(
            xenVersion: release.version.description,
            windows: release.windows.map { window in
                Window(name: window.name, use: window.use, base: window.base, size: window.size, role: window.role,
                       isPresent: window.presence == .always || features.contains(window.presence), feature: feature(window.presence))
            },
            reservedInterrupts: release.reservedInterrupts.filter { $0.kind == .spi }.map { reserved in
                ReservedInterrupts(name: reserved.name, first: reserved.first, last: reserved.last,
                                   isPresent: reserved.presence == .always || features.contains(reserved.presence))
            },
            gicPhandle: release.gicPhandle)
    }
}

extension IOMMUSupport {
    /// What a release drives.
    public init(release: XenRelease) {
        var generic: [String: String] = [:]
        var legacy: Set<String> = []
        for (compatible, kind) in release.iommuCompatibles {
            if release.acceptsGenericBinding(kind) { generic[compatible] = kind.rawValue }
            if release.acceptsLegacyMasters(kind) { legacy.insert(compatible) }
        }
        self.init(genericBinding: generic, legacyMMUMasters: legacy)
    }
}

extension DevicePolicy {
    /// The policy for a node: its class (by annotation or `compatible`) with the board's overrides.
    public init(node: NodeID, board: Board) {
        let annotation = board.annotations[node]
        let compatibles = board.index.compatibles(node)
        let deviceClass = annotation?.className.flatMap { board.classes.named($0.value) } ?? board.classes.match(compatibles: compatibles)
        var rates: [String: UInt32] = [:]
        for rate in annotation?.clockRates ?? [] { rates[rate.name.value] = UInt32(truncatingIfNeeded: rate.hertz.value) }
        self.init(
            className: deviceClass.name, classOrigin: board.displayOrigin(deviceClass.origin),
            dma: annotation?.dma.flatMap { DMACapability(rawValue: $0.value) } ?? deviceClass.dma,
            reset: annotation?.reset.flatMap { ResetMethod(rawValue: $0.value) } ?? deviceClass.reset,
            clockRates: rates, dropProperties: deviceClass.dropProperties, dependencyPolicies: deviceClass.policies)
    }
}
