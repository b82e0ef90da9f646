import DeviceTree
import Diagnostics

extension GuestPlanner {
    /// Decides whether Xen can assign the device through an IOMMU, and records every IOMMU
    /// looked at (the IOMMU rules read those paths).
    mutating func planProtection(_ device: DeviceRequest) -> (Protection, [ProtectionPath]) {
        let node = device.node
        var protection: Protection?
        var paths: [ProtectionPath] = []

        if index.property("iommus", of: node) != nil {
            do {
                let links = try index.links("iommus", of: node, shape: .withArguments(cellsProperty: "#iommu-cells", defaultCells: nil))
                for link in links {
                    let iommu = link.provider
                    let support = request.iommuSupport.genericBinding
                    let driver = index.compatibles(iommu).compactMap { support[$0] }.first
                    let path = ProtectionPath.iommusLink(iommu: iommu, specifier: link.arguments, enabled: index.isEnabled(iommu), driver: driver)
                    paths.append(path)
                    if !path.blocks, protection == nil {
                        protection = .iommu(iommuPath: index.path(iommu), specifier: link.arguments)
                    }
                }
            } catch {
                diagnostics.append(ResolveError.hostTree(error, at: device.reference, note: hostLocationNote(node)))
                paths.append(.undecodable)
            }
        }
        let blocked = paths.contains { $0.blocks }
        if protection == nil, !blocked {
            for (smmu, masters) in facts.legacyMasters.sorted(by: { $0.key < $1.key }) {
                guard let entry = masters.first(where: { $0.master == node }) else { continue }
                let read = !Set(index.compatibles(smmu)).isDisjoint(with: request.iommuSupport.legacyMMUMasters)
                let path = ProtectionPath.legacyMaster(smmu: smmu, streamIDs: entry.streamIDs, read: read, enabled: index.isEnabled(smmu))
                paths.append(path)
                if !path.blocks { protection = .legacyMaster(smmuPath: index.path(smmu), streamIDs: entry.streamIDs) }
                break
            }
        }
        if let protection { return (protection, paths) }
        let reason = paths.contains { $0.blocks } ? "its IOMMU cannot be used" : "no `iommus` and no SMMU lists it in `mmu-masters`"
        return (.none(reason: reason), paths)
    }
}
