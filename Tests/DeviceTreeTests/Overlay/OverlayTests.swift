import DeviceTree
import Diagnostics
import Testing

/// Plugin sources get `fragment@N`, `__fixups__` and `__local_fixups__`; `-@` adds `__symbols__`.
@Suite("DTS overlays")
struct OverlayTests {
    private func compile(_ source: String, symbols: Bool) throws -> DeviceTree {
        try DTSCompiler.compile(source: source, fileName: "o.dts", options: DTSCompileOptions(generateSymbols: symbols, usePreprocessor: .never, preserveValueShapes: true)).get()
    }

    @Test("a reference merge becomes a fragment with fixups")
    func fragments() throws {
        let tree = try compile("/dts-v1/;\n/plugin/;\n&uart {\n\tstatus = \"okay\";\n\tmine: child { p = <&mine &ext 2>; };\n};\n", symbols: true)
        #expect(tree.isPlugin)
        #expect(tree.root.children.map(\.name) == ["fragment@0", "__symbols__", "__fixups__", "__local_fixups__"])
        let fragment = tree.root.children[0]
        #expect(fragment.property("target")?.cells == [0xffff_ffff])
        #expect(fragment.child("__overlay__")?.property("status")?.string == "okay")
        #expect(tree.root.child("__symbols__")?.property("mine")?.string == "/fragment@0/__overlay__/child")
        let fixups = try #require(tree.root.child("__fixups__"))
        #expect(fixups.property("uart")?.strings == ["/fragment@0:target:0"])
        #expect(fixups.property("ext")?.strings == ["/fragment@0/__overlay__/child:p:4"])
        let local = try #require(tree.root.child("__local_fixups__")?.child("fragment@0")?.child("__overlay__")?.child("child"))
        #expect(local.property("p")?.cells == [0])
        #expect(fragment.child("__overlay__")?.child("child")?.property("phandle")?.singleCell == 1)
    }

    @Test("path targets use target-path and no fixup")
    func pathTarget() throws {
        let tree = try compile("/dts-v1/;\n/plugin/;\n&{/soc/i2c@1000} { x; };\n", symbols: false)
        #expect(tree.root.children.map(\.name) == ["fragment@0"])
        #expect(tree.root.children[0].property("target-path")?.string == "/soc/i2c@1000")
    }

    @Test("symbols list every live label in pre-order, and keep labelled omitted nodes")
    func symbols() throws {
        let source = "/dts-v1/;\n/ {\n\ta: b: n { };\n\t/omit-if-no-ref/ c: m { };\n\t/omit-if-no-ref/ gone { };\n};\n"
        let tree = try compile(source, symbols: true)
        let symbols = try #require(tree.root.child("__symbols__"))
        #expect(symbols.properties.map(\.name) == ["a", "b", "c"])
        #expect(symbols.properties.map(\.string) == ["/n", "/n", "/m"])
        #expect(tree.root.child("gone") == nil)
        #expect(tree.root.child("n")?.property("phandle")?.singleCell == 1)
        #expect(tree.root.child("m")?.property("phandle")?.singleCell == 2)
        let plain = try compile(source, symbols: false)
        #expect(plain.root.children.map(\.name) == ["n"])
    }
}
