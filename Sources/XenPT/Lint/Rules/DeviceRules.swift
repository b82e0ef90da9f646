// Rules about the device itself.

extension RuleDescription {
    /// The device is the host console.
    public static let consoleDevice = RuleDescription(
        code: "XPT-DEV-001", name: "console-device", family: .device, severity: .error,
        summary: "the device is the host console",
        rationale: "Xen and dom0 print on it; taking it away leaves the host without a console.",
        fix: "pass another UART, or move the host console")

    /// The host node is disabled.
    public static let statusDisabled = RuleDescription(
        code: "XPT-DEV-002", name: "status-disabled", family: .device, severity: .info,
        summary: "the host node has `status = \"disabled\"`",
        rationale: "It may be disabled for a reason (pins, clocks not set up by firmware); the guest copy is enabled.",
        fix: "check the device works when enabled")

    /// No reset method is known.
    public static let resetUnknown = RuleDescription(
        code: "XPT-RST-001", name: "reset-unknown", family: .reset, severity: .warning,
        summary: "no way to reset the device between guest lifetimes is known",
        rationale: "Xen does not reset passed-through devices; a device left mid-DMA by one guest can corrupt the next.",
        fix: "say `reset:` for the device in the board manifest")
}

extension RuleDescription {
    /// Two guests of one board get the same device.
    public static let deviceInTwoGuests = RuleDescription(
        code: "XPT-DEV-003", name: "device-in-two-guests", family: .device, severity: .error,
        summary: "the same host device is given to two guests",
        rationale: "Xen assigns a device, its IRQs and its IOMMU stream to one domain; the second guest fails to start.",
        fix: "give the device to one guest only")
}
