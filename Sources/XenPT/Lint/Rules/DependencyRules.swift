// Dependency rules: what the guest copy loses, and what the host loses.

extension RuleDescription {
    /// A host-only link was removed.
    public static let dependencyDropped = RuleDescription(
        code: "XPT-DEP-001", name: "dependency-dropped", family: .dependency, severity: .info,
        summary: "a host-only link was removed from the guest copy",
        rationale: "Resets, pin control, power domains, regulators and IOMMU links name host nodes the guest does not have.",
        fix: "nothing to do if the host firmware or dom0 sets them up")

    /// A link into another device that stays with the host.
    public static let crossDeviceDependency = RuleDescription(
        code: "XPT-DEP-002", name: "cross-device-dependency", family: .dependency, severity: .warning,
        summary: "the device links to another device that stays with the host",
        rationale: "A PHY, DMA controller or mailbox left in dom0 cannot be used by the guest driver.",
        fix: "pass the other device to the same guest")

    /// The device provides something to host devices.
    public static let providerInUse = RuleDescription(
        code: "XPT-DEP-003", name: "provider-in-use", family: .dependency, severity: .error,
        summary: "the device provides a clock, GPIO, mailbox or similar to devices that stay with the host",
        rationale: "Once the guest owns it, dom0 drivers that depend on it fail or hang.",
        fix: "pass the users to the same guest, or keep the provider in dom0")
}
