import DeviceTree
import Diagnostics

/// What a rule's check reads: the plan (what the resolver decided and recorded), the request
/// it was made from (what the guest asked for) and the board-wide host facts.
public struct LintInput: Sendable {
    /// The plan.
    public let plan: GuestPlan
    /// What the guest asked for.
    public let request: PlanRequest
    /// Who else on the board uses each interrupt, page, clock and IOMMU stream.
    public let facts: HostFacts

    /// Creates the input of one guest's checks.
    public init(plan: GuestPlan, request: PlanRequest, facts: HostFacts) {
        self.plan = plan
        self.request = request
        self.facts = facts
    }

    /// Every node given to the guest: the devices and their descendants.
    public var assigned: Set<NodeID> { plan.assigned }

    /// The host tree.
    public var index: DeviceTreeIndex { request.index }

    /// Each planned device with the manifest entry that asked for it.
    public var devices: [(device: PlannedDevice, request: DeviceRequest)] {
        plan.devices.compactMap { device in request.devices.first { $0.node == device.node }.map { (device, $0) } }
    }

    /// Where a host node is defined, when the tree came from source.
    public func hostRange(_ node: NodeID) -> SourceRange? {
        index.definitionRange(node)
    }

    /// A note pointing at a host node's definition; empty when the tree came from a blob.
    public func hostLocationNote(_ node: NodeID) -> [Note] {
        index.definitionNote(node)
    }

    /// A host node a finding involves, with its part in it and where it is defined.
    public func related(_ node: NodeID, _ message: String) -> RelatedNode {
        RelatedNode(index.path(node), message, at: hostRange(node))
    }
}

extension FindingField {
    /// The fields naming a routed SPI: its INTID and its number among the SPIs.
    static func spi(number: UInt32, interruptID: UInt32) -> [FindingField] {
        [.number("intid", interruptID), .number("spi", number)]
    }

    /// The fields naming a clock: the property, the provider and the specifier's cells.
    static func clock(_ use: ClockUse, providerPath: String) -> [FindingField] {
        [.text("property", "clocks"), .text("clock", use.clockName), .text("clockProvider", providerPath), .numbers("clockSpecifier", use.specifier)]
    }
}

extension PlannedDevice {
    /// The device's routed SPIs in order, each with the path of the node that listed the same
    /// INTID earlier in this device, if one did.
    public var routedSPIs: [(interrupt: PlannedInterrupt, number: UInt32, interruptID: UInt32, firstUser: String?)] {
        var seen: [UInt32: String] = [:]
        return interrupts.compactMap { interrupt in
            guard case .spi(let number, let intid) = interrupt.route else { return nil }
            let first = seen[intid]
            if first == nil { seen[intid] = interrupt.nodePath }
            return (interrupt, number, intid, first)
        }
    }
}

/// A rule with its check: a function of the plan and the host facts that returns findings.
/// Each rule file under `Lint/Rules/` defines both next to each other.
public struct LintRule: Sendable {
    /// The rule's identity and words.
    public let description: RuleDescription
    /// The check.
    public let check: @Sendable (LintInput) -> [Diagnostic]

    /// Creates a rule from its description and check.
    public init(_ description: RuleDescription, check: @escaping @Sendable (LintInput) -> [Diagnostic]) {
        self.description = description
        self.check = check
    }
}

/// Runs every registered check over a guest's plan.
public enum Linter {
    /// The registered checks, in code order.
    public static let rules: [LintRule] = [
        .xenCapabilityMissing, .gicVersionMismatch, .tooManyVCPUs,
        .consoleDevice, .statusDisabled, .deviceInTwoGuests, .resetUnknown, .dmaRanges,
        .ppiNotAssignable, .sharedIRQ, .duplicateIRQ, .invalidIRQ, .nonGICInterrupt, .xenReservedVIRQ,
        .mmioNotPageAligned, .mmioSizeNotPageMultiple, .mmioPageShared, .guestAddressConflict,
        .clockShared, .clockRateUnknown,
        .dependencyDropped, .crossDeviceDependency, .providerInUse, .hostPhandle,
        .noIOMMU, .iommuDisabled, .iommuUnsupported, .iommuStreamShared, .iommuPlatformRequirement,
    ].sorted { $0.description.code < $1.description.code }

    /// Rules about the manifest's waivers rather than the plan: raised where waivers are applied.
    static let raisedByWaivers: Set<String> = [RuleDescription.unusedWaiver.code]

    /// The findings of every check on a plan.
    public static func findings(_ input: LintInput) -> [Diagnostic] {
        rules.flatMap { $0.check(input) }
    }

    /// Plans a request and runs the checks over the plan: the one path `lint`, `plan`, `build`
    /// and `survey` all take.
    public static func planAndCheck(_ request: PlanRequest, facts: HostFacts) -> GuestPlan {
        let plan = Resolver.plan(request, facts: facts)
        let findings = findings(LintInput(plan: plan, request: request, facts: facts))
        return plan.withDiagnostics(Diagnostic.inReportOrder(plan.diagnostics + findings))
    }
}
