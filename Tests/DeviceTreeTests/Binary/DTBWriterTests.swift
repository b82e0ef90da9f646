import DeviceTree
import Diagnostics
import Testing

/// The DTB writer's layout, independent of dtc.
@Suite("DTB writer")
struct DTBWriterTests {
    private func word(_ blob: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(blob[offset]) << 24 | UInt32(blob[offset + 1]) << 16 | UInt32(blob[offset + 2]) << 8 | UInt32(blob[offset + 3])
    }

    @Test("an empty tree is a header, a terminator entry, one node and no strings")
    func empty() throws {
        let blob = try DTBWriter.write(DeviceTree())
        #expect(blob == [
            0xd0, 0x0d, 0xfe, 0xed, 0, 0, 0, 72, 0, 0, 0, 56, 0, 0, 0, 72, 0, 0, 0, 40, 0, 0, 0, 17, 0, 0, 0, 16,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 9,
        ])
    }

    @Test("header fields, reservations, padding and the boot CPU")
    func layout() throws {
        var root = Node(name: "")
        root.properties = [Property(name: "a", value: .string("xyz")), Property(name: "b", value: .cells([1, 2]))]
        root.children = [Node(name: "child@1")]
        let tree = DeviceTree(memoryReservations: [MemoryReservation(address: 0x1_0000_0000, size: 0x2000)], root: root, bootCPUID: 3)
        let blob = try DTBWriter.write(tree)
        #expect(word(blob, 0) == 0xd00d_feed)
        #expect(Int(word(blob, 4)) == blob.count)
        #expect(word(blob, 16) == 40)
        #expect(word(blob, 8) == 40 + 32)
        #expect(word(blob, 28) == 3)
        #expect(word(blob, 32) == 4)
        #expect(Array(blob[40..<56]) == [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20, 0])
        let structure = Int(word(blob, 8))
        // root begin, empty name padded; prop a: len 4, nameoff 0, "xyz\0"; prop b: len 8, nameoff 2
        #expect(Array(blob[structure..<(structure + 48)]) == [
            0, 0, 0, 1, 0, 0, 0, 0,
            0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0, 0x78, 0x79, 0x7a, 0,
            0, 0, 0, 3, 0, 0, 0, 8, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2,
            0, 0, 0, 1,
        ])
        #expect(Array(blob[(blob.count - 4)...]) == [0x61, 0, 0x62, 0])
    }

    @Test("names reuse any earlier string they end with, like dtc's string table")
    func stringSuffixes() throws {
        var root = Node(name: "")
        for name in ["compatible", "patible", "ible", "e", "le", "ible-x", "compatible"] {
            root.children.append(Node(name: "n\(root.children.count)", properties: [Property(name: name)]))
        }
        let blob = try DTBWriter.write(DeviceTree(root: root))
        let strings = Int(word(blob, 12))
        #expect(String(decoding: blob[strings...], as: UTF8.self) == "compatible\u{0}ible-x\u{0}")
        var offsets: [UInt32] = []
        var index = Int(word(blob, 8))
        while index < strings {
            if word(blob, index) == 3 {
                offsets.append(word(blob, index + 8))
                index += 12
            } else {
                index += 4
            }
        }
        #expect(offsets == [0, 3, 6, 9, 8, 11, 0])
    }

    @Test("an unresolved reference is an error naming the property")
    func unresolved() {
        var root = Node(name: "")
        root.children = [Node(name: "dev", properties: [Property(name: "clocks", value: PropertyValue([.cells(bits: 32, [.phandle(.label("clk"))])]))])]
        #expect(throws: DTBWriteError.unresolvedReference(node: "/dev", property: "clocks")) {
            try DTBWriter.write(DeviceTree(root: root))
        }
        root.children[0].properties = [Property(name: "path", value: PropertyValue([.pathReference(.path("/x"))]))]
        #expect(throws: DTBWriteError.unresolvedReference(node: "/dev", property: "path")) {
            try DTBWriter.write(DeviceTree(root: root))
        }
    }

    @Test("a parsed tree keeps its references; the compiled one does not")
    func parseThenCompile() throws {
        let source = "/dts-v1/;\n/ {\n\tclk: clock { };\n\tdev { clocks = <&clk 3>; path = &clk; };\n};\n"
        let options = DTSCompileOptions(usePreprocessor: .never)
        let parsed = try DTSCompiler.parse(source: source, fileName: "p.dts", options: options).get()
        let dev = try #require(parsed.root.child("dev"))
        #expect(dev.property("clocks")?.value == PropertyValue([.cells(bits: 32, [.phandle(.label("clk")), .number(3)])]))
        #expect(dev.property("path")?.value == PropertyValue([.pathReference(.label("clk"))]))
        #expect(parsed.root.child("clock")?.labels == ["clk"])
        #expect(parsed.root.child("clock")?.property("phandle") == nil)
        #expect(throws: DTBWriteError.self) { try DTBWriter.write(parsed) }

        let shaped = try DTSCompiler.compile(source: source, fileName: "p.dts", options: DTSCompileOptions(usePreprocessor: .never, preserveValueShapes: true)).get()
        let compiledDev = try #require(shaped.root.child("dev"))
        #expect(compiledDev.property("clocks")?.value == PropertyValue([.cells(bits: 32, [.number(1), .number(3)])]))
        #expect(compiledDev.property("path")?.value == PropertyValue([.string("/clock")]))
        #expect(shaped.root.child("clock")?.property("phandle")?.singleCell == 1)
        #expect(compiledDev.location == SourceLocation(file: "p.dts", line: 4, column: 2))
        #expect(compiledDev.property("path")?.location == SourceLocation(file: "p.dts", line: 4, column: 27))

        let compact = try DTSCompiler.compile(source: source, fileName: "p.dts", options: options).get()
        #expect(compact.root.child("dev")?.property("clocks")?.cells == [1, 3])
        #expect(compact.root.child("dev")?.property("path")?.string == "/clock")
        #expect(try DTBWriter.write(compact) == DTBWriter.write(shaped))
    }
}
