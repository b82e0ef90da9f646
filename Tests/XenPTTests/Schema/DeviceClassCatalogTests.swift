import Diagnostics
import Foundation
import Testing
@testable import XenPT

@Suite("Device classes")
struct DeviceClassCatalogTests {
    @Test("shipped classes match nodes by their first listed compatible, else generic")
    func shippedMatching() throws {
        let devices = try #require(SchemaFixtures.shipped.0).devices
        #expect(devices.match(compatibles: ["calxeda,hb-xgmac"]).name == "calxeda-xgmac")
        #expect(devices.match(compatibles: ["xlnx,zynqmp-gem", "cdns,gem"]).name == "xilinx-gem")
        #expect(devices.match(compatibles: ["cdns,zynq-gem", "cdns,gem"]).name == "cadence-gem")
        #expect(devices.match(compatibles: ["renesas,etheravb-r8a7795", "renesas,etheravb-rcar-gen3"]).name == "renesas-ravb")
        #expect(devices.match(compatibles: ["renesas,scif-r8a7795", "renesas,rcar-gen3-scif", "renesas,scif"]).name == "renesas-scif")
        #expect(devices.match(compatibles: ["rockchip,rk3568-gmac", "snps,dwmac-4.20a"]).name == "snps-dwmac")
        #expect(devices.match(compatibles: ["brcm,bcm2711-genet-v5"]).name == "brcm-genet")
        #expect(devices.match(compatibles: ["arm,pl011", "arm,primecell"]).name == "arm-pl011")
        #expect(devices.match(compatibles: ["rockchip,rk3399-uart", "snps,dw-apb-uart"]).name == "ns16550")
        #expect(devices.match(compatibles: ["xlnx,zynqmp-uart", "cdns,uart-r1p12"]).name == "cadence-uart")
        #expect(devices.match(compatibles: ["xlnx,zynqmp-8.9a", "arasan,sdhci-8.9a"]).name == "arasan-sdhci")
        #expect(devices.match(compatibles: ["fsl,imx8mm-fec", "fsl,imx8mq-fec", "fsl,imx6sx-fec"]).name == "nxp-fec")
        #expect(devices.match(compatibles: ["fsl,imx8qm-lpuart", "fsl,imx8qxp-lpuart"]).name == "nxp-lpuart")
        #expect(devices.match(compatibles: ["arm,pl330", "arm,primecell"]).name == "arm-pl330")
        #expect(devices.match(compatibles: ["arm,pl031", "arm,primecell"]).name == "arm-pl031")
        #expect(devices.match(compatibles: ["arm,pl061", "arm,primecell"]).name == "arm-pl061")
        #expect(devices.match(compatibles: ["vendor,unknown-thing"]).name == "generic")
        #expect(devices.match(compatibles: []).name == "generic")
    }

    @Test("DMA and reset facts of the shipped classes")
    func shippedFacts() throws {
        let devices = try #require(SchemaFixtures.shipped.0).devices
        let facts = devices.classes.map { "\($0.name) \($0.dma.rawValue) \($0.reset.rawValue)" }
        #expect(facts == [
            "arasan-sdhci master device-specific",
            "arm-pl011 none none-needed",
            "arm-pl031 none none-needed",
            "arm-pl061 none none-needed",
            "arm-pl330 master reset-controller",
            "brcm-genet master device-specific",
            "cadence-gem master device-specific",
            "cadence-uart none none-needed",
            "calxeda-xgmac master device-specific",
            "ns16550 none none-needed",
            "nxp-fec master device-specific",
            "nxp-lpuart none none-needed",
            "renesas-ravb master reset-controller",
            "renesas-scif none reset-controller",
            "snps-dwmac master device-specific",
            "xilinx-gem master reset-controller",
        ])
        #expect(devices.generic.dma == .unknown)
        #expect(devices.generic.reset == .unknown)
        for deviceClass in devices.classes + [devices.generic] {
            #expect(Set(deviceClass.policies.keys) == Set(DependencyKind.allCases), "\(deviceClass.name)")
            #expect(!deviceClass.references.isEmpty, "\(deviceClass.name)")
        }
    }

    @Test("a class inherits generic policies, drops and rewrites, and overrides its own")
    func merging() throws {
        let devices = try #require(SchemaFixtures.shipped.0).devices
        let arasan = try #require(devices.named("arasan-sdhci"))
        #expect(arasan.policy(for: .phys) == .passIfDedicated)
        #expect(arasan.policy(for: .regulators) == .fixedRegulator)
        #expect(arasan.policy(for: .clocks) == .fixedClock)
        #expect(arasan.policy(for: .dmas) == .mustAccompany)
        #expect(arasan.drops(property: "iommus"))
        #expect(arasan.drops(property: "arasan,soc-ctl-syscon"))
        #expect(!arasan.drops(property: "bus-width"))
        #expect(arasan.rewriteProperties.map { "\($0.property)=\($0.value)" } == ["status=\"okay\""])
        #expect(devices.named("arm-pl011")?.policy(for: .dmas) == .drop)
        #expect(devices.named("renesas-ravb")?.policy(for: .resets) == .firmware)
        #expect(devices.named("generic")?.name == "generic")
        #expect(devices.named("no-such-class") == nil)
    }

    @Test("a user class replaces a shipped class of the same name and takes over compatibles")
    func userOverrides() throws {
        let folder = try SchemaFixtures.scratchFolder("override")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try SchemaFixtures.write([
            "mine/xgmac.yaml": """
                class: calxeda-xgmac
                compatible: ["calxeda,hb-xgmac", "vendor,extra"]
                description: board override
                source: [board documentation]
                dma: none
                reset: firmware

                """,
            "mine/uart.yaml": """
                class: board-uart
                compatible: ["arm,pl011"]
                description: board UART
                source: board
                dma: none
                reset: none-needed
                dependencies:
                  pinctrl: drop
                  clocks: firmware

                """,
        ], under: folder)
        let (catalog, diagnostics) = SchemaLoader.load(schemaRoot: SchemaFixtures.shippedSchemas, extraDeviceDirectories: [folder + "/mine"])
        #expect(diagnostics.isEmpty)
        let devices = try #require(catalog).devices
        let xgmac = devices.match(compatibles: ["calxeda,hb-xgmac"])
        #expect(xgmac.name == "calxeda-xgmac")
        #expect(xgmac.dma == .none)
        #expect(xgmac.reset == .firmware)
        #expect(xgmac.origin == folder + "/mine/xgmac.yaml")
        #expect(devices.match(compatibles: ["vendor,extra"]).name == "calxeda-xgmac")
        #expect(devices.classes.filter { $0.name == "calxeda-xgmac" }.count == 1)
        let uart = devices.match(compatibles: ["arm,pl011", "arm,primecell"])
        #expect(uart.name == "board-uart")
        #expect(uart.policy(for: .clocks) == .firmware)
        #expect(uart.policy(for: .resets) == .drop)
        // The shipped class keeps the compatibles nobody took over.
        #expect(devices.match(compatibles: ["arm,sbsa-uart"]).name == "arm-pl011")
    }

    @Test("a catalog built by hand matches by node order, last class wins a shared compatible")
    func handBuilt() {
        func make(_ name: String, _ compatibles: [String]) -> DeviceClass {
            DeviceClass(name: name, compatibles: compatibles, description: "", references: [], dma: .unknown, reset: .unknown,
                        policies: [:], dropProperties: ["pinctrl-*"], rewriteProperties: [], origin: "", source: nil)
        }
        let catalog = DeviceClassCatalog(classes: [make("a", ["x,one", "x,two"]), make("b", ["x,two", "x,three"])], generic: make("generic", []))
        #expect(catalog.match(compatibles: ["x,three", "x,one"]).name == "b")
        #expect(catalog.match(compatibles: ["x,one", "x,three"]).name == "a")
        #expect(catalog.match(compatibles: ["x,two"]).name == "b")
        #expect(catalog.match(compatibles: ["y"]).name == "generic")
        #expect(catalog.generic.drops(property: "pinctrl-0"))
        #expect(!catalog.generic.drops(property: "pinctrl"))
        #expect(catalog.generic.policy(for: .clocks) == .drop)
    }
}
