import Diagnostics

/// `plan.json`: every decision of a plan with its reason, in a stable, documented shape.
///
/// Objects list their keys in the order written here (documented in `docs/build-output.md`);
/// an absent optional value leaves its key out.
public enum PlanReport {
    /// The JSON text (two-space indent, trailing newline).
    public static func json(_ plan: GuestPlan) -> String {
        document(plan).text
    }

    /// The plan as a JSON value.
    public static func document(_ plan: GuestPlan) -> JSONValue {
        .object([
            ("schema", .string("xenpt-plan/1")),
            ("tool", .string("xenpt \(XenPTTool.version)")),
            ("guest", .string(plan.guest)),
            ("board", .string(plan.board)),
            ("xen", .string(plan.xenVersion)),
            ("devices", .array(plan.devices.map(device))),
            ("xl", .object([
                ("dtdev", strings(plan.dtdev)),
                ("irqs", numbers(plan.interruptIDs)),
                ("iomem", strings(plan.pageMappings.map(XLConfigWriter.iomemEntry))),
            ])),
            ("findings", .array(plan.diagnostics.map { .object(finding($0)) })),
            ("waived", .array(plan.waived.map { .object(finding($0.finding) + [("reason", .string($0.reason))]) })),
        ])
    }

    private static func finding(_ finding: Diagnostic) -> [(String, JSONValue)] {
        var members: [(String, JSONValue)] = [
            ("code", .string(finding.code)),
            ("severity", .string(finding.severity.rawValue)),
            ("message", .string(finding.message)),
        ]
        if let device = finding.devicePath { members.append(("device", .string(device))) }
        // The same structured data as the JSON and SARIF reports, without source positions
        // (an artifact names no file outside the board's folder).
        members.append(("related", .array(finding.related.map { node in
            .object([("node", .string(node.path)), ("message", .string(node.message))])
        })))
        members.append(("fields", .object(finding.fields.map { ($0.name, $0.json) })))
        return members
    }

    private static func device(_ device: PlannedDevice) -> JSONValue {
        let placement = device.placement
        return .object([
            ("host", .string(device.hostPath)),
            ("guest", .string("/passthrough/\(device.guestName)")),
            ("class", .string(device.className)),
            ("classOrigin", .string(device.classOrigin)),
            ("placement", .object([
                ("mode", .string(placement.mode.rawValue)),
                ("hostBase", .string(hex(placement.hostBase))),
                ("guestBase", .string(hex(placement.guestBase))),
                ("pages", .string(hex(placement.pageSpan))),
                ("why", .string(placement.reason)),
            ])),
            ("regions", .array(device.regions.map { region in
                .object([
                    ("node", .string(region.nodePath)),
                    ("reg", .int(region.regIndex)),
                    ("hostAddress", .string(hex(region.hostAddress))),
                    ("size", .string(hex(region.size))),
                    ("guestAddress", .string(hex(region.guestAddress))),
                    ("hostFrames", .string("\(hex(region.firstFrame))+\(hex(region.frameCount))")),
                    ("guestFrames", .string("\(hex(region.guestAddress >> 12))+\(hex(region.frameCount))")),
                    ("why", .string(placement.mode == .identity
                        ? "1:1" : "same offset from the device's first frame (\(hex(placement.hostBase)) → \(hex(placement.guestBase)))")),
                ])
            })),
            ("interrupts", .array(device.interrupts.map { interrupt in
                var members: [(String, JSONValue)] = [
                    ("node", .string(interrupt.nodePath)),
                    ("index", .int(interrupt.index)),
                    ("specifier", numbers(interrupt.specifier)),
                    ("controller", .string(interrupt.controllerPath)),
                ]
                if let intid = interrupt.interruptID { members.append(("intid", .unsigned(UInt64(intid)))) }
                let spi = interrupt.specifier.count > 1 ? interrupt.specifier[1] : 0
                members.append(("why", .string(interrupt.droppedBecause ?? "SPI \(spi) + 32; Xen maps it 1:1 (virq == irq)")))
                return .object(members)
            })),
            ("protection", protection(device.protection)),
            ("clocks", .array(device.clocks.map { clock in
                var members: [(String, JSONValue)] = [
                    ("stub", .string(clock.name)),
                    ("provider", .string(clock.providerPath)),
                    ("specifier", numbers(clock.specifier)),
                ]
                if let rate = clock.rate { members.append(("rate", .unsigned(UInt64(rate)))) }
                members.append(("rateSource", .string(clock.rateSource)))
                return .object(members)
            })),
            ("regulators", .array(device.regulators.map { regulator in
                .object([
                    ("stub", .string(regulator.name)),
                    ("provider", .string(regulator.providerPath)),
                    ("microvolts", .unsigned(UInt64(regulator.microvolts))),
                ])
            })),
            ("dropped", .array(device.droppedProperties.map { dropped in
                .object([("node", .string(dropped.nodePath)), ("property", .string(dropped.property)), ("why", .string(dropped.reason))])
            })),
            ("aliases", strings(device.aliases)),
        ])
    }

    private static func strings(_ values: [String]) -> JSONValue {
        .array(values.map(JSONValue.string))
    }

    private static func numbers(_ values: [UInt32]) -> JSONValue {
        .array(values.map { .unsigned(UInt64($0)) })
    }

    private static func protection(_ protection: Protection) -> JSONValue {
        switch protection {
        case .iommu(let path, let specifier):
            .object([("kind", .string("iommus")), ("iommu", .string(path)), ("streamIDs", numbers(specifier)),
                     ("why", .string("`iommus` points at an IOMMU Xen drives; listed in dtdev"))])
        case .legacyMaster(let path, let streams):
            .object([("kind", .string("mmu-masters")), ("iommu", .string(path)), ("streamIDs", numbers(streams)),
                     ("why", .string("the SMMU lists it in `mmu-masters`; listed in dtdev"))])
        case .none(let reason):
            .object([("kind", .string("none")), ("streamIDs", .array([])), ("why", .string(reason))])
        }
    }
}
