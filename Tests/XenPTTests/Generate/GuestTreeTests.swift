import Foundation
import DeviceTree
import Testing
import XenPTTestSupport
@testable import XenPT

@Suite struct GuestTreeTests {
    /// A MAC with an MDIO bus and PHY inside it, a shared clock controller, pin control and a
    /// GPIO-routed PHY interrupt: what the guest copy keeps, rewrites and drops.
    static let dts = soc("""
                clkc: clock-controller@ff5e0000 {
                    compatible = "vendor,clkc";
                    reg = <0xff5e0000 0x1000>;
                    #clock-cells = <1>;
                };
                osc: oscillator {
                    compatible = "fixed-clock";
                    #clock-cells = <0>;
                    clock-frequency = <25000000>;
                };
                pinctrl: pinctrl@ff180000 {
                    compatible = "vendor,pinctrl";
                    reg = <0xff180000 0x1000>;
                    eth_pins: eth-pins { function = "eth"; };
                };
                gpio: gpio@ff0a0000 {
                    compatible = "vendor,gpio";
                    reg = <0xff0a0000 0x1000>;
                    interrupts = <0 16 4>;
                    gpio-controller;
                    #gpio-cells = <2>;
                    interrupt-controller;
                    #interrupt-cells = <2>;
                };
                ethernet@ff0b0000 {
                    compatible = "cdns,gem";
                    reg = <0xff0b0000 0x1000>;
                    interrupts = <0 57 4>, <0 58 4>;
                    interrupt-names = "queue0", "queue1";
                    clocks = <&clkc 45>, <&osc>, <&clkc 45>;
                    clock-names = "pclk", "tx_clk", "hclk";
                    pinctrl-names = "default";
                    pinctrl-0 = <&eth_pins>;
                    phy-mode = "rgmii-id";
                    phy-handle = <&phy0>;
                    status = "disabled";

                    mdio {
                        #address-cells = <1>;
                        #size-cells = <0>;

                        phy0: ethernet-phy@3 {
                            reg = <3>;
                            interrupts-extended = <&gpio 9 8>;
                            reset-gpios = <&gpio 10 1>;
                        };
                    };
                };
                serial@ff010000 {
                    compatible = "arm,pl011";
                    reg = <0xff010000 0x1000>;
                    interrupts = <0 22 4>;
                    clocks = <&clkc 45>;
                };
        """)

    @Test func guestCopyKeepsRewritesAndDropsAsPlanned() throws {
        let fixture = try Fixture.plan(dts: Self.dts, guest: "passthrough:\n  - /soc/ethernet@ff0b0000\n",
                                       boardExtra: "devices:\n  /soc/ethernet@ff0b0000:\n    clock-rates: { pclk: 100000000 }\n")
        let planned = try #require(fixture.planned)
        let artifacts = try ArtifactBuilder.guestArtifacts(planned).get()
        let dts = try #require(artifacts.first { $0.path.hasSuffix("guest.dts") })
        let text = String(decoding: dts.bytes, as: UTF8.self)
        let start = try #require(text.range(of: "/dts-v1/;")).lowerBound
        let body = String(text[start...])
        #expect(body == """
            /dts-v1/;

            / {
            \t#address-cells = <2>;
            \t#size-cells = <2>;

            \tgic: gic {
            \t\tinterrupt-controller;
            \t\t#interrupt-cells = <3>;
            \t\t#address-cells = <0>;
            \t\tphandle = <0xfde8>;
            \t};

            \tpassthrough {
            \t\tcompatible = "simple-bus";
            \t\tranges;
            \t\t#address-cells = <2>;
            \t\t#size-cells = <2>;

            \t\tclk_pclk: clk-pclk {
            \t\t\tcompatible = "fixed-clock";
            \t\t\t#clock-cells = <0>;
            \t\t\tclock-frequency = <100000000>;
            \t\t};

            \t\tclk_oscillator: clk-oscillator {
            \t\t\tcompatible = "fixed-clock";
            \t\t\t#clock-cells = <0>;
            \t\t\tclock-frequency = <25000000>;
            \t\t};

            \t\tethernet@4020000 {
            \t\t\tcompatible = "cdns,gem";
            \t\t\treg = <0 0x4020000 0 0x1000>;
            \t\t\tinterrupt-parent = <&gic>;
            \t\t\tinterrupts = <0 57 4 0 58 4>;
            \t\t\tinterrupt-names = "queue0", "queue1";
            \t\t\tclocks = <&clk_pclk &clk_oscillator &clk_pclk>;
            \t\t\tclock-names = "pclk", "tx_clk", "hclk";
            \t\t\tphy-mode = "rgmii-id";
            \t\t\tphy-handle = <&phy0>;

            \t\t\tmdio {
            \t\t\t\t#address-cells = <1>;
            \t\t\t\t#size-cells = <0>;

            \t\t\t\tphy0: ethernet-phy@3 {
            \t\t\t\t\treg = <3>;
            \t\t\t\t};
            \t\t\t};
            \t\t};
            \t};
            };

            """)
        #expect(fixture.findings.filter { !$0.hasPrefix("XPT-IOMMU-001") } == [
            "XPT-CLK-001 warning: clock `pclk` of /soc/ethernet@ff0b0000 is also used by /soc/serial@ff010000",
            "XPT-DEP-001 info: `pinctrl-0` of /soc/ethernet@ff0b0000 is dropped: pin control is set up by the host",
            "XPT-DEP-001 info: `pinctrl-names` of /soc/ethernet@ff0b0000 is dropped: pin control is set up by the host",
            "XPT-DEP-002 warning: `reset-gpios` of /soc/ethernet@ff0b0000/mdio/ethernet-phy@3 links to /soc/gpio@ff0a0000, which stays with the host",
            "XPT-DEV-002 info: /soc/ethernet@ff0b0000 is disabled on the host",
            "XPT-IRQ-005 warning: interrupt 0 of /soc/ethernet@ff0b0000/mdio/ethernet-phy@3 goes to /soc/gpio@ff0a0000, not the GIC",
        ])
        // dtc reads our text to exactly our bytes.
        guard let dtc = Oracle.require(tool: "dtc") else { return }
        let dtb = try #require(artifacts.first { $0.path.hasSuffix("guest.dtb") })
        let compiled = try Subprocess.run(dtc, args: ["-I", "dts", "-O", "dtb", "-"], stdin: dts.bytes)
        #expect(compiled.status == 0)
        // Xen's own guide puts fixed-clock stand-ins under the `simple-bus` too; dtc notes they have no `reg`.
        #expect(compiled.stderrText.split(separator: "\n").map { $0.split(separator: ": ").dropFirst().joined(separator: ": ") } == [
            "Warning (simple_bus_reg): /passthrough/clk-pclk: missing or empty reg/ranges property",
            "Warning (simple_bus_reg): /passthrough/clk-oscillator: missing or empty reg/ranges property",
        ])
        #expect(compiled.stdout == dtb.bytes)
    }
}

@Suite struct DependencyPolicyTests {
    static let dts = soc("""
                vdd: regulator-vdd-1v8 {
                    compatible = "regulator-fixed";
                    regulator-name = "vdd_1v8";
                    regulator-min-microvolt = <1800000>;
                    regulator-max-microvolt = <1800000>;
                };
                vcc: regulator-vcc {
                    compatible = "regulator-gpio";
                    regulator-min-microvolt = <1800000>;
                    regulator-max-microvolt = <3300000>;
                };
                lane: phy@fd400000 {
                    compatible = "vendor,serdes";
                    reg = <0xfd400000 0x1000>;
                    #phy-cells = <1>;
                };
                rst: reset-controller {
                    compatible = "vendor,reset";
                    #reset-cells = <1>;
                };
                mmc@ff160000 {
                    compatible = "arasan,sdhci-8.9a";
                    reg = <0xff160000 0x1000>;
                    interrupts = <0 48 4>;
                    vqmmc-supply = <&vdd>;
                    vmmc-supply = <&vcc>;
                    phys = <&lane 0>;
                    iommus = <&smmu 0x870>;
                };
                ethernet@e6800000 {
                    compatible = "renesas,etheravb-rcar-gen3";
                    reg = <0xe6800000 0x800>;
                    interrupts = <0 39 4>;
                    resets = <&rst 812>;
                    iommus = <&smmu 0x871>;
                };
                smmu: iommu@fd800000 {
                    compatible = "arm,mmu-500";
                    reg = <0xfd800000 0x20000>;
                    #iommu-cells = <1>;
                };
        """)

    @Test func classPoliciesDecideWhatTheGuestKeeps() throws {
        let fixture = try Fixture.plan(dts: Self.dts, guest: "passthrough:\n  - /soc/mmc@ff160000\n  - /soc/ethernet@e6800000\n")
        let plan = try fixture.plan()
        #expect(plan.devices.map(\.className) == ["arasan-sdhci", "renesas-ravb"])
        #expect(plan.devices[0].regulators == [
            RegulatorStub(name: "regulator-vdd-1v8", providerPath: "/soc/regulator-vdd-1v8", regulatorName: "vdd_1v8", microvolts: 1_800_000),
        ])
        #expect(fixture.findings.filter { $0.hasPrefix("XPT-DEP") } == [
            "XPT-DEP-001 info: `iommus` of /soc/ethernet@e6800000 is dropped: links to host-only IOMMU",
            "XPT-DEP-001 info: `iommus` of /soc/mmc@ff160000 is dropped: links to host-only IOMMU",
            "XPT-DEP-001 info: `resets` of /soc/ethernet@e6800000 is dropped: class `renesas-ravb` has firmware (SCMI/EEMI) handle resets",
            "XPT-DEP-001 info: `vmmc-supply` of /soc/mmc@ff160000 is dropped: regulators stay with the host",
            "XPT-DEP-002 warning: `phys` of /soc/mmc@ff160000 links to /soc/phy@fd400000, which stays with the host",
        ])
        let phyHelp = plan.diagnostics.first { $0.code == "XPT-DEP-002" }?.help
        #expect(phyHelp == ["only this device uses /soc/phy@fd400000: pass it to this guest too"])
        let planned = try #require(fixture.planned)
        let dts = try ArtifactBuilder.guestArtifacts(planned).get().first { $0.path.hasSuffix("guest.dts") }
        let text = String(decoding: try #require(dts).bytes, as: UTF8.self)
        #expect(text.contains("""
            \t\tregulator_vdd_1v8: regulator-vdd-1v8 {
            \t\t\tcompatible = "regulator-fixed";
            \t\t\tregulator-name = "vdd_1v8";
            \t\t\tregulator-min-microvolt = <1800000>;
            \t\t\tregulator-max-microvolt = <1800000>;
            \t\t};
            """))
        #expect(text.contains("\t\t\tvqmmc-supply = <&regulator_vdd_1v8>;\n"))
        #expect(!text.contains("vmmc-supply") && !text.contains("resets") && !text.contains("phys"))
    }
}

@Suite struct NestedRegistersTests {
    /// A wrapper with an identity `ranges` and a memory-mapped child (the ZynqMP USB shape):
    /// the child keeps its `reg`, the wrapper's `ranges` carries it to its guest address.
    @Test func childrenReachTheirGuestAddressesThroughRanges() throws {
        let dts = soc("""
            usb@ff9d0000 {
                compatible = "xlnx,zynqmp-dwc3";
                reg = <0xff9d0000 0x100>;
                #address-cells = <1>;
                #size-cells = <1>;
                ranges;

                usb@fe200000 {
                    compatible = "snps,dwc3";
                    reg = <0xfe200000 0x40000>;
                    interrupts = <0 65 4>;
                };
            };
            bus@80000000 {
                compatible = "vendor,wrapper";
                reg = <0x80000000 0x1000>;
                #address-cells = <1>;
                #size-cells = <1>;
                ranges = <0x0 0x80010000 0x2000>;

                block@1000 {
                    compatible = "vendor,block";
                    reg = <0x1000 0x1000>;
                };
            };
            """)
        let fixture = try Fixture.plan(dts: dts, guest: "passthrough:\n  - /soc/usb@ff9d0000\n  - /soc/bus@80000000\n")
        let planned = try #require(fixture.planned)
        let dts2 = try ArtifactBuilder.guestArtifacts(planned).get().first { $0.path.hasSuffix("guest.dts") }
        let text = String(decoding: try #require(dts2).bytes, as: UTF8.self)
        let guest = try #require(try? DTSCompiler.compile(source: text, fileName: "guest.dts", options: DTSCompileOptions()).get())
        let index = DeviceTreeIndex(guest)
        // Every planned region is where the guest tree itself says the node is.
        for device in planned.plan.devices {
            for region in device.regions {
                let guestPath = "/passthrough/" + device.guestName + String(region.nodePath.dropFirst(device.hostPath.count))
                let node = try #require(index.node(atPath: guestPath), "\(guestPath) missing")
                let regions = try index.registerRegions(of: node)
                #expect(regions[region.regIndex].cpuAddress == region.guestAddress, "\(guestPath)")
                #expect(regions[region.regIndex].size == region.size)
            }
        }
        #expect(text.contains("\t\t\tranges = <0xfe200000 0 0x4200000 0x17d1000>;\n"))
        #expect(text.contains("\t\t\t\treg = <0xfe200000 0x40000>;\n"))
        #expect(text.contains("\t\t\tranges = <0 0 0x4030000 0x2000>;\n"))
    }
}
