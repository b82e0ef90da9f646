import DeviceTree
import Diagnostics

extension GuestPlanner {
    /// Decides whether Xen can assign the device through an IOMMU, and raises what blocks it.
    mutating func planProtection(_ device: DeviceRequest) -> Protection {
        let node = device.node
        let path = index.path(node)
        let at = device.reference
        var protection: Protection?
        var blocked = false

        if index.node(node).property("iommus") != nil {
            do {
                let links = try index.links("iommus", of: node, shape: .withArguments(cellsProperty: "#iommu-cells", defaultCells: nil))
                for link in links {
                    let iommu = link.provider
                    let iommuPath = index.path(iommu)
                    let support = request.iommuSupport.genericBinding
                    let driver = index.compatibles(iommu).compactMap { support[$0] }.first
                    if !index.isEnabled(iommu) {
                        blocked = true
                        diagnostics.append(RuleDescription.iommuDisabled.diagnostic(
                            "the IOMMU \(iommuPath) of \(path) is disabled", at: Label(at.range, "protected only through \(iommuPath)"),
                            notes: hostLocationNote(iommu), devicePath: path, dataPath: at.path.description))
                    } else if driver == nil {
                        blocked = true
                        let compatible = index.compatibles(iommu).first ?? "no compatible"
                        diagnostics.append(RuleDescription.iommuUnsupported.diagnostic(
                            "Xen \(request.layout.xenVersion) does not drive the IOMMU \(iommuPath) (`\(compatible)`) through `iommus`",
                            at: Label(at.range), notes: hostLocationNote(iommu), devicePath: path, dataPath: at.path.description))
                    } else if protection == nil {
                        protection = .iommu(iommuPath: iommuPath, specifier: link.arguments)
                    }
                    checkSharedStream(iommu: iommu, arguments: link.arguments, device: device)
                    if driver == IOMMUKind.ipmmuVMSA.rawValue {
                        diagnostics.append(RuleDescription.iommuPlatformRequirement.diagnostic(
                            "the IPMMU driver of Xen checks platform preconditions for \(iommuPath)", at: Label(at.range),
                            notes: [Note("Xen needs a `renesas,prr` node, an R-Car H3 of ES3.0 or later, and `renesas,ipmmu-main` on the cache IPMMUs")],
                            devicePath: path))
                    }
                }
            } catch {
                diagnostics.append(ResolveError.hostTree(error, at: at, note: hostLocationNote(node)))
                blocked = true
            }
        }
        if protection == nil, !blocked {
            for (smmu, masters) in facts.legacyMasters.sorted(by: { $0.key < $1.key }) {
                guard let entry = masters.first(where: { $0.master == node }) else { continue }
                let smmuPath = index.path(smmu)
                guard !Set(index.compatibles(smmu)).isDisjoint(with: request.iommuSupport.legacyMMUMasters) else {
                    blocked = true
                    diagnostics.append(RuleDescription.iommuUnsupported.diagnostic(
                        "Xen \(request.layout.xenVersion) does not read the `mmu-masters` of \(smmuPath)",
                        at: Label(at.range), notes: hostLocationNote(smmu), devicePath: path, dataPath: at.path.description))
                    break
                }
                guard index.isEnabled(smmu) else {
                    blocked = true
                    diagnostics.append(RuleDescription.iommuDisabled.diagnostic(
                        "the SMMU \(smmuPath) listing \(path) is disabled", at: Label(at.range),
                        notes: hostLocationNote(smmu), devicePath: path, dataPath: at.path.description))
                    break
                }
                protection = .legacyMaster(smmuPath: smmuPath, streamIDs: entry.streamIDs)
                for (otherMaster, streams) in masters where !assigned.contains(otherMaster) && !Set(streams).isDisjoint(with: entry.streamIDs) {
                    diagnostics.append(RuleDescription.iommuStreamShared.diagnostic(
                        "stream ID of \(path) on \(smmuPath) is also used by \(index.path(otherMaster))",
                        at: Label(at.range), notes: hostLocationNote(otherMaster), devicePath: path))
                }
                break
            }
        }
        if let protection { return protection }

        let masters = device.policy.dma != "none"
        let reason = blocked ? "its IOMMU cannot be used" : "no `iommus` and no SMMU lists it in `mmu-masters`"
        if !blocked {
            let severity: Severity = masters ? .error : .warning
            var notes = hostLocationNote(node)
            notes.append(Note(masters
                ? "class `\(device.policy.className)` says the device \(device.policy.dma == "master" ? "masters DMA" : "may master DMA"); without an IOMMU it can reach all host memory"
                : "class `\(device.policy.className)` says the device does no DMA; it is mapped with `iomem` and `irqs` only, not `dtdev`"))
            if masters {
                notes.append(Note(request.trusted
                    ? "the guest is trusted, but without an IOMMU its DMA uses guest addresses the device cannot reach; only a 1:1 dom0less guest (`direct-map`) could use it"
                    : "the guest is untrusted: giving it a DMA master without an IOMMU gives it all of host memory"))
            }
            diagnostics.append(RuleDescription.noIOMMU.diagnostic(
                "\(path) is not protected by an IOMMU", severity: severity,
                at: Label(at.range, masters ? "Xen refuses to assign it" : "left out of `dtdev`"),
                notes: notes, devicePath: path, dataPath: at.path.description))
        }
        return .none(reason: reason)
    }

    mutating func checkSharedStream(iommu: NodeID, arguments: [UInt32], device: DeviceRequest) {
        for use in facts.providerUses[iommu] ?? [] where use.property == "iommus" && use.arguments == arguments && !assigned.contains(use.user) {
            diagnostics.append(RuleDescription.iommuStreamShared.diagnostic(
                "IOMMU stream <\(arguments.map { hex($0) }.joined(separator: " "))> of \(index.path(device.node)) is also used by \(index.path(use.user))",
                at: Label(device.reference.range), notes: hostLocationNote(use.user), devicePath: index.path(device.node)))
        }
    }
}
