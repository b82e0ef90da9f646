import Foundation
import DeviceTree
import Testing

/// Compiles DTS text into an index, failing the test on a compile error.
func indexed(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> DeviceTreeIndex {
    switch DTSCompiler.compile(source: source, fileName: "t.dts", options: DTSCompileOptions()) {
    case .success(let tree): return DeviceTreeIndex(tree)
    case .failure(let list):
        Issue.record("does not compile: \(list.diagnostics.map(\.message))", sourceLocation: sourceLocation)
        throw list
    }
}

/// A PCIe host bridge and an Arm SoC bus, shaped like real board files (Linux
/// `arch/arm64/boot/dts`): nested `ranges`, an `interrupt-map` nexus with a mask, a GPIO
/// interrupt controller, clocks, resets, pinctrl, supplies and a legacy SMMU.
let realShaped = """
/dts-v1/;

/ {
    #address-cells = <2>;
    #size-cells = <2>;
    interrupt-parent = <&gic>;

    aliases {
        serial0 = &uart0;
        mmc1 = "/soc/bus@fe000000/mmc@340000";
    };

    chosen { stdout-path = "serial0:115200n8"; };

    gic: interrupt-controller@ff841000 {
        compatible = "arm,gic-400";
        interrupt-controller;
        #interrupt-cells = <3>;
        reg = <0x0 0xff841000 0x0 0x1000>;
    };

    osc: oscillator {
        compatible = "fixed-clock";
        #clock-cells = <0>;
        clock-frequency = <54000000>;
    };

    soc {
        compatible = "simple-bus";
        #address-cells = <1>;
        #size-cells = <1>;
        ranges = <0x7e000000 0x0 0xfe000000 0x1800000>;

        bus@fe000000 {
            compatible = "simple-bus";
            #address-cells = <1>;
            #size-cells = <1>;
            ranges = <0x0 0x7e000000 0x800000>;

            mmc@340000 {
                compatible = "brcm,bcm2711-emmc2";
                reg = <0x340000 0x100>, <0x300000 0x10>;
                interrupts = <0 126 4>;
                clocks = <&osc>;
                vqmmc-supply = <&sd_io>;
                pinctrl-names = "default";
                pinctrl-0 = <&emmc_pins &emmc_clk>;
                resets = <&rst 3>;
            };
        };

        uart0: serial@7e201000 {
            compatible = "arm,pl011";
            reg = <0x7e201000 0x200>;
            interrupts = <0 121 4>;
            clocks = <&osc>, <&osc>;
            #stream-id-cells = <2>;
        };

        gpio: gpio@7e200000 {
            compatible = "brcm,bcm2711-gpio";
            reg = <0x7e200000 0xb4>;
            gpio-controller;
            #gpio-cells = <2>;
            interrupt-controller;
            #interrupt-cells = <2>;
            interrupts = <0 113 4>;
            emmc_pins: emmc-pins { pins = "gpio34"; };
            emmc_clk: emmc-clk { pins = "gpio35"; };
        };

        rst: reset@7e101000 {
            compatible = "vendor,reset";
            reg = <0x7e101000 0x100>;
            #reset-cells = <1>;
        };

        button {
            compatible = "gpio-keys";
            interrupt-parent = <&gpio>;
            interrupts = <27 2>;
        };

        smmu: iommu@7e100000 {
            compatible = "arm,mmu-400";
            reg = <0x7e100000 0x1000>;
            #global-interrupts = <1>;
            interrupts = <0 50 4>;
            mmu-masters = <&uart0 0x10 0x11>, <&eth 0x20>;
        };

        eth: ethernet@7e580000 {
            compatible = "brcm,genet-v5";
            reg = <0x7e580000 0x10000>;
            #address-cells = <1>;
            #size-cells = <1>;
            #stream-id-cells = <1>;
            interrupts-extended = <&gic 0 157 4>, <&gpio 12 8>;

            mdio@e14 {
                compatible = "brcm,genet-mdio-v5";
                reg = <0xe14 0x8>;
                #address-cells = <1>;
                #size-cells = <0>;
                phy@1 { reg = <1>; };
            };
        };
    };

    sd_io: regulator-sd-io {
        compatible = "regulator-gpio";
        gpios = <&gpio 6 0>;
    };

    pcie@7d500000 {
        compatible = "brcm,bcm2711-pcie";
        reg = <0x0 0x7d500000 0x0 0x9310>;
        device_type = "pci";
        #address-cells = <3>;
        #size-cells = <2>;
        #interrupt-cells = <1>;
        interrupt-map-mask = <0x0 0x0 0x0 0x7>;
        interrupt-map = <0 0 0 1 &gic 0 143 4>,
                        <0 0 0 2 &gic 0 144 4>,
                        <0 0 0 3 &gic 0 145 4>,
                        <0 0 0 4 &gic 0 146 4>;
        ranges = <0x02000000 0x0 0xc0000000 0x6 0x00000000 0x0 0x40000000>;

        pci@0,0 {
            device_type = "pci";
            reg = <0x0 0x0 0x0 0x0 0x0>;
            #address-cells = <3>;
            #size-cells = <2>;
            #interrupt-cells = <1>;
            interrupts = <2>;
        };
    };
};
"""

@Suite struct SemanticsTests {
    @Test func pathsLabelsAliasesAndPhandles() throws {
        let index = try indexed(realShaped)
        let uart = try #require(index.node(atPath: "/soc/serial@7e201000"))
        #expect(index.lookup("&uart0") == uart)
        #expect(index.lookup("serial0") == uart)
        #expect(index.lookup("mmc1") == index.node(atPath: "/soc/bus@fe000000/mmc@340000"))
        #expect(index.lookup("/soc/serial@7e201000/") == uart)
        #expect(index.lookup("&nothing") == nil)
        #expect(index.aliases(of: uart) == ["serial0"])
        let osc = try #require(index.node(atPath: "/oscillator"))
        let phandle = try #require(index.phandle(of: osc))
        #expect(index.node(phandle: phandle) == osc)
        #expect(index.parent(uart) == index.node(atPath: "/soc"))
        #expect(index.path(index.root) == "/")
        #expect(index.isInside(try #require(index.node(atPath: "/soc/ethernet@7e580000/mdio@e14/phy@1")), try #require(index.node(atPath: "/soc"))))
    }

    @Test func regTranslatesThroughNestedRanges() throws {
        let index = try indexed(realShaped)
        let mmc = try #require(index.node(atPath: "/soc/bus@fe000000/mmc@340000"))
        let regions = try index.registerRegions(of: mmc)
        #expect(regions.map(\.busAddress) == [0x340000, 0x300000])
        #expect(regions.map(\.size) == [0x100, 0x10])
        #expect(regions.map(\.cpuAddress) == [0xfe34_0000, 0xfe30_0000])
        // The MDIO bus of the MAC has no `ranges`: its PHY is not memory-mapped.
        let mdio = try #require(index.node(atPath: "/soc/ethernet@7e580000/mdio@e14"))
        #expect(try index.registerRegions(of: mdio).map(\.cpuAddress) == [nil])
        let phy = try #require(index.node(atPath: "/soc/ethernet@7e580000/mdio@e14/phy@1"))
        #expect(try index.registerRegions(of: phy).map(\.size) == [0])
    }

    @Test func interruptsResolveToTheirController() throws {
        let index = try indexed(realShaped)
        let gic = try #require(index.node(atPath: "/interrupt-controller@ff841000"))
        let gpio = try #require(index.node(atPath: "/soc/gpio@7e200000"))
        let uart = try #require(index.node(atPath: "/soc/serial@7e201000"))
        #expect(try index.interrupts(of: uart).map(\.specifier) == [[0, 121, 4]])
        #expect(try index.interrupts(of: uart).map(\.controller) == [gic])
        let button = try #require(index.node(atPath: "/soc/button"))
        #expect(try index.interrupts(of: button).map(\.controller) == [gpio])
        let eth = try #require(index.node(atPath: "/soc/ethernet@7e580000"))
        let extended = try index.interrupts(of: eth)
        #expect(extended.map(\.controller) == [gic, gpio])
        #expect(extended.map(\.specifier) == [[0, 157, 4], [12, 8]])
        #expect(extended.map(\.property) == ["interrupts-extended", "interrupts-extended"])
        // INTB of the PCI bridge goes through the host bridge's masked interrupt-map.
        let bridge = try #require(index.node(atPath: "/pcie@7d500000/pci@0,0"))
        let mapped = try index.interrupts(of: bridge)
        #expect(mapped.map(\.controller) == [gic])
        #expect(mapped.map(\.specifier) == [[0, 144, 4]])
        #expect(mapped.map(\.declaredParent) == [index.node(atPath: "/pcie@7d500000")])
    }

    @Test func phandleArgumentsFollowTheProvidersCells() throws {
        let index = try indexed(realShaped)
        let mmc = try #require(index.node(atPath: "/soc/bus@fe000000/mmc@340000"))
        let links = try index.allLinks(of: mmc)
        #expect(links.map(\.property) == ["clocks", "vqmmc-supply", "pinctrl-0", "resets"])
        #expect(links.map { $0.links.map { index.path($0.provider) } } == [
            ["/oscillator"], ["/regulator-sd-io"],
            ["/soc/gpio@7e200000/emmc-pins", "/soc/gpio@7e200000/emmc-clk"], ["/soc/reset@7e101000"],
        ])
        #expect(links.map { $0.links.map(\.arguments) } == [[[]], [[]], [[], []], [[3]]])
        let regulator = try #require(index.node(atPath: "/regulator-sd-io"))
        #expect(try index.links("gpios", of: regulator, shape: PhandleLinkKind.kind(for: "gpios")!.shape).map(\.arguments) == [[6, 0]])
        #expect(PhandleLinkKind.kind(for: "reset-gpios")?.name == "-gpios")
        #expect(PhandleLinkKind.kind(for: "pinctrl-12")?.shape == .phandles)
        #expect(PhandleLinkKind.kind(for: "pinctrl-names") == nil)
    }

    @Test func legacySMMUMastersCarryStreamIDs() throws {
        let index = try indexed(realShaped)
        let smmu = try #require(index.node(atPath: "/soc/iommu@7e100000"))
        let masters = try index.legacyMMUMasters(of: smmu)
        #expect(masters.map { index.path($0.master) } == ["/soc/serial@7e201000", "/soc/ethernet@7e580000"])
        // Each master says how many stream IDs follow its phandle (`#stream-id-cells`).
        #expect(masters.map(\.streamIDs) == [[0x10, 0x11], [0x20]])
    }

    @Test func brokenPropertiesAreErrorsNotCrashes() throws {
        let index = try indexed("""
            /dts-v1/;
            / {
                #address-cells = <2>;
                #size-cells = <2>;
                a { reg = <1 2 3>; };
                b { clocks = <0x99>; };
                c { interrupts = <1>; };
                d { #address-cells = <9>; e { reg = <1>; }; };
            };
            """)
        func error(_ path: String, _ body: (NodeID) throws -> Void) throws -> String? {
            let node = try #require(index.node(atPath: path))
            do { try body(node) } catch let failure as DeviceTreeSemanticError { return failure.description }
            return nil
        }
        #expect(try error("/a") { _ = try index.registerRegions(of: $0) } == "/a: reg: 3 cells is not a multiple of #address-cells + #size-cells (2 + 2)")
        #expect(try error("/b") { _ = try index.links("clocks", of: $0, shape: .withArguments(cellsProperty: "#clock-cells", defaultCells: nil)) } == "/b: clocks: phandle 0x99 names no node")
        #expect(try error("/c") { _ = try index.interrupts(of: $0) } == "/c: interrupts: no interrupt parent")
        #expect(try error("/d/e") { _ = try index.registerRegions(of: $0) } == "/d: #address-cells: `#address-cells` must be one cell of at most 8")
    }
}

@Suite struct ErrorCatalogTests {
    /// Every device-tree code the sources use is documented, and nothing documented is unused.
    @Test func catalogListsExactlyTheCodesInUse() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")
        var used: Set<String> = []
        let files = FileManager.default.enumerator(atPath: sources.path)?.allObjects as? [String] ?? []
        for file in files where file.hasSuffix(".swift") && !file.hasSuffix("ErrorCatalog.swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: /"(XPT-DT[SB]-[A-Z0-9-]+)"/) { used.insert(String(match.1)) }
        }
        #expect(!used.isEmpty)
        #expect(Set(DeviceTreeErrorCatalog.entries.map(\.code)) == used)
    }
}
