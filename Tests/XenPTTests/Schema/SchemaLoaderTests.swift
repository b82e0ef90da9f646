import Diagnostics
import Foundation
import Testing
@testable import XenPT

@Suite("Shipped schemas")
struct ShippedSchemaTests {
    @Test("every shipped file loads without a diagnostic")
    func loadsCleanly() throws {
        let (catalog, diagnostics) = SchemaFixtures.shipped
        #expect(SchemaFixtures.concise(diagnostics, root: SchemaFixtures.packageRoot) == [])
        let loaded = try #require(catalog)
        #expect(loaded.versions.map(\.description) == (5...22).map { "4.\($0)" })
    }

    @Test("every release names its tag and commit and has both vGIC layouts and two RAM banks")
    func releaseBasics() throws {
        let catalog = try #require(SchemaFixtures.shipped.0)
        for version in catalog.versions {
            let release = try #require(catalog.release(version))
            #expect(release.tag == "RELEASE-\(version).0")
            #expect(release.commit.count == 40)
            #expect(release.origin.hasSuffix("schemas/xen/\(version).yaml"))
            #expect(release.windows.filter(\.isRAM).map(\.name) == ["ram0", "ram1"])
            #expect(release.windows.filter { $0.presence == .gicv2 }.map(\.name) == ["vgic-v2-gicd", "vgic-v2-gicc"])
            #expect(release.windows.filter { $0.presence == .gicv3 }.map(\.name) == ["vgic-v3-gicd", "vgic-v3-gicr"])
            #expect(release.rootAddressCells == 2 && release.rootSizeCells == 2)
        }
    }

    @Test("4.5: phandle 1, no guest SPIs, no passthrough capability, only MMU-400")
    func release45() throws {
        let release = try #require(SchemaFixtures.shipped.0?.release(XenVersion(major: 4, minor: 5)))
        #expect(release.gicPhandle == 1)
        #expect(release.iommuPhandle == nil)
        #expect(release.maxSPIs == 0)
        #expect(release.spis.guestSPIs == false)
        #expect(release.spis.maxSPIID == nil)
        #expect(release.capabilities.isEmpty)
        #expect(release.iommuCompatibles == ["arm,mmu-400": .smmu])
        #expect(release.window(named: "vgic-v3-gicr")?.size == 0x100000)
    }

    @Test("redistributor region grows in 4.6, GICC in 4.7")
    func gicSizes() throws {
        let catalog = try #require(SchemaFixtures.shipped.0)
        func window(_ minor: Int, _ name: String) -> GuestWindow? { catalog.release(XenVersion(major: 4, minor: minor))?.window(named: name) }
        #expect(window(6, "vgic-v3-gicr")?.size == 0x0100_0000)
        #expect(window(6, "vgic-v3-gicr")?.end == 0x0402_0000)
        #expect(window(6, "vgic-v2-gicc")?.size == 0x100)
        #expect(window(7, "vgic-v2-gicc")?.size == 0x2000)
    }

    @Test("optional windows and interrupts carry the feature they need")
    func presence() throws {
        let release = try #require(SchemaFixtures.shipped.0?.release(XenVersion(major: 4, minor: 22)))
        let byName = Dictionary(uniqueKeysWithValues: release.windows.map { ($0.name, $0.presence) })
        #expect(byName == [
            "virtio-mmio": .virtio, "vgic-v2-gicd": .gicv2, "vgic-v3-gicd": .gicv3, "vgic-v2-gicc": .gicv2, "vgic-v3-gicr": .gicv3,
            "vpci-ecam": .pci, "acpi": .acpi, "vpl011": .vuart, "vpci-mem": .pci, "grant-table": .always, "magic": .always,
            "ram0": .always, "vpci-prefetch-mem": .pci, "ram1": .always,
        ])
        #expect(release.windows(for: [.gicv3]).map(\.name) == ["vgic-v3-gicd", "vgic-v3-gicr", "grant-table", "magic", "ram0", "ram1"])
        let interrupts = release.reservedInterrupts.map { "\($0.name) \($0.kind.rawValue) \($0.first)-\($0.last) \($0.presence.rawValue)" }
        #expect(interrupts == [
            "ffa-notification-pending sgi 8-8 always", "ffa-schedule-receiver sgi 9-9 always",
            "virtual-timer ppi 27-27 always", "secure-physical-timer ppi 29-29 always", "physical-timer ppi 30-30 always",
            "event-channel ppi 31-31 always", "vpl011 spi 32-32 vuart", "virtio-mmio spi 33-43 virtio",
        ])
    }

    @Test("nr_spis rules per release group")
    func spiRules() throws {
        let catalog = try #require(SchemaFixtures.shipped.0)
        func rule(_ minor: Int) throws -> SPIRule { try #require(catalog.release(XenVersion(major: 4, minor: minor))).spis }
        #expect(try rule(10).roundUp == 1)
        #expect(try rule(10).maxCount == 988)
        #expect(try rule(10).maxSPIID == 1019)
        #expect(try rule(11).roundUp == 32)
        #expect(try rule(11).maxSPIID == 991)
        #expect(try rule(18).xlOption == .none)
        #expect(try rule(19).xlOption == .maxWithComputed)
        #expect(try rule(20).xlOption == .maxWithComputed)
        #expect(try rule(21).xlOption == .atLeastComputed)
        #expect(try rule(22).effectiveCount(try rule(22).computedCount(highestSPI: 112)) == 96)
        #expect(try rule(10).effectiveCount(81) == 81)
        #expect(try rule(22).effectiveCount(961) == nil)
        #expect(try rule(22).computedCount(highestSPI: nil) == 0)
    }

    @Test("capabilities start where the reference says")
    func capabilityStarts() throws {
        let catalog = try #require(SchemaFixtures.shipped.0)
        var starts: [String: String] = [:]
        for version in catalog.versions {
            for capability in try #require(catalog.release(version)).capabilities where starts[capability.rawValue] == nil {
                starts[capability.rawValue] = version.description
            }
        }
        #expect(starts == [
            "irq-passthrough": "4.6", "partial-device-tree": "4.6", "smmu-mmu-masters": "4.6", "dom0less": "4.12",
            "iommus-binding": "4.13", "renesas-ipmmu": "4.13", "dom0less-passthrough": "4.13", "smmu-v3": "4.15",
            "smmu-iommus-binding": "4.16", "extended-regions": "4.16", "xl-dt-overlay": "4.19",
            "extended-regions-exclude-iomem": "4.21",
        ])
        // Once present, a capability stays.
        for capability in XenCapability.allCases {
            let having = catalog.versions.filter { catalog.release($0)?.has(capability) == true }
            let start = try #require(having.first)
            #expect(having == catalog.versions.filter { $0 >= start })
        }
    }

    @Test("IOMMU compatibles per release follow the drivers' match tables")
    func iommuCompatibles() throws {
        let catalog = try #require(SchemaFixtures.shipped.0)
        func names(_ minor: Int, _ kind: IOMMUKind) throws -> [String] {
            try #require(catalog.release(XenVersion(major: 4, minor: minor))).iommuCompatibles.filter { $0.value == kind }.keys.sorted()
        }
        let smmu = ["arm,mmu-400", "arm,mmu-401", "arm,mmu-500", "arm,smmu-v1", "arm,smmu-v2"]
        #expect(try names(6, .smmu) == smmu)
        #expect(try names(22, .smmu) == smmu)
        #expect(try names(14, .smmuV3) == [])
        #expect(try names(15, .smmuV3) == ["arm,smmu-v3"])
        #expect(try names(12, .ipmmuVMSA) == [])
        #expect(try names(13, .ipmmuVMSA) == ["renesas,ipmmu-r8a7795", "renesas,ipmmu-r8a77965", "renesas,ipmmu-r8a7796"].sorted())
        #expect(try names(16, .ipmmuVMSA).count == 4)
        #expect(try names(19, .ipmmuVMSA).last == "renesas,ipmmu-r8a779f0")
        #expect(try names(20, .ipmmuVMSA) == [
            "renesas,ipmmu-r8a7795", "renesas,ipmmu-r8a77961", "renesas,ipmmu-r8a77965", "renesas,ipmmu-r8a7796",
            "renesas,ipmmu-r8a779f0", "renesas,ipmmu-r8a779g0",
        ].sorted())
        let r415 = try #require(catalog.release(XenVersion(major: 4, minor: 15)))
        #expect(r415.acceptsGenericBinding(.smmu) == false)
        #expect(r415.acceptsLegacyMasters(.smmu))
        #expect(catalog.release(XenVersion(major: 4, minor: 16))?.acceptsGenericBinding(.smmu) == true)
        #expect(r415.iommuKind(compatibles: ["vendor,thing", "arm,mmu-500"]) == .smmu)
        #expect(r415.genericBindingCompatibles.keys.sorted() == [
            "arm,smmu-v3", "renesas,ipmmu-r8a7795", "renesas,ipmmu-r8a77965", "renesas,ipmmu-r8a7796",
        ].sorted())
        #expect(r415.legacyMastersCompatibles == Set(smmu))
        let r416 = try #require(catalog.release(XenVersion(major: 4, minor: 16)))
        #expect(Set(r416.genericBindingCompatibles.filter { $0.value == .smmu }.keys) == Set(smmu))
        let r45 = try #require(catalog.release(XenVersion(major: 4, minor: 5)))
        #expect(r45.genericBindingCompatibles.isEmpty && r45.legacyMastersCompatibles.isEmpty)
    }
}

@Suite("XenVersion")
struct XenVersionTests {
    @Test("parses MAJOR.MINOR and orders numerically")
    func parse() {
        #expect(XenVersion("4.17") == XenVersion(major: 4, minor: 17))
        #expect(XenVersion("4.17")?.description == "4.17")
        for bad in ["4", "4.", ".17", "4.17.1", "4.x", "v4.17", " 4.17", "4.1a", ""] {
            #expect(XenVersion(bad) == nil, "\(bad)")
        }
        #expect(XenVersion(major: 4, minor: 9) < XenVersion(major: 4, minor: 10))
        #expect(XenVersion(major: 4, minor: 22) < XenVersion(major: 5, minor: 0))
    }
}

@Suite("Window arithmetic")
struct GuestWindowTests {
    @Test("end and overlap are exact at the edges and never overflow")
    func overlap() {
        let gicr = GuestWindow(name: "gicr", use: "", base: 0x0302_0000, size: 0x0100_0000, role: .gicRedistributor, presence: .gicv3, source: nil)
        #expect(gicr.end == 0x0402_0000)
        #expect(gicr.overlaps(start: 0x0401_f000, length: 0x1000))
        #expect(!gicr.overlaps(start: 0x0402_0000, length: 0x1000))
        #expect(!gicr.overlaps(start: 0x0301_f000, length: 0x1000))
        #expect(gicr.overlaps(start: 0x0301_f000, length: 0x1001))
        #expect(!gicr.overlaps(start: 0x0303_0000, length: 0))
        #expect(gicr.overlaps(start: 0, length: UInt64.max))
        let top = GuestWindow(name: "top", use: "", base: UInt64.max - 0xfff, size: 0x1000, role: .mmio, presence: .always, source: nil)
        #expect(top.end == UInt64.max)
        #expect(top.overlaps(start: UInt64.max, length: 5))
    }
}
