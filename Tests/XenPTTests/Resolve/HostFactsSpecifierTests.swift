import DeviceTree
import Testing
import XenPTTestSupport
@testable import XenPT

/// Who else uses one exact `clocks` or `iommus` specifier is read from an index built with the
/// facts, and it is what a scan of every use of the provider gives, in tree order.
@Suite struct HostFactsSpecifierTests {
    @Test func usersOfASpecifierAreWhatAScanOfTheProvidersUsesGives() throws {
        var devices = """
                    clkc: clock-controller@ff5e0000 {
                        compatible = "vendor,clkc";
                        reg = <0xff5e0000 0x1000>;
                        #clock-cells = <1>;
                    };
                    smmu: iommu@fd800000 {
                        compatible = "arm,mmu-500";
                        reg = <0xfd800000 0x20000>;
                        #iommu-cells = <1>;
                    };

            """
        for device in 0..<40 {
            // Clocks 0..4 and streams 0x10..0x12 are each shared by several devices; device 7
            // names clock 2 twice.
            let clocks = device == 7 ? "<&clkc 2>, <&clkc 2>" : "<&clkc \(device % 5)>"
            devices += """
                        serial@ff\(String(0x10 + device, radix: 16))0000 {
                            compatible = "arm,pl011";
                            reg = <0xff\(String(0x10 + device, radix: 16))0000 0x1000>;
                            clocks = \(clocks);
                            iommus = <&smmu \(0x10 + device % 3)>;
                        };

                """
        }
        let tree = try DTSCompiler.compile(source: soc(devices), fileName: "host.dts", options: DTSCompileOptions()).get()
        let index = DeviceTreeIndex(tree)
        let facts = HostFacts(index: index, gicCompatibles: ["arm,gic-400"])
        let clkc = try #require(index.node(label: "clkc"))
        let smmu = try #require(index.node(label: "smmu"))
        func scan(_ provider: NodeID, _ property: String, _ arguments: [UInt32]) -> [NodeID] {
            (facts.providerUses[provider] ?? []).filter { $0.property == property && $0.arguments == arguments }.map(\.user)
        }
        for clock in 0..<6 as Range<UInt32> {
            #expect(facts.users(of: clkc, property: "clocks", arguments: [clock]) == scan(clkc, "clocks", [clock]))
        }
        for stream in 0x0f..<0x14 as Range<UInt32> {
            #expect(facts.users(of: smmu, property: "iommus", arguments: [stream]) == scan(smmu, "iommus", [stream]))
        }
        // Clock 2: devices 2, 7 (twice), 12, 17, ...; clock 5 and stream 0x13 have no user.
        let clock2 = facts.users(of: clkc, property: "clocks", arguments: [2]).map(index.path)
        #expect(clock2.prefix(4) == ["/soc/serial@ff120000", "/soc/serial@ff170000", "/soc/serial@ff170000", "/soc/serial@ff1c0000"])
        #expect(clock2.count == 9)
        #expect(facts.users(of: clkc, property: "clocks", arguments: [5]).isEmpty)
        #expect(facts.users(of: smmu, property: "iommus", arguments: [0x13]).isEmpty)
        #expect(facts.users(of: smmu, property: "iommus", arguments: [0x10]).count == 14)
    }
}
