import Foundation

/// `plan.json`: every decision of a plan with its reason, in a stable, documented shape.
public enum PlanReport {
    struct Document: Encodable {
        let schema = "xenpt-plan/1"
        let tool: String
        let guest: String
        let board: String
        let xen: String
        let devices: [Device]
        let xl: XL
        let findings: [Finding]
        let waived: [Waived]
    }

    struct Device: Encodable {
        let host: String
        let guest: String
        let `class`: String
        let classOrigin: String
        let placement: PlacementJSON
        let regions: [Region]
        let interrupts: [Interrupt]
        let protection: ProtectionJSON
        let clocks: [Clock]
        let regulators: [Regulator]
        let dropped: [Dropped]
        let aliases: [String]
    }

    struct PlacementJSON: Encodable {
        let mode: String
        let hostBase: String
        let guestBase: String
        let pages: String
        let why: String
    }

    struct Region: Encodable {
        let node: String
        let reg: Int
        let hostAddress: String
        let size: String
        let guestAddress: String
        let hostFrames: String
        let guestFrames: String
        let why: String
    }

    struct Interrupt: Encodable {
        let node: String
        let index: Int
        let specifier: [UInt32]
        let controller: String
        let intid: UInt32?
        let why: String
    }

    struct ProtectionJSON: Encodable {
        let kind: String
        let iommu: String?
        let streamIDs: [UInt32]
        let why: String
    }

    struct Clock: Encodable {
        let stub: String
        let provider: String
        let specifier: [UInt32]
        let rate: UInt32?
        let rateSource: String
    }

    struct Regulator: Encodable {
        let stub: String
        let provider: String
        let microvolts: UInt32
    }

    struct Dropped: Encodable {
        let node: String
        let property: String
        let why: String
    }

    struct XL: Encodable {
        let dtdev: [String]
        let irqs: [UInt32]
        let iomem: [String]
    }

    struct Finding: Encodable {
        let code: String
        let severity: String
        let message: String
        let device: String?
    }

    struct Waived: Encodable {
        let code: String
        let severity: String
        let message: String
        let device: String?
        let reason: String
    }

    /// The JSON text (sorted keys, two-space indent, trailing newline).
    public static func json(_ plan: GuestPlan) -> String {
        let document = Document(
            tool: "xenpt \(XenPTTool.version)", guest: plan.guest, board: plan.board, xen: plan.xenVersion,
            devices: plan.devices.map(device), xl: XL(dtdev: plan.dtdev, irqs: plan.interruptIDs, iomem: plan.pageMappings.map(XLConfigWriter.iomemEntry)),
            findings: plan.diagnostics.map { Finding(code: $0.code, severity: $0.severity.rawValue, message: $0.message, device: $0.devicePath) },
            waived: plan.waived.map {
                Waived(code: $0.finding.code, severity: $0.finding.severity.rawValue, message: $0.finding.message, device: $0.finding.devicePath, reason: $0.reason)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func device(_ device: PlannedDevice) -> Device {
        let placement = device.placement
        return Device(
            host: device.hostPath, guest: "/passthrough/\(device.guestName)", class: device.className, classOrigin: device.classOrigin,
            placement: PlacementJSON(mode: placement.mode.rawValue, hostBase: hex(placement.hostBase), guestBase: hex(placement.guestBase),
                                     pages: hex(placement.pageSpan), why: placement.reason),
            regions: device.regions.map { region in
                Region(node: region.nodePath, reg: region.regIndex, hostAddress: hex(region.hostAddress), size: hex(region.size),
                       guestAddress: hex(region.guestAddress),
                       hostFrames: "\(hex(region.firstFrame))+\(hex(region.frameCount))",
                       guestFrames: "\(hex(region.guestAddress >> 12))+\(hex(region.frameCount))",
                       why: placement.mode == .identity ? "1:1" : "same offset from the device's first frame (\(hex(placement.hostBase)) → \(hex(placement.guestBase)))")
            },
            interrupts: device.interrupts.map { interrupt in
                Interrupt(node: interrupt.nodePath, index: interrupt.index, specifier: interrupt.specifier, controller: interrupt.controllerPath,
                          intid: interrupt.interruptID,
                          why: interrupt.droppedBecause ?? "SPI \(interrupt.specifier.count > 1 ? interrupt.specifier[1] : 0) + 32; Xen maps it 1:1 (virq == irq)")
            },
            protection: protection(device.protection),
            clocks: device.clocks.map { Clock(stub: $0.name, provider: $0.providerPath, specifier: $0.specifier, rate: $0.rate, rateSource: $0.rateSource) },
            regulators: device.regulators.map { Regulator(stub: $0.name, provider: $0.providerPath, microvolts: $0.microvolts) },
            dropped: device.droppedProperties.map { Dropped(node: $0.nodePath, property: $0.property, why: $0.reason) },
            aliases: device.aliases)
    }

    private static func protection(_ protection: Protection) -> ProtectionJSON {
        switch protection {
        case .iommu(let path, let specifier):
            ProtectionJSON(kind: "iommus", iommu: path, streamIDs: specifier, why: "`iommus` points at an IOMMU Xen drives; listed in dtdev")
        case .legacyMaster(let path, let streams):
            ProtectionJSON(kind: "mmu-masters", iommu: path, streamIDs: streams, why: "the SMMU lists it in `mmu-masters`; listed in dtdev")
        case .none(let reason):
            ProtectionJSON(kind: "none", iommu: nil, streamIDs: [], why: reason)
        }
    }
}
