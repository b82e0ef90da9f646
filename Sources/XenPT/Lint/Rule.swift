import Diagnostics

/// The family a rule belongs to; it is the middle part of the code (`XPT-IRQ-002`).
public enum RuleFamily: String, Sendable, CaseIterable {
    case iommu = "IOMMU"
    case irq = "IRQ"
    case mmio = "MMIO"
    case device = "DEV"
    case clock = "CLK"
    case dependency = "DEP"
    case reset = "RST"
    case xen = "XEN"
    case trust = "TRUST"
    /// What Xen itself needs from the host tree, checked once per board.
    case board = "BOARD"
}

/// A fact of the Xen release files that a rule's verdict depends on, printed release by
/// release in the rule's documentation.
public enum ReleaseFact: Sendable, Hashable {
    /// The releases that have a capability.
    case capability(XenCapability)
    /// The IOMMU drivers of each release, with the compatibles they match.
    case iommuDrivers
    /// The highest SPI INTID a guest of each release can have.
    case guestSPILimit
    /// How many vCPUs each virtual GIC of each release can address.
    case vcpuLimits
    /// The SPIs Xen and libxl take for their own devices in each release.
    case reservedSPIs
}

/// Everything about one rule: its identity, wording and documentation.
public struct RuleDescription: Sendable, Hashable {
    /// Stable code, never reused (`XPT-IRQ-002`).
    public let code: String
    /// Kebab-case name that reads well after "waive" (`shared-irq`).
    public let name: String
    /// The family.
    public let family: RuleFamily
    /// Default severity (some rules pick the other severity from context, said in `rationale`).
    public let severity: Severity
    /// One line.
    public let summary: String
    /// Why it matters: what Xen or the guest does otherwise.
    public let rationale: String
    /// How to fix it.
    public let fix: String
    /// Triggering and clean examples: the rule's documentation and its test.
    public let examples: [RuleExample]
    /// What the rule's verdict depends on per Xen release. The documentation prints these from
    /// the release files (`schemas/xen`), so `rationale` never names a release.
    public let releaseFacts: [ReleaseFact]

    /// Creates a description.
    public init(code: String, name: String, family: RuleFamily, severity: Severity, summary: String, rationale: String, fix: String,
                releaseFacts: [ReleaseFact] = [], examples: [RuleExample] = []) {
        self.code = code
        self.name = name
        self.family = family
        self.severity = severity
        self.summary = summary
        self.rationale = rationale
        self.fix = fix
        self.releaseFacts = releaseFacts
        self.examples = examples
    }

    /// A diagnostic of this rule.
    public func diagnostic(
        _ message: String,
        severity: Severity? = nil,
        at primary: Label? = nil,
        secondary: [Label] = [],
        notes: [Note] = [],
        help: [String] = [],
        devicePath: String? = nil,
        dataPath: String? = nil,
        related: [RelatedNode] = [],
        fields: [FindingField] = []
    ) -> Diagnostic {
        Diagnostic(code: code, severity: severity ?? self.severity, message: message, primary: primary,
                   secondary: secondary, notes: notes, help: help.isEmpty ? [fix] : help,
                   devicePath: devicePath, dataPath: dataPath, related: related, fields: fields)
    }
}
