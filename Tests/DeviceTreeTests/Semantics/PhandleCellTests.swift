import DeviceTree
import Testing

/// Where a property's phandles are: from the compiler's reference marks, the overlay fixups of a
/// DTB, or the table of link properties, most precise first.
@Suite struct PhandleCellTests {
    static let source = """
        /dts-v1/;
        / {
            cpus {
                #address-cells = <1>;
                #size-cells = <0>;
                cpu0: cpu@0 { device_type = "cpu"; reg = <0>; };
            };
            sysreg: syscon@1000 { reg = <0x1000 0x100>; };
            pmu {
                interrupt-affinity = <&cpu0>;
                vendor,syscon = <&sysreg 0x10 0>;
                vendor,mixed = "name", <7 &sysreg>;
                vendor,plain = <0x10 0x20>;
            };
        };
        """

    @Test func compiledSourceMarksEveryReference() throws {
        let index = try indexed(Self.source)
        let pmu = try #require(index.node(atPath: "/pmu"))
        let sysreg = try #require(index.node(atPath: "/syscon@1000"))
        let cpu = try #require(index.node(atPath: "/cpus/cpu@0"))
        let syscon = try #require(try index.phandleCells("vendor,syscon", of: pmu))
        #expect(syscon.evidence == .source)
        #expect(syscon.cells.map(\.offset) == [0] && syscon.cells.map(\.target) == [sysreg])
        // After the 5-byte string and one number cell: not on a 4-byte boundary.
        let mixed = try #require(try index.phandleCells("vendor,mixed", of: pmu))
        #expect(mixed.cells.map(\.offset) == [9] && mixed.cells.map(\.target) == [sysreg])
        #expect(try index.phandleCells("interrupt-affinity", of: pmu)?.cells.map(\.target) == [cpu])
        #expect(try index.phandleCells("vendor,plain", of: pmu) == nil)
    }

    @Test func aDTBWithoutFixupsFallsBackToTheTable() throws {
        let compiled = try indexed(Self.source)
        let index = DeviceTreeIndex(try DTBReader.read(try DTBWriter.write(compiled.tree)))
        let pmu = try #require(index.node(atPath: "/pmu"))
        let affinity = try #require(try index.phandleCells("interrupt-affinity", of: pmu))
        #expect(affinity.evidence == .table)
        #expect(affinity.cells.map(\.target) == [index.node(atPath: "/cpus/cpu@0")])
        // A vendor property the table does not know cannot be told from numbers in a DTB.
        #expect(try index.phandleCells("vendor,syscon", of: pmu) == nil)
    }

    @Test func overlayFixupsNameTheCellsOfADTB() throws {
        let overlay = """
            /dts-v1/;
            /plugin/;
            / {
                fragment@0 {
                    target-path = "/";
                    __overlay__ {
                        local: syscon@2000 { reg = <0x2000 0x100>; };
                        dev {
                            vendor,local = <&local 3>;
                            vendor,outside = <5 &elsewhere>;
                        };
                    };
                };
            };
            """
        let compiled = try indexed(overlay)
        let index = DeviceTreeIndex(try DTBReader.read(try DTBWriter.write(compiled.tree)))
        let dev = try #require(index.node(atPath: "/fragment@0/__overlay__/dev"))
        let local = try #require(try index.phandleCells("vendor,local", of: dev))
        #expect(local.evidence == .fixups)
        #expect(local.cells.map(\.offset) == [0] && local.cells.map(\.target) == [index.node(atPath: "/fragment@0/__overlay__/syscon@2000")])
        let outside = try #require(try index.phandleCells("vendor,outside", of: dev))
        #expect(outside.evidence == .fixups && outside.cells.map(\.offset) == [4] && outside.cells.map(\.target) == [nil])
    }

    @Test func theCompiledMarksSurviveTheAnnotatedCodec() throws {
        let compiled = try indexed(Self.source)
        let encoded = try #require(AnnotatedTreeCodec.encode(compiled.tree))
        #expect(AnnotatedTreeCodec.decode(encoded) == compiled.tree)
    }
}
