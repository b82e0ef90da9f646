import DeviceTree
import Testing

/// Interrupt parent chains and nexus maps that never reach a controller end with an error
/// naming the place, never an endless walk (dtc only warns about these trees).
@Suite struct InterruptLoopTests {
    /// The error `interrupts(of:)` gives for `path`, or nil.
    private func error(_ source: String, at path: String) throws -> DeviceTreeSemanticError? {
        let index = try indexed(source)
        guard let id = index.node(atPath: path) else {
            Issue.record("no node \(path)")
            return nil
        }
        do {
            _ = try index.interrupts(of: id)
            return nil
        } catch {
            return error
        }
    }

    @Test func aControllerWithoutInterruptCellsEndsTheWalk() throws {
        // The GIC inherits the root's interrupt-parent, which is the GIC itself.
        let source = """
            /dts-v1/;
            / {
                interrupt-parent = <&gic>;
                gic: interrupt-controller@1000 { interrupt-controller; reg = <0x1000 0x100>; };
                uart@2000 { reg = <0x2000 0x100>; interrupts = <0 1 4>; };
            };
            """
        let found = try error(source, at: "/uart@2000")
        #expect(found == DeviceTreeSemanticError(path: "/interrupt-controller@1000", property: "#interrupt-cells",
                                                 message: "interrupt controller has no `#interrupt-cells`"))
        #expect(found?.description == "/interrupt-controller@1000: #interrupt-cells: interrupt controller has no `#interrupt-cells`")
    }

    @Test func anInterruptParentCycleOfTwoNodes() throws {
        let source = """
            /dts-v1/;
            / {
                a: a { interrupt-parent = <&b>; };
                b: b { interrupt-parent = <&a>; };
                dev { interrupt-parent = <&a>; interrupts = <1>; };
            };
            """
        #expect(try error(source, at: "/dev") == DeviceTreeSemanticError(
            path: "/dev", property: "interrupt-parent",
            message: "interrupt parent chain loops at /a without reaching a node with `#interrupt-cells`"))
    }

    @Test func anInterruptParentCycleOfThreeNodes() throws {
        let source = """
            /dts-v1/;
            / {
                a: a { interrupt-parent = <&b>; };
                b: b { interrupt-parent = <&c>; };
                c: c { interrupt-parent = <&a>; };
                dev { interrupt-parent = <&b>; interrupts = <1>; };
            };
            """
        #expect(try error(source, at: "/dev") == DeviceTreeSemanticError(
            path: "/dev", property: "interrupt-parent",
            message: "interrupt parent chain loops at /b without reaching a node with `#interrupt-cells`"))
    }

    @Test func aCycleThroughTheTreeItself() throws {
        // The device's parent bus links to a node below the bus, which inherits the link.
        let source = """
            /dts-v1/;
            / {
                bus {
                    interrupt-parent = <&inner>;
                    inner: inner { };
                    dev { interrupts = <1>; };
                };
            };
            """
        #expect(try error(source, at: "/bus/dev") == DeviceTreeSemanticError(
            path: "/bus/dev", property: "interrupt-parent",
            message: "interrupt parent chain loops at /bus without reaching a node with `#interrupt-cells`"))
    }

    @Test func aNodeThatIsItsOwnInterruptParentHasNone() throws {
        let source = """
            /dts-v1/;
            / {
                self: self { interrupt-parent = <&self>; interrupts = <1>; };
            };
            """
        #expect(try error(source, at: "/self") == DeviceTreeSemanticError(path: "/self", property: "interrupts", message: "no interrupt parent"))
    }

    @Test func anInterruptMapThatMapsToItselfEnds() throws {
        let source = """
            /dts-v1/;
            / {
                #address-cells = <1>;
                #size-cells = <1>;
                nexus: nexus {
                    #address-cells = <0>;
                    #interrupt-cells = <1>;
                    interrupt-map = <1 &nexus 1>;
                };
                dev@0 { reg = <0 1>; interrupt-parent = <&nexus>; interrupts = <1>; };
            };
            """
        #expect(try error(source, at: "/dev@0") == DeviceTreeSemanticError(path: "/dev@0", property: "interrupts", message: "interrupt-map chain does not end"))
    }

    @Test func twoNexusesMappingToEachOtherEnd() throws {
        let source = """
            /dts-v1/;
            / {
                #address-cells = <1>;
                #size-cells = <1>;
                n1: n1 { #address-cells = <0>; #interrupt-cells = <1>; interrupt-map = <1 &n2 1>; };
                n2: n2 { #address-cells = <0>; #interrupt-cells = <1>; interrupt-map = <1 &n1 1>; };
                dev@0 { reg = <0 1>; interrupt-parent = <&n1>; interrupts = <1>; };
            };
            """
        #expect(try error(source, at: "/dev@0") == DeviceTreeSemanticError(path: "/dev@0", property: "interrupts", message: "interrupt-map chain does not end"))
    }

    @Test func aNexusWhoseParentLoopsEnds() throws {
        // The nexus has no map entry of its own kind: its parent chain is the loop.
        let source = """
            /dts-v1/;
            / {
                a: a { #interrupt-cells = <1>; interrupt-parent = <&b>; };
                b: b { #interrupt-cells = <1>; interrupt-parent = <&a>; };
                dev { interrupt-parent = <&a>; interrupts = <1>; };
            };
            """
        #expect(try error(source, at: "/dev") == DeviceTreeSemanticError(path: "/dev", property: "interrupts", message: "interrupt-map chain does not end"))
    }
}
