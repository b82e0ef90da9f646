import DeviceTree
import Foundation
import Testing

@Suite struct DTSPrinterDecompileTests {
    @Test(.enabled(if: DTCOracle.shouldRun, "needs dtc"), arguments: DTBFixtures.all)
    func decompileEqualsDTC(_ fixture: DTBFixtures.Fixture) throws {
        guard let blob = DTCOracle.compile(fixture.source, flags: fixture.flags) else { return }
        guard let expected = DTCOracle.decompile(blob) else { return }
        let ours = DTSPrinter.decompile(try DTBReader.read(blob))
        if let printed = fixture.printed {
            // A deliberate difference: dtc's own text must read back as another blob.
            #expect(expected != printed)
            #expect(DTCOracle.compile(expected) != blob)
        }
        let wanted = fixture.printed ?? expected
        #expect(ours == wanted)
        #expect(try Self.streamed(blob, chunkSize: 7) == Array(wanted.utf8))
        if fixture.roundTrips {
            #expect(DTCOracle.compile(ours) == blob)
            #expect(try Self.compileWithOurs(ours) == blob)
        }
    }

    /// Our compiler and writer on `text`, or nil with the diagnostics recorded.
    static func compileWithOurs(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [UInt8]? {
        switch DTSCompiler.compile(source: text, fileName: "printed.dts", options: DTSCompileOptions()) {
        case .success(let tree):
            return try DTBWriter.write(tree)
        case .failure(let list):
            Issue.record("our compiler rejected the printed text: \(list.diagnostics.map(\.message))", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// The chunks `decompile(blob:)` hands over, joined.
    static func streamed(_ blob: [UInt8], chunkSize: Int) throws(DTBReadError) -> [UInt8] {
        var text: [UInt8] = []
        try DTSPrinter.decompile(blob: blob, chunkSize: chunkSize) { text.append(contentsOf: $0) }
        return text
    }

    @Test func streamingMatchesTheTreePrinter() throws {
        let blob = TestBlob.valid().bytes
        let expected = Array(DTSPrinter.decompile(try DTBReader.read(blob)).utf8)
        for chunkSize in [1, 5, 64, 1 << 16] {
            #expect(try Self.streamed(blob, chunkSize: chunkSize) == expected)
        }
    }

    @Test func streamingMovesPropertiesBeforeChildrenAsDTCDoes() throws {
        var blob = TestBlob.valid()
        // Root: child "a" first, then the property.
        blob.structure = TestBlob.word(TestBlob.beginNode) + TestBlob.name([])
            + TestBlob.word(TestBlob.beginNode) + TestBlob.name(Array("a".utf8)) + TestBlob.word(TestBlob.endNode)
            + TestBlob.word(TestBlob.prop) + TestBlob.word(4) + TestBlob.word(0) + TestBlob.word(7)
            + TestBlob.word(TestBlob.endNode) + TestBlob.word(TestBlob.end)
        blob.layOut()
        let expected = "/dts-v1/;\n\n/memreserve/\t0x0000000000001000 0x0000000000002000;\n/ {\n\treg = <0x07>;\n\n\ta {\n\t};\n};\n"
        #expect(try Self.streamed(blob.bytes, chunkSize: 3) == Array(expected.utf8))
        #expect(DTSPrinter.decompile(try DTBReader.read(blob.bytes)) == expected)
    }

    @Test func streamingABadBlobHandsOverNothing() {
        var chunks = 0
        #expect(throws: DTBReadError(offset: 104, .unknownToken(5))) {
            try DTSPrinter.decompile(blob: TestBlob.valid().patched(104, 5), chunkSize: 1) { _ in chunks += 1 }
        }
        #expect(chunks == 0)
    }

    @Test func decompilesAHandBuiltTreeExactly() {
        let tree = DeviceTree(
            memoryReservations: [MemoryReservation(address: 0x8000_0000, size: 0x1000)],
            root: Node(
                name: "",
                properties: [
                    Property(name: "compatible", value: PropertyValue([.bytes(Array("a\0b\0".utf8))])),
                    Property(name: "cells", value: PropertyValue([.bytes([0, 0, 0, 1, 0xde, 0xad, 0xbe, 0xef])])),
                    Property(name: "bytes", value: PropertyValue([.bytes([0x80, 0x00, 0x7f])])),
                    Property(name: "empty", value: PropertyValue([.bytes([])])),
                    Property(name: "escaped", value: PropertyValue([.bytes(Array("\u{7}\"\\\n\0".utf8))])),
                ],
                children: [Node(name: "child@0", children: [Node(name: "leaf")]), Node(name: "other")]
            )
        )
        #expect(DTSPrinter.decompile(tree) == """
            /dts-v1/;

            /memreserve/\t0x0000000080000000 0x0000000000001000;
            / {
            \tcompatible = "a\\0b";
            \tcells = <0x01 0xdeadbeef>;
            \tbytes = [80 00 7f];
            \tempty;
            \tescaped = "\\a\\"\\\\\\n";

            \tchild@0 {

            \t\tleaf {
            \t\t};
            \t};

            \tother {
            \t};
            };

            """)
    }

    @Test func decompilePrintsTypedValuesFromTheirBytes() {
        let tree = DeviceTree(root: Node(name: "", properties: [
            Property(name: "typed", value: PropertyValue([.string("ok"), .cells(bits: 32, [.number(5)]), .label("ignored")])),
        ]))
        #expect(DTSPrinter.decompile(tree) == "/dts-v1/;\n\n/ {\n\ttyped = [6f 6b 00 00 00 00 05];\n};\n")
    }

    @Test func decompiledBytesMatchTheString() {
        let tree = DeviceTree(root: Node(name: "", properties: [Property(name: "a", value: .cells([1]))]))
        #expect(DTSPrinter.decompiledBytes(tree) == Array(DTSPrinter.decompile(tree).utf8))
    }
}

@Suite struct DTSPrinterSourceTests {
    /// A tree using every kind of chunk, label and header feature.
    static let typedTree = DeviceTree(
        memoryReservations: [
            MemoryReservation(address: 0x8000_0000, size: 0x10_0000, labels: ["rsv"]),
            MemoryReservation(address: 0, size: 5),
        ],
        root: Node(
            name: "",
            properties: [
                Property(name: "#address-cells", value: .cells([2])),
                Property(name: "compatible", value: .strings(["xen,xenvm-4.17", "xen,xenvm"])),
            ],
            children: [
                Node(
                    name: "gic@3001000",
                    labels: ["gic", "intc"],
                    properties: [
                        Property(name: "interrupt-controller"),
                        Property(name: "reg", value: PropertyValue([.cells(bits: 32, [.number(0), .number(0x300_1000), .number(0), .number(0x1000)])])),
                    ]
                ),
                Node(
                    name: "passthrough",
                    properties: [
                        Property(name: "interrupt-parent", value: PropertyValue([.cells(bits: 32, [.phandle(.label("gic"))])])),
                        Property(name: "ranges", labels: ["rng"]),
                        Property(name: "path-ref", value: PropertyValue([.pathReference(.label("intc")), .pathReference(.path("/passthrough"))])),
                        Property(name: "mixed", value: PropertyValue([
                            .label("start"), .string("a\"b\\c\td\n"), .bytes([0x00, 0x11, 0xff]),
                            .cells(bits: 64, [.number(0x1_0000_0000)]), .cells(bits: 8, [.number(0x1ff), .label("mid"), .number(7)]),
                            .cells(bits: 16, []), .label("end"),
                        ])),
                        Property(name: "phandles", value: PropertyValue([.cells(bits: 32, [.phandle(.path("/gic@3001000")), .number(10), .number(9)])])),
                        Property(name: "unicode", value: .string("café\u{1}")),
                    ]
                ),
            ]
        ),
        isPlugin: false
    )

    @Test func printsTheHouseFormat() {
        #expect(DTSPrinter.source(Self.typedTree) == #"""
            /dts-v1/;

            rsv: /memreserve/ 0x80000000 0x100000;
            /memreserve/ 0 5;

            / {
            	#address-cells = <2>;
            	compatible = "xen,xenvm-4.17", "xen,xenvm";

            	gic: intc: gic@3001000 {
            		interrupt-controller;
            		reg = <0 0x3001000 0 0x1000>;
            	};

            	passthrough {
            		interrupt-parent = <&gic>;
            		rng: ranges;
            		path-ref = &intc, &{/passthrough};
            		mixed = start: "a\"b\\c\td\n", [00 11 ff], /bits/ 64 <0x100000000>, /bits/ 8 <0xff mid: 7>, /bits/ 16 <> end:;
            		phandles = <&{/gic@3001000} 0xa 9>;
            		unicode = "caf\xc3\xa9\x01";
            	};
            };

            """#)
    }

    @Test func printsPluginHeader() {
        let tree = DeviceTree(root: Node(name: "", children: [Node(name: "fragment@0")]), isPlugin: true)
        #expect(DTSPrinter.source(tree) == "/dts-v1/;\n/plugin/;\n\n/ {\n\n\tfragment@0 {\n\t};\n};\n")
    }

    @Test func dropsLabelsOfAValueWithoutData() {
        let tree = DeviceTree(root: Node(name: "", properties: [Property(name: "p", value: PropertyValue([.label("x")]))]))
        #expect(DTSPrinter.source(tree) == "/dts-v1/;\n\n/ {\n\tp;\n};\n")
    }

    /// The tree dtc should produce from the printed text: values as bytes, labels gone.
    static func asBlobTree(_ tree: DeviceTree) -> DeviceTree {
        func convert(_ node: Node) -> Node {
            Node(
                name: node.name,
                properties: node.properties.map { Property(name: $0.name, value: PropertyValue([.bytes($0.value.bytes ?? [])])) },
                children: node.children.map(convert)
            )
        }
        return DeviceTree(
            memoryReservations: tree.memoryReservations.map { MemoryReservation(address: $0.address, size: $0.size) },
            root: convert(tree.root),
            bootCPUID: tree.bootCPUID
        )
    }

    @Test(.enabled(if: DTCOracle.shouldRun, "needs dtc"))
    func dtcCompilesReferenceFreeSourceToTheSameValues() throws {
        var allBytes = PropertyValue([.string(String(decoding: (1...0x7f).map { UInt8($0) }, as: UTF8.self))])
        allBytes.chunks.append(.string("üñí\u{10FFFF}"))
        let tree = DeviceTree(
            memoryReservations: [MemoryReservation(address: 0xffff_ffff_ffff_f000, size: 0x1000, labels: ["r"])],
            root: Node(name: "", properties: [
                Property(name: "every-ascii", value: allBytes),
                Property(name: "widths", value: PropertyValue([
                    .cells(bits: 8, [.number(0x1ff), .number(9)]), .cells(bits: 16, [.number(0x12345)]),
                    .cells(bits: 64, [.number(.max)]), .cells(bits: 32, [.number(0xffff_ffff), .label("in")]),
                ])),
                Property(name: "nul-inside", value: .string("a\u{0}1b")),
                Property(name: "empty-pieces", value: PropertyValue([.string(""), .bytes([]), .cells(bits: 32, [])])),
            ], children: [Node(name: "n@1", labels: ["n"], properties: [Property(name: "x", value: PropertyValue([.label("l"), .bytes([1])]), labels: ["px"])])])
        )
        let text = DTSPrinter.source(tree)
        guard let blob = DTCOracle.compile(text) else { return }
        #expect(try DTBReader.read(blob) == Self.asBlobTree(tree))
        #expect(try DTSPrinterDecompileTests.compileWithOurs(text) == blob)
    }

    @Test(.enabled(if: DTCOracle.shouldRun, "needs dtc"))
    func dtcResolvesPrintedReferences() throws {
        guard let blob = DTCOracle.compile(DTSPrinter.source(Self.typedTree)) else { return }
        #expect(try DTSPrinterDecompileTests.compileWithOurs(DTSPrinter.source(Self.typedTree)) == blob)
        let tree = try DTBReader.read(blob)
        let gic = try #require(tree.root.child("gic@3001000"))
        let passthrough = try #require(tree.root.child("passthrough"))
        #expect(gic.property("phandle")?.bytes == [0, 0, 0, 1])
        #expect(passthrough.property("interrupt-parent")?.bytes == [0, 0, 0, 1])
        #expect(passthrough.property("phandles")?.bytes == [0, 0, 0, 1, 0, 0, 0, 0x0a, 0, 0, 0, 9])
        #expect(passthrough.property("path-ref")?.bytes == Array("/gic@3001000\0/passthrough\0".utf8))
        #expect(passthrough.property("mixed")?.bytes == Array("a\"b\\c\td\n\0".utf8) + [0x00, 0x11, 0xff, 0, 0, 0, 1, 0, 0, 0, 0, 0xff, 7])
        #expect(tree.memoryReservations == [
            MemoryReservation(address: 0x8000_0000, size: 0x10_0000), MemoryReservation(address: 0, size: 5),
        ])
    }

    @Test(.enabled(if: DTCOracle.shouldRun, "needs dtc"))
    func dtcAcceptsPluginSource() throws {
        let tree = DeviceTree(root: Node(name: "", children: [
            Node(name: "fragment@0", properties: [
                Property(name: "target", value: PropertyValue([.cells(bits: 32, [.phandle(.label("uart0"))])])),
            ], children: [Node(name: "__overlay__", properties: [Property(name: "status", value: .string("okay"))])]),
        ]), isPlugin: true)
        guard let blob = DTCOracle.compile(DTSPrinter.source(tree)) else { return }
        #expect(try DTSPrinterDecompileTests.compileWithOurs(DTSPrinter.source(tree)) == blob)
        let read = try DTBReader.read(blob)
        #expect(read.root.child("__fixups__")?.property("uart0")?.bytes == Array("/fragment@0:target:0\0".utf8))
    }
}
