import Foundation
import DeviceTree
import Testing
import XenPTTestSupport
@testable import XenPT

/// No host phandle reaches a guest tree: a property naming a node outside the guest is dropped
/// with a finding, one naming a node inside is relinked, and graph nodes left empty go too.
@Suite struct HostPhandleTests {
    static let dts = soc("""
                sysreg: syscon@ff5e0000 {
                    compatible = "vendor,sysreg", "syscon";
                    reg = <0xff5e0000 0x1000>;
                };
                encoder@ff600000 {
                    compatible = "vendor,encoder";
                    reg = <0xff600000 0x1000>;
                    port {
                        encoder_in: endpoint { remote-endpoint = <&display_out>; };
                    };
                };
                display@ff0b0000 {
                    compatible = "vendor,display";
                    reg = <0xff0b0000 0x1000>;
                    interrupts = <0 57 4>;
                    interrupt-affinity = <&cpu0>;
                    vendor,syscon = <&sysreg 0x10 0>;
                    vendor,own-scaler = <&scaler 2>;

                    scaler: scaler@800 {
                        reg = <0x800 0x100>;
                    };
                    ports {
                        #address-cells = <1>;
                        #size-cells = <0>;
                        port@0 {
                            reg = <0>;
                            display_out: endpoint { remote-endpoint = <&encoder_in>; };
                        };
                        port@1 {
                            reg = <1>;
                            loop_out: endpoint@0 { reg = <0>; remote-endpoint = <&loop_in>; };
                            loop_in: endpoint@1 { reg = <1>; remote-endpoint = <&loop_out>; };
                        };
                    };
                };
        """).replacingOccurrences(of: "\tsoc {\n", with: "\tcpus { #address-cells = <1>; #size-cells = <0>; cpu0: cpu@0 { device_type = \"cpu\"; reg = <0>; }; };\n\n\tsoc {\n")

    @Test func hostPhandlesAreDroppedOrRelinked() throws {
        let fixture = try Fixture.plan(dts: Self.dts, guest: "passthrough:\n  - /soc/display@ff0b0000\n")
        // The generic class drops `remote-endpoint` even inside the assignment, so every graph
        // node is left with its address only and goes, `ports` with them.
        #expect(fixture.findings.filter { $0.hasPrefix("XPT-DEP") } == [
            "XPT-DEP-001 info: `remote-endpoint` of /soc/display@ff0b0000/ports/port@1/endpoint@0 is dropped: the device class drops it",
            "XPT-DEP-001 info: `remote-endpoint` of /soc/display@ff0b0000/ports/port@1/endpoint@1 is dropped: the device class drops it",
            "XPT-DEP-002 warning: `remote-endpoint` of /soc/display@ff0b0000/ports/port@0/endpoint links to /soc/encoder@ff600000/port/endpoint, which stays with the host",
            "XPT-DEP-004 warning: `interrupt-affinity` of /soc/display@ff0b0000 is dropped: it holds a host phandle of /cpus/cpu@0, which is not in the guest",
            "XPT-DEP-004 warning: `vendor,syscon` of /soc/display@ff0b0000 is dropped: it holds a host phandle of /soc/syscon@ff5e0000, which is not in the guest",
        ])
        let planned = try #require(fixture.planned)
        let artifacts = try ArtifactBuilder.guestArtifacts(planned).get()
        let dts = try #require(artifacts.first { $0.path.hasSuffix("guest.dts") })
        let text = String(decoding: dts.bytes, as: UTF8.self)
        let start = try #require(text.range(of: "\t\tdisplay@")).lowerBound
        #expect(String(text[start...]) == """
            \t\tdisplay@4020000 {
            \t\t\tcompatible = "vendor,display";
            \t\t\treg = <0 0x4020000 0 0x1000>;
            \t\t\tinterrupt-parent = <&gic>;
            \t\t\tinterrupts = <0 57 4>;
            \t\t\tvendor,own-scaler = <&scaler 2>;

            \t\t\tscaler: scaler@800 {
            \t\t\t\treg = <0x800 0x100>;
            \t\t\t};
            \t\t};
            \t};
            };

            """)
        // dtc reads our text to exactly our bytes.
        guard let dtc = Oracle.require(tool: "dtc") else { return }
        let dtb = try #require(artifacts.first { $0.path.hasSuffix("guest.dtb") })
        let compiled = try Subprocess.run(dtc, args: ["-I", "dts", "-O", "dtb", "-"], stdin: dts.bytes)
        #expect(compiled.status == 0)
        #expect(compiled.stdout == dtb.bytes)
    }
}
