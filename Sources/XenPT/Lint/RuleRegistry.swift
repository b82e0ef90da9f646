/// Every rule xenpt raises, sorted by code. Codes are never reused.
public enum RuleRegistry {
    /// The rules.
    public static let all: [RuleDescription] = [
        .noIOMMU, .iommuDisabled, .iommuUnsupported, .iommuStreamShared, .iommuPlatformRequirement,
        .ppiNotAssignable, .sharedIRQ, .duplicateIRQ, .invalidIRQ, .nonGICInterrupt, .xenReservedVIRQ,
        .mmioNotPageAligned, .mmioSizeNotPageMultiple, .mmioPageShared, .guestAddressConflict,
        .consoleDevice, .statusDisabled, .deviceInTwoGuests,
        .clockShared, .clockRateUnknown,
        .dependencyDropped, .crossDeviceDependency, .providerInUse, .hostPhandle, .dmaRanges,
        .resetUnknown,
        .xenCapabilityMissing, .gicVersionMismatch, .tooManyVCPUs, .unusedWaiver,
        .noGICVirtualization, .noHypervisorTimer, .noMemory, .noXenIOMMU, .noXenConsole,
    ].sorted { $0.code < $1.code }

    /// A rule by code or kebab name.
    public static func rule(_ codeOrName: String) -> RuleDescription? {
        all.first { $0.code == codeOrName || $0.name == codeOrName }
    }
}
