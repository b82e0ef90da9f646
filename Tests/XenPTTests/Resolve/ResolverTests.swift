import Foundation
import Testing
import XenPTTestSupport
@testable import XenPT

@Suite struct ResolverTests {
    @Test func spisBecomeINTIDsAndPagesGoToAHoleOfTheRelease() throws {
        let dts = soc("""
                    eth: ethernet@ff0b0000 {
                        compatible = "snps,dwmac";
                        reg = <0xff0b0000 0x2000>, <0xff0c0800 0x100>;
                        interrupts = <0 57 4>, <0 57 4>, <0 58 1>;
                        iommus = <&smmu 0x874>;
                    };
                    smmu: iommu@fd800000 {
                        compatible = "arm,mmu-500";
                        reg = <0xfd800000 0x20000>;
                        #iommu-cells = <1>;
                        #global-interrupts = <1>;
                        interrupts = <0 155 4>;
                    };
            """)
        let fixture = try Fixture.plan(dts: dts, guest: "passthrough:\n  - \"&eth\"\n")
        let plan = try fixture.plan()
        #expect(plan.interruptIDs == [89, 90])
        #expect(plan.dtdev == ["/soc/ethernet@ff0b0000"])
        let device = try #require(plan.devices.first)
        #expect(device.placement.mode == .allocated)
        // The device spans 0xff0b0000..0xff0c0fff: 0x11 pages, kept at the same offsets.
        #expect(device.placement.pageSpan == 0x11)
        #expect(device.placement.guestBase == 0x0402_0000)
        #expect(device.regions.map(\.guestAddress) == [0x0402_0000, 0x0403_0800])
        #expect(plan.pageMappings.map(XLConfigWriter.iomemEntry) == ["0xff0b0,0x2@0x4020", "0xff0c0,0x1@0x4030"])
        #expect(fixture.findings == [
            "XPT-DEP-001 info: `iommus` of /soc/ethernet@ff0b0000 is dropped: links to host-only IOMMU",
            "XPT-IRQ-003 info: INTID 89 of /soc/ethernet@ff0b0000 is also used by /soc/ethernet@ff0b0000 in this guest",
            "XPT-MMIO-001 warning: reg[1] of /soc/ethernet@ff0b0000 starts at 0xff0c0800, inside a 4 KiB page",
            "XPT-MMIO-002 warning: reg[1] of /soc/ethernet@ff0b0000 is 0x100 bytes, not a whole number of pages",
        ])
    }

    @Test func theSameDeviceLandsElsewhereOnAnOlderRelease() throws {
        let dts = soc("""
                    uart: serial@ff000000 {
                        compatible = "cdns,uart-r1p12";
                        reg = <0xff000000 0x1000>;
                        interrupts = <0 21 4>;
                    };
            """)
        // 4.6 has a 16 MiB redistributor window but no vPCI: the largest hole starts after the vGIC.
        let old = try Fixture.plan(dts: dts, xen: "4.6", guest: "passthrough:\n  - /soc/serial@ff000000\n").plan()
        let new = try Fixture.plan(dts: dts, xen: "4.22", guest: "passthrough:\n  - /soc/serial@ff000000\n").plan()
        #expect(old.devices.first?.placement.guestBase == 0x0402_0000)
        #expect(new.devices.first?.placement.guestBase == 0x0402_0000)
        let ancient = try Fixture.plan(dts: dts, xen: "4.5", guest: "passthrough:\n  - /soc/serial@ff000000\n")
        #expect(ancient.findings.contains("XPT-XEN-001 error: Xen 4.5 cannot route interrupts to an Arm guest (`irqs`, from 4.6)"))
        #expect(ancient.findings.contains("XPT-XEN-001 error: Xen 4.5 cannot give a guest a partial device tree (`device_tree`, from 4.6)"))
    }

    @Test func aFreeHostAddressIsKeptOneToOne() throws {
        let dts = soc("""
                    serial@6000000 {
                        compatible = "arm,pl011";
                        reg = <0x6000000 0x1000>;
                        interrupts = <0 5 4>;
                    };
            """)
        let plan = try Fixture.plan(dts: dts, guest: "passthrough:\n  - /soc/serial@6000000\n").plan()
        #expect(plan.devices.first?.placement.mode == .identity)
        #expect(plan.pageMappings.map(XLConfigWriter.iomemEntry) == ["0x6000,0x1"])
    }

    @Test func pinnedAddressesAreCheckedAgainstTheGuestMap() throws {
        let dts = soc("""
                    serial@ff000000 {
                        compatible = "arm,pl011";
                        reg = <0xff000000 0x1000>;
                        interrupts = <0 21 4>;
                    };
            """)
        let guest = "passthrough:\n  - device: /soc/serial@ff000000\n    guest-address: 0x10000000\n"
        let withoutPCI = try Fixture.plan(dts: dts, guest: guest)
        #expect(withoutPCI.findings.filter { $0.hasPrefix("XPT-MMIO-004") } == [
            "XPT-MMIO-004 warning: guest address of /soc/serial@ff000000 overlaps the `vpci-ecam` window of the guest map",
        ])
        let withPCI = try Fixture.plan(dts: dts, guest: "pci: true\n" + guest)
        #expect(withPCI.findings.filter { $0.hasPrefix("XPT-MMIO-004") } == [
            "XPT-MMIO-004 error: guest address of /soc/serial@ff000000 overlaps the `vpci-ecam` window of the guest map",
        ])
        let gic = try Fixture.plan(dts: dts, guest: "passthrough:\n  - device: /soc/serial@ff000000\n    guest-address: 0x03001000\n")
        #expect(gic.findings.filter { $0.hasPrefix("XPT-MMIO-004") } == [
            "XPT-MMIO-004 error: guest address of /soc/serial@ff000000 overlaps the `vgic-v2-gicd` window of the guest map",
            "XPT-MMIO-004 warning: guest address of /soc/serial@ff000000 overlaps the `vgic-v3-gicd` window of the guest map",
        ])
    }

    @Test func interruptsThatCannotBeRoutedAreReported() throws {
        let dts = soc("""
                    gpio: gpio@ff0a0000 {
                        compatible = "vendor,gpio";
                        reg = <0xff0a0000 0x1000>;
                        interrupts = <0 16 4>;
                        gpio-controller;
                        #gpio-cells = <2>;
                        interrupt-controller;
                        #interrupt-cells = <2>;
                    };
                    mmc@ff160000 {
                        compatible = "arasan,sdhci-8.9a";
                        reg = <0xff160000 0x1000>;
                        interrupts-extended = <&gic 0 48 4>, <&gpio 7 8>, <&gic 1 9 4>;
                        interrupt-names = "controller", "card-detect", "wake";
                        cd-gpios = <&gpio 7 0>;
                    };
            """)
        let fixture = try Fixture.plan(dts: dts, guest: "trust: trusted\npassthrough:\n  - /soc/mmc@ff160000\n")
        let plan = try fixture.plan()
        #expect(plan.interruptIDs == [80])
        #expect(fixture.findings.filter { !$0.hasPrefix("XPT-IOMMU") && !$0.hasPrefix("XPT-DEP-001") } == [
            "XPT-DEP-002 warning: `cd-gpios` of /soc/mmc@ff160000 links to /soc/gpio@ff0a0000, which stays with the host",
            "XPT-IRQ-001 error: interrupt 2 of /soc/mmc@ff160000 is PPI 9",
            "XPT-IRQ-005 warning: interrupt 1 of /soc/mmc@ff160000 goes to /soc/gpio@ff0a0000, not the GIC",
        ])
        #expect(fixture.findings.contains("XPT-IOMMU-001 error: /soc/mmc@ff160000 is not protected by an IOMMU"))
    }

    @Test func sharedPagesAndSharedProvidersAreErrors() throws {
        let dts = soc("""
                    i2c@ff020000 {
                        compatible = "cdns,i2c-r1p14";
                        reg = <0xff020000 0x800>;
                        interrupts = <0 17 4>;
                    };
                    spi@ff020800 {
                        compatible = "cdns,spi-r1p6";
                        reg = <0xff020800 0x800>;
                        interrupts = <0 18 4>;
                        status = "disabled";
                    };
                    clkc: clock-controller@ff5e0000 {
                        compatible = "vendor,clkc";
                        reg = <0xff5e0000 0x1000>;
                        #clock-cells = <1>;
                    };
                    serial@ff010000 {
                        compatible = "arm,pl011";
                        reg = <0xff010000 0x1000>;
                        interrupts = <0 22 4>;
                        clocks = <&clkc 56>;
                    };
            """)
        let i2c = try Fixture.plan(dts: dts, guest: "passthrough:\n  - /soc/i2c@ff020000\n")
        #expect(i2c.findings.contains("XPT-MMIO-003 warning: a page mapped for /soc/i2c@ff020000 also holds registers of /soc/spi@ff020800"))
        let clocks = try Fixture.plan(dts: dts, guest: "passthrough:\n  - /soc/clock-controller@ff5e0000\n")
        #expect(clocks.findings.contains("XPT-DEP-003 error: /soc/clock-controller@ff5e0000 is used by /soc/serial@ff010000 (`clocks`), which stays with the host"))
        let serial = try Fixture.plan(dts: dts, guest: "passthrough:\n  - /soc/serial@ff010000\n")
        #expect(serial.findings.contains("XPT-CLK-002 warning: clock `0` of /soc/serial@ff010000 from /soc/clock-controller@ff5e0000 has no known rate"))
        let rated = try Fixture.plan(dts: dts, guest: "passthrough:\n  - /soc/serial@ff010000\n",
                                     boardExtra: "devices:\n  /soc/serial@ff010000:\n    clock-rates: { \"0\": 100000000 }\n")
        #expect(try rated.plan().devices.first?.clocks.map(\.rate) == [100_000_000])
        #expect(!rated.findings.contains { $0.hasPrefix("XPT-CLK-002") })
    }

    @Test func iommuSupportFollowsTheRelease() throws {
        let dts = soc("""
                    smmu: iommu@fd800000 {
                        compatible = "arm,smmu-v3";
                        reg = <0xfd800000 0x20000>;
                        #iommu-cells = <1>;
                    };
                    ethernet@ff0e0000 {
                        compatible = "cdns,gem";
                        reg = <0xff0e0000 0x1000>;
                        interrupts = <0 63 4>;
                        iommus = <&smmu 0x877>;
                    };
                    usb@fe200000 {
                        compatible = "snps,dwc3";
                        reg = <0xfe200000 0x40000>;
                        interrupts = <0 65 4>;
                        iommus = <&smmu 0x877>;
                    };
            """)
        let guest = "passthrough:\n  - /soc/ethernet@ff0e0000\n"
        let current = try Fixture.plan(dts: dts, xen: "4.17", guest: guest)
        #expect(try current.plan().dtdev == ["/soc/ethernet@ff0e0000"])
        #expect(current.findings.contains("XPT-IOMMU-004 error: IOMMU stream <0x877> of /soc/ethernet@ff0e0000 is also used by /soc/usb@fe200000"))
        let old = try Fixture.plan(dts: dts, xen: "4.14", guest: guest)
        #expect(try old.plan().dtdev == [])
        #expect(old.findings.contains("XPT-IOMMU-003 error: Xen 4.14 does not drive the IOMMU /soc/iommu@fd800000 (`arm,smmu-v3`) through `iommus`"))
    }

    @Test func addressesTranslateThroughNestedRanges() throws {
        let dts = soc("""
                    bus@40000000 {
                        compatible = "simple-bus";
                        #address-cells = <1>;
                        #size-cells = <1>;
                        ranges = <0x0 0x40000000 0x100000>;

                        serial@2000 {
                            compatible = "arm,pl011";
                            reg = <0x2000 0x1000>;
                            interrupts = <0 3 4>;
                        };
                    };
            """)
        let plan = try Fixture.plan(dts: dts, guest: "passthrough:\n  - /soc/bus@40000000/serial@2000\n").plan()
        #expect(plan.devices.first?.regions.map(\.hostAddress) == [0x4000_2000])
        #expect(plan.pageMappings.map(XLConfigWriter.iomemEntry) == ["0x40002,0x1@0x4020"])
    }
}

@Suite struct TrustTests {
    @Test(arguments: [("trusted", "only a 1:1 dom0less guest"), ("untrusted", "gives it all of host memory")])
    func unprotectedDMAIsExplainedByTrust(_ trust: String, _ phrase: String) throws {
        let dts = soc("""
            ethernet@ff0b0000 {
                compatible = "cdns,gem";
                reg = <0xff0b0000 0x1000>;
                interrupts = <0 57 4>;
            };
            """)
        let plan = try Fixture.plan(dts: dts, guest: "trust: \(trust)\npassthrough:\n  - /soc/ethernet@ff0b0000\n").plan()
        let finding = try #require(plan.diagnostics.first { $0.code == "XPT-IOMMU-001" })
        #expect(finding.severity == .error)
        #expect(finding.notes.contains { $0.message.contains(phrase) })
    }
}

@Suite struct BoardClassTests {
    /// A board's own class folder overrides the shipped class, and the plan names which applied.
    @Test func boardClassOverridesTheShippedOneAndThePlanSaysSo() throws {
        let dts = soc(RuleExample.uart)
        try TemporaryDirectory.with(prefix: "classes") { folder in
            let classes = folder.appendingPathComponent("classes")
            try FileManager.default.createDirectory(at: classes, withIntermediateDirectories: true)
            try Data("""
                class: vendor-uart-with-dma
                compatible:
                  - arm,pl011
                description: "this board's PL011 masters its own DMA"
                source:
                  - "board documentation"
                dma: master
                reset: none-needed

                """.utf8).write(to: classes.appendingPathComponent("uart.yaml"))
            try Data("board: test\nhost: host.dts\nxen: \"4.17\"\nschemas:\n  - classes\n".utf8).write(to: folder.appendingPathComponent("board.yaml"))
            try Data(dts.utf8).write(to: folder.appendingPathComponent("host.dts"))
            try Data("guest: g\nboard: board.yaml\nmemory: 256M\npassthrough:\n  - /soc/serial@ff000000\n".utf8).write(to: folder.appendingPathComponent("guest.yaml"))
            let workspace = WorkspaceLoader(schemaRoot: packageRoot.appendingPathComponent("schemas").path)
                .load(paths: [folder.appendingPathComponent("guest.yaml").path])
            #expect(workspace.diagnostics.isEmpty, "\(workspace.diagnostics.map(\.message))")
            let plan = try #require(workspace.planAll().first).plan
            #expect(plan.devices.first?.className == "vendor-uart-with-dma")
            // Relative to the board's folder: plan.json never carries the builder's layout.
            #expect(plan.devices.first?.classOrigin == "classes/uart.yaml")
            #expect(plan.diagnostics.first { $0.code == "XPT-IOMMU-001" }?.severity == .error)
            #expect(PlanReport.json(plan).contains("\"class\": \"vendor-uart-with-dma\""))
        }
    }
}
