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
        #expect(devices.match(compatibles: ["arm,pl022", "arm,primecell"]).name == "arm-pl022")
        #expect(devices.match(compatibles: ["renesas,hscif-r8a7795", "renesas,rcar-gen3-hscif", "renesas,hscif"]).name == "renesas-hscif")
        #expect(devices.match(compatibles: ["renesas,sdhi-r8a7795", "renesas,rcar-gen3-sdhi"]).name == "renesas-sdhi")
        #expect(devices.match(compatibles: ["fsl,imx8mm-usdhc", "fsl,imx7d-usdhc"]).name == "imx-usdhc")
        #expect(devices.match(compatibles: ["rockchip,rk3399-dw-mshc", "rockchip,rk3288-dw-mshc"]).name == "dw-mmc")
        #expect(devices.match(compatibles: ["snps,dwc3"]).name == "snps-dwc3")
        #expect(devices.match(compatibles: ["renesas,rcar-gen3-canfd"]).name == "renesas-canfd")
        #expect(devices.match(compatibles: ["xlnx,zynqmp-dma-1.0"]).name == "zynqmp-dma")
        #expect(devices.match(compatibles: ["arm,mali-t860", "arm,mali-midgard"]).name == "arm-mali-gpu")
        #expect(devices.match(compatibles: ["cdns,i2c-r1p14"]).name == "cadence-i2c")
        #expect(devices.match(compatibles: ["virtio,mmio"]).name == "virtio-mmio")
        #expect(devices.match(compatibles: ["brcm,bcm2711-i2c", "brcm,bcm2835-i2c"]).name == "brcm-bcm2835-i2c")
        #expect(devices.match(compatibles: ["brcm,bcm2711-avs-monitor", "syscon", "simple-mfd"]).name == "syscon")
        #expect(devices.match(compatibles: ["arm,coresight-tmc", "arm,primecell"]).name == "arm-coresight-tmc")
        #expect(devices.match(compatibles: ["arm,juno-r1-pcie", "plda,xpressrich3-axi", "pci-host-ecam-generic"]).name == "pci-host-ecam")
        #expect(devices.match(compatibles: ["vendor,unknown-thing"]).name == "generic")
        #expect(devices.match(compatibles: []).name == "generic")
    }

    @Test("DMA and reset facts of the shipped classes")
    func shippedFacts() throws {
        let devices = try #require(SchemaFixtures.shipped.0).devices
        let facts = devices.classes.map { "\($0.name) \($0.dma.rawValue) \($0.reset.rawValue)" }
        #expect(facts == [
            "ahci-sata master device-specific",
            "arasan-sdhci master device-specific",
            "arm-coresight none none-needed",
            "arm-coresight-tmc master device-specific",
            "arm-cryptocell master unknown",
            "arm-hdlcd master device-specific",
            "arm-mali-gpu master device-specific",
            "arm-malidp master device-specific",
            "arm-mhu none none-needed",
            "arm-pl011 none none-needed",
            "arm-pl022 none none-needed",
            "arm-pl031 none none-needed",
            "arm-pl050 none none-needed",
            "arm-pl061 none none-needed",
            "arm-pl180 none none-needed",
            "arm-pl330 master reset-controller",
            "arm-pl354 none none-needed",
            "arm-sp804 none none-needed",
            "arm-sp805 none none-needed",
            "arm-sp810 none none-needed",
            "arm-timer-mem none none-needed",
            "bosch-m-can none none-needed",
            "brcm-bcm2711-dvp none none-needed",
            "brcm-bcm2835-aux none none-needed",
            "brcm-bcm2835-aux-spi none none-needed",
            "brcm-bcm2835-aux-uart none none-needed",
            "brcm-bcm2835-cprman none none-needed",
            "brcm-bcm2835-dma master device-specific",
            "brcm-bcm2835-gpio none none-needed",
            "brcm-bcm2835-i2c none none-needed",
            "brcm-bcm2835-i2s none none-needed",
            "brcm-bcm2835-mbox none none-needed",
            "brcm-bcm2835-pm none none-needed",
            "brcm-bcm2835-pwm none none-needed",
            "brcm-bcm2835-sdhost none device-specific",
            "brcm-bcm2835-spi none none-needed",
            "brcm-bcm2835-system-timer none none-needed",
            "brcm-bcm2835-vchiq master unknown",
            "brcm-bcm2836-l1-intc none none-needed",
            "brcm-genet master device-specific",
            "brcm-hdmi-i2c none none-needed",
            "brcm-iproc-rng200 none device-specific",
            "brcm-l2-intc none none-needed",
            "brcm-pcie master device-specific",
            "brcm-sdhci-iproc master device-specific",
            "brcm-v3d master reset-controller",
            "brcm-vc4-encoder none none-needed",
            "brcm-vc4-hdmi none reset-controller",
            "brcm-vc4-hvs master unknown",
            "brcm-vc4-txp master device-specific",
            "brcm-xhci master device-specific",
            "cadence-gem master device-specific",
            "cadence-i2c none none-needed",
            "cadence-spi none none-needed",
            "cadence-uart none none-needed",
            "cadence-wdt none none-needed",
            "calxeda-xgmac master device-specific",
            "cfi-flash none none-needed",
            "dw-mmc master device-specific",
            "dwcmshc-sdhci master device-specific",
            "generic-ehci master device-specific",
            "generic-ohci master device-specific",
            "generic-xhci master device-specific",
            "imx-ecspi none none-needed",
            "imx-gpio none none-needed",
            "imx-i2c none none-needed",
            "imx-lpi2c none none-needed",
            "imx-uart none none-needed",
            "imx-usdhc master device-specific",
            "imx-wdt none none-needed",
            "inside-secure-safexcel master unknown",
            "meson-uart none none-needed",
            "mmio-sram none none-needed",
            "ns16550 none none-needed",
            "nxp-edma master unknown",
            "nxp-fec master device-specific",
            "nxp-flexcan none device-specific",
            "nxp-imx-mu none none-needed",
            "nxp-imx8-lpcg none none-needed",
            "nxp-imx8qxp-adc none device-specific",
            "nxp-lpspi none device-specific",
            "nxp-lpuart none none-needed",
            "nxp-sdma master device-specific",
            "pci-host-ecam master device-specific",
            "qemu-fw-cfg master none-needed",
            "renesas-canfd none reset-controller",
            "renesas-cmt none reset-controller",
            "renesas-cpg-mssr none none-needed",
            "renesas-gpio none none-needed",
            "renesas-hscif none reset-controller",
            "renesas-iic none reset-controller",
            "renesas-irqc none reset-controller",
            "renesas-msiof none none-needed",
            "renesas-pcie master reset-controller",
            "renesas-pfc none none-needed",
            "renesas-prr none none-needed",
            "renesas-pwm none none-needed",
            "renesas-ravb master reset-controller",
            "renesas-rcar-can none device-specific",
            "renesas-rcar-dmac master device-specific",
            "renesas-rcar-i2c none none-needed",
            "renesas-rcar-thermal none reset-controller",
            "renesas-rcar-usb2-phy none reset-controller",
            "renesas-rcar-usb3-phy none reset-controller",
            "renesas-rst none none-needed",
            "renesas-sata master reset-controller",
            "renesas-scif none reset-controller",
            "renesas-sdhi master device-specific",
            "renesas-sysc none none-needed",
            "renesas-tpu none none-needed",
            "renesas-usb-dmac master reset-controller",
            "renesas-usb3-peri master reset-controller",
            "renesas-usbhs none reset-controller",
            "renesas-wdt none none-needed",
            "renesas-xhci master device-specific",
            "samsung-uart none none-needed",
            "smsc-lan9118 none device-specific",
            "snps-designware-i2c none none-needed",
            "snps-dw-gpio none none-needed",
            "snps-dw-spi none none-needed",
            "snps-dw-wdt none none-needed",
            "snps-dwc2 master device-specific",
            "snps-dwc3 master device-specific",
            "snps-dwmac master device-specific",
            "sun8i-emac master device-specific",
            "syscon none none-needed",
            "virtio-mmio master device-specific",
            "xilinx-can none device-specific",
            "xilinx-gem master reset-controller",
            "xilinx-zynq-gpio none none-needed",
            "zynqmp-dma master device-specific",
            "zynqmp-rtc none none-needed",
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
