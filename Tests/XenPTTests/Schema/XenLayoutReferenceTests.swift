import Foundation
import Testing
@testable import XenPT

/// Checks every shipped release against the machine-readable reference read from Xen's sources.
@Suite("Xen layouts match the reference")
struct XenLayoutReferenceTests {
    /// Window name → the reference defines for its base and size.
    static let windowDefines: [String: (base: String, size: String)] = [
        "virtio-mmio": ("GUEST_VIRTIO_MMIO_BASE", "GUEST_VIRTIO_MMIO_SIZE"),
        "vgic-v2-gicd": ("GUEST_GICD_BASE", "GUEST_GICD_SIZE"),
        "vgic-v2-gicc": ("GUEST_GICC_BASE", "GUEST_GICC_SIZE"),
        "vgic-v3-gicd": ("GUEST_GICV3_GICD_BASE", "GUEST_GICV3_GICD_SIZE"),
        "vgic-v3-gicr": ("GUEST_GICV3_GICR0_BASE", "GUEST_GICV3_GICR0_SIZE"),
        "vpci-ecam": ("GUEST_VPCI_ECAM_BASE", "GUEST_VPCI_ECAM_SIZE"),
        "acpi": ("GUEST_ACPI_BASE", "GUEST_ACPI_SIZE"),
        "vpl011": ("GUEST_PL011_BASE", "GUEST_PL011_SIZE"),
        "vpci-mem": ("GUEST_VPCI_MEM_ADDR", "GUEST_VPCI_MEM_SIZE"),
        "grant-table": ("GUEST_GNTTAB_BASE", "GUEST_GNTTAB_SIZE"),
        "magic": ("GUEST_MAGIC_BASE", "GUEST_MAGIC_SIZE"),
        "ram0": ("GUEST_RAM0_BASE", "GUEST_RAM0_SIZE"),
        "vpci-prefetch-mem": ("GUEST_VPCI_PREFETCH_MEM_ADDR", "GUEST_VPCI_PREFETCH_MEM_SIZE"),
        "ram1": ("GUEST_RAM1_BASE", "GUEST_RAM1_SIZE"),
    ]

    /// Interrupt name → kind and the reference defines of its first and last INTID.
    static let interruptDefines: [String: (kind: InterruptKind, first: String, last: String)] = [
        "ffa-notification-pending": (.sgi, "GUEST_FFA_NOTIF_PEND_INTR_ID", "GUEST_FFA_NOTIF_PEND_INTR_ID"),
        "ffa-schedule-receiver": (.sgi, "GUEST_FFA_SCHEDULE_RECV_INTR_ID", "GUEST_FFA_SCHEDULE_RECV_INTR_ID"),
        "virtual-timer": (.ppi, "GUEST_TIMER_VIRT_PPI", "GUEST_TIMER_VIRT_PPI"),
        "secure-physical-timer": (.ppi, "GUEST_TIMER_PHYS_S_PPI", "GUEST_TIMER_PHYS_S_PPI"),
        "physical-timer": (.ppi, "GUEST_TIMER_PHYS_NS_PPI", "GUEST_TIMER_PHYS_NS_PPI"),
        "event-channel": (.ppi, "GUEST_EVTCHN_PPI", "GUEST_EVTCHN_PPI"),
        "vpl011": (.spi, "GUEST_VPL011_SPI", "GUEST_VPL011_SPI"),
        "virtio-mmio": (.spi, "GUEST_VIRTIO_MMIO_SPI_FIRST", "GUEST_VIRTIO_MMIO_SPI_LAST"),
    ]

    /// Reference defines that are not a window or interrupt of their own.
    static let otherDefines: Set<String> = [
        "GUEST_GICV3_RDIST_STRIDE", "GUEST_GICV3_RDIST_REGIONS", "GUEST_RAM_BANKS", "GUEST_RAM_BASE", "GUEST_RAM_MAX",
        "GUEST_RAM_BANK_BASES", "GUEST_RAM_BANK_SIZES", "GUEST_MAX_VCPUS", "GUEST_VPCI_ADDR_TYPE_MEM",
        "GUEST_VPCI_ADDR_TYPE_PREFETCH_MEM",
    ]

    struct Reference {
        let versions: [String]
        let perVersion: [String: [String: Any]]
    }

    static func reference() throws -> Reference {
        let data = try Data(contentsOf: URL(fileURLWithPath: SchemaFixtures.layoutsJSON))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let meta = try #require(root["_meta"] as? [String: Any])
        let versions = try #require(meta["versions"] as? [String])
        var perVersion: [String: [String: Any]] = [:]
        for version in versions { perVersion[version] = try #require(root[version] as? [String: Any]) }
        return Reference(versions: versions, perVersion: perVersion)
    }

    static func release(_ catalog: SchemaCatalog, _ version: String) throws -> XenRelease {
        let parsed = try #require(XenVersion(version))
        return try #require(catalog.release(parsed))
    }

    static func number(_ text: String) throws -> UInt64 {
        let trimmed = text.trimmingCharacters(in: CharacterSet(charactersIn: "()"))
        if trimmed.hasPrefix("0x") { return try #require(UInt64(trimmed.dropFirst(2), radix: 16)) }
        return try #require(UInt64(trimmed))
    }

    @Test("the shipped releases are exactly the reference's versions, with its tags and commits")
    func versionsTagsCommits() throws {
        let reference = try Self.reference()
        let catalog = try #require(SchemaFixtures.shipped.0)
        #expect(catalog.versions.map(\.description) == reference.versions)
        for version in reference.versions {
            let release = try Self.release(catalog, version)
            let facts = try #require(reference.perVersion[version])
            #expect(release.tag == facts["_tag"] as? String)
            #expect(release.commit == facts["_commit"] as? String)
        }
    }

    @Test("every window base and size matches, and every reference window is present")
    func windows() throws {
        let reference = try Self.reference()
        let catalog = try #require(SchemaFixtures.shipped.0)
        for version in reference.versions {
            let facts = try #require(reference.perVersion[version])
            let release = try Self.release(catalog, version)
            var expected: [String] = []
            for (name, defines) in Self.windowDefines {
                guard let base = facts[defines.base] as? String, let size = facts[defines.size] as? String else { continue }
                expected.append("\(name) 0x\(String(try Self.number(base), radix: 16)) 0x\(String(try Self.number(size), radix: 16))")
            }
            let actual = release.windows.map { "\($0.name) 0x\(String($0.base, radix: 16)) 0x\(String($0.size, radix: 16))" }
            #expect(actual.sorted() == expected.sorted(), "Xen \(version)")
            // A define the table above does not know would be a window this test cannot check.
            let known = Set(Self.windowDefines.values.flatMap { [$0.base, $0.size] })
                .union(Self.interruptDefines.values.flatMap { [$0.first, $0.last] }).union(Self.otherDefines)
            let unknown = facts.keys.filter { $0.hasPrefix("GUEST_") && !known.contains($0) }
            #expect(unknown == [], "Xen \(version)")
        }
    }

    @Test("every reserved interrupt matches")
    func interrupts() throws {
        let reference = try Self.reference()
        let catalog = try #require(SchemaFixtures.shipped.0)
        for version in reference.versions {
            let facts = try #require(reference.perVersion[version])
            let release = try Self.release(catalog, version)
            var expected: [String] = []
            for (name, defines) in Self.interruptDefines {
                guard let first = facts[defines.first] as? String, let last = facts[defines.last] as? String else { continue }
                expected.append("\(name) \(defines.kind.rawValue) \(try Self.number(first))-\(try Self.number(last))")
            }
            let actual = release.reservedInterrupts.map { "\($0.name) \($0.kind.rawValue) \($0.first)-\($0.last)" }
            #expect(actual.sorted() == expected.sorted(), "Xen \(version)")
        }
    }

    @Test("phandles and root cells match")
    func phandles() throws {
        let reference = try Self.reference()
        let catalog = try #require(SchemaFixtures.shipped.0)
        for version in reference.versions {
            let facts = try #require(reference.perVersion[version])
            let related = try #require(facts["_related"] as? [String: [String: Any]])
            func value(_ names: String...) -> String? {
                names.lazy.compactMap { related[$0]?["value"] as? String }.first
            }
            let release = try Self.release(catalog, version)
            let gic = try Self.number(try #require(value("PHANDLE_GIC", "GUEST_PHANDLE_GIC")))
            #expect(UInt64(release.gicPhandle) == gic, "Xen \(version)")
            if let iommu = value("GUEST_PHANDLE_IOMMU") {
                let expected = iommu == "(GUEST_PHANDLE_GIC + 1)" ? gic + 1 : try Self.number(iommu)
                #expect(release.iommuPhandle.map(UInt64.init) == expected, "Xen \(version)")
            } else {
                #expect(release.iommuPhandle == nil, "Xen \(version)")
            }
            let addressCells = try Self.number(try #require(value("ROOT_ADDRESS_CELLS", "GUEST_ROOT_ADDRESS_CELLS")))
            let sizeCells = try Self.number(try #require(value("ROOT_SIZE_CELLS", "GUEST_ROOT_SIZE_CELLS")))
            #expect(UInt64(release.rootAddressCells) == addressCells && UInt64(release.rootSizeCells) == sizeCells, "Xen \(version)")
        }
    }

    @Test("SPI round-up and limit follow the reference's vGIC rules")
    func spiLimits() throws {
        let reference = try Self.reference()
        let catalog = try #require(SchemaFixtures.shipped.0)
        for version in reference.versions {
            let facts = try #require(reference.perVersion[version])
            let related = try #require(facts["_related"] as? [String: Any])
            let release = try Self.release(catalog, version)
            #expect(release.spis.guestSPIs == (related["rule:vgic_domU_nr_lines"] == nil), "Xen \(version)")
            #expect(release.spis.roundUp == (related["rule:vgic_nr_spis_roundup"] != nil ? 32 : 1), "Xen \(version)")
            if related["rule:vgic_nr_spis_limit"] != nil {
                #expect(release.spis.hypervisorLimit == 1020 - 32, "Xen \(version)")
            }
        }
    }
}
