import DeviceTree
import Foundation
import Testing

/// Assembles small blobs by hand so every offset in the hostile-input table is known.
///
/// Layout of `valid()`: header 0..<40, reservations 40..<72 (one entry and the terminator),
/// structure 72..<116, strings 116..<120 (`"reg\0"`), total 120.
/// Structure: 72 BEGIN_NODE, 76 `""`, 80 PROP, 84 len 4, 88 nameoff 0, 92 value 0x12345678,
/// 96 BEGIN_NODE, 100 `"a"`, 104 END_NODE, 108 END_NODE, 112 END.
struct TestBlob {
    var header: [UInt32] = []
    var reservations: [UInt64] = [0x1000, 0x2000, 0, 0]
    var structure: [UInt8] = []
    var strings: [UInt8] = Array("reg\0".utf8)

    static func word(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }

    static func name(_ text: [UInt8]) -> [UInt8] {
        var bytes = text + [0]
        while bytes.count % 4 != 0 { bytes.append(0) }
        return bytes
    }

    static let beginNode: UInt32 = 1
    static let endNode: UInt32 = 2
    static let prop: UInt32 = 3
    static let nop: UInt32 = 4
    static let end: UInt32 = 9

    /// The structure block of `valid()`, with the child's name replaceable.
    static func standardStructure(rootName: [UInt8] = [], childName: [UInt8] = Array("a".utf8)) -> [UInt8] {
        word(beginNode) + name(rootName)
            + word(prop) + word(4) + word(0) + word(0x1234_5678)
            + word(beginNode) + name(childName)
            + word(endNode) + word(endNode) + word(end)
    }

    static func valid() -> TestBlob {
        var blob = TestBlob()
        blob.structure = standardStructure()
        blob.layOut()
        return blob
    }

    /// Recomputes the header for the current blocks (version 17, blocks in spec order).
    mutating func layOut() {
        let reservationsStart: UInt32 = 40
        let structStart = reservationsStart + UInt32(reservations.count * 8)
        let stringsStart = structStart + UInt32(structure.count)
        let total = stringsStart + UInt32(strings.count)
        header = [0xd00d_feed, total, structStart, stringsStart, reservationsStart, 17, 16, 0, UInt32(strings.count), UInt32(structure.count)]
    }

    var bytes: [UInt8] {
        var out: [UInt8] = []
        for value in header { out += Self.word(value) }
        for value in reservations { out += Self.word(UInt32(value >> 32)) + Self.word(UInt32(value & 0xffff_ffff)) }
        out += structure
        out += strings
        return out
    }

    /// `bytes` with the big-endian word at `offset` replaced.
    func patched(_ offset: Int, _ value: UInt32) -> [UInt8] {
        var out = bytes
        out.replaceSubrange(offset..<(offset + 4), with: Self.word(value))
        return out
    }
}

@Suite struct DTBReaderTests {
    @Test func readsTheHandBuiltBlob() throws {
        let tree = try DTBReader.read(TestBlob.valid().bytes)
        let expected = DeviceTree(
            memoryReservations: [MemoryReservation(address: 0x1000, size: 0x2000)],
            root: Node(
                name: "",
                properties: [Property(name: "reg", value: PropertyValue([.bytes([0x12, 0x34, 0x56, 0x78])]))],
                children: [Node(name: "a")]
            )
        )
        #expect(tree == expected)
    }

    @Test func readsVersion16WithoutStructureSize() throws {
        var blob = TestBlob.valid()
        blob.header[5] = 16
        blob.header.removeLast()
        // A 36-byte header, then 4 bytes of padding so every block keeps its offset.
        let bytes = blob.bytes
        let version16 = Array(bytes[0..<36]) + [0, 0, 0, 0] + Array(bytes[36...])
        #expect(try DTBReader.read(version16) == DTBReader.read(TestBlob.valid().bytes))
    }

    @Test func skipsNopsAndIgnoresBytesPastTotalSize() throws {
        var blob = TestBlob.valid()
        blob.structure = TestBlob.word(TestBlob.nop) + TestBlob.word(TestBlob.beginNode) + TestBlob.name([])
            + TestBlob.word(TestBlob.nop) + TestBlob.word(TestBlob.endNode) + TestBlob.word(TestBlob.nop) + TestBlob.word(TestBlob.end)
        blob.layOut()
        let tree = try DTBReader.read(blob.bytes + [0xff, 0xff, 0xff])
        #expect(tree == DeviceTree(memoryReservations: [MemoryReservation(address: 0x1000, size: 0x2000)]))
    }

    @Test func keepsBootCPUID() throws {
        let tree = try DTBReader.read(TestBlob.valid().patched(28, 3))
        #expect(tree.bootCPUID == 3)
    }

    /// One hostile input and the exact error it must produce.
    struct HostileCase: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var error: DTBReadError
        var testDescription: String { name }
    }

    static let hostileCases: [HostileCase] = {
        let valid = TestBlob.valid()
        var cases: [HostileCase] = []
        func add(_ name: String, _ bytes: [UInt8], _ offset: Int, _ reason: DTBReadError.Reason) {
            cases.append(HostileCase(name: name, bytes: bytes, error: DTBReadError(offset: offset, reason)))
        }
        add("empty buffer", [], 0, .truncatedHeader(bufferSize: 0, needed: 4))
        add("bad magic", valid.patched(0, 0xfeed_d00d), 0, .badMagic(0xfeed_d00d))
        add("header cut before version", Array(valid.bytes[0..<20]), 0, .truncatedHeader(bufferSize: 20, needed: 28))
        add("header cut before struct size", Array(valid.bytes[0..<38]), 0, .truncatedHeader(bufferSize: 38, needed: 40))
        add("version 15", valid.patched(20, 15), 20, .unsupportedVersion(version: 15, lastCompatibleVersion: 16))
        add("last compatible 18", valid.patched(24, 18), 20, .unsupportedVersion(version: 17, lastCompatibleVersion: 18))
        add("last compatible above version", valid.patched(20, 16).enumerated().map { $0.offset == 27 ? 17 : $0.element }, 20,
            .unsupportedVersion(version: 16, lastCompatibleVersion: 17))
        add("total size below header", valid.patched(4, 30), 4, .totalSizeTooSmall(totalSize: 30, headerSize: 40))
        add("total size past buffer", valid.patched(4, 200), 4, .totalSizeExceedsBuffer(totalSize: 200, bufferSize: 120))
        add("truncated file", Array(valid.bytes[0..<100]), 4, .totalSizeExceedsBuffer(totalSize: 120, bufferSize: 100))
        add("reservations in header", valid.patched(16, 8), 16, .blockInsideHeader(.memoryReservations, start: 8, headerSize: 40))
        add("reservations past end", valid.patched(16, 0x1000), 16,
            .blockOutOfBounds(.memoryReservations, start: 0x1000, size: 0, totalSize: 120))
        add("reservations misaligned", valid.patched(16, 44), 16, .misalignedBlock(.memoryReservations, start: 44, alignment: 8))
        add("structure misaligned", valid.patched(8, 74), 8, .misalignedBlock(.structure, start: 74, alignment: 4))
        add("structure size past end", valid.patched(36, 100), 36, .blockOutOfBounds(.structure, start: 72, size: 100, totalSize: 120))
        add("structure size wraps", valid.patched(36, 0xffff_fffc), 36,
            .blockOutOfBounds(.structure, start: 72, size: 0xffff_fffc, totalSize: 120))
        add("structure start past end", valid.patched(8, 0x8000_0000), 8,
            .blockOutOfBounds(.structure, start: 0x8000_0000, size: 44, totalSize: 120))
        add("strings past end", valid.patched(12, 118), 32, .blockOutOfBounds(.strings, start: 118, size: 4, totalSize: 120))
        add("unterminated reservations", valid.patched(16, 112), 112, .unterminatedReservations)
        add("reservations overlap strings", valid.patched(12, 56), 56, .blocksOverlap(.memoryReservations, .strings))
        add("reservations overlap structure", valid.patched(8, 64), 64, .blocksOverlap(.memoryReservations, .structure))
        add("structure overlaps strings", valid.patched(12, 112), 112, .blocksOverlap(.structure, .strings))
        add("unknown token", valid.patched(104, 5), 104, .unknownToken(5))
        add("property before root", valid.patched(72, TestBlob.prop), 72, .missingRootNode(found: TestBlob.prop))
        add("end node before root", valid.patched(72, TestBlob.endNode), 72, .missingRootNode(found: TestBlob.endNode))
        add("end before root", valid.patched(72, TestBlob.end), 72, .missingRootNode(found: TestBlob.end))
        add("garbage before root", valid.patched(72, 0xdead_beef), 72, .missingRootNode(found: 0xdead_beef))
        add("named root", valid.patched(76, 0x7800_0000), 76, .namedRootNode)
        add("node name runs off the structure block", valid.patched(36, 29), 100, .unterminatedNodeName)
        add("node name not utf-8", valid.patched(100, 0xff00_0000), 100, .nameNotUTF8)
        add("property value overrun", valid.patched(84, 0x100), 84, .propertyValueOverrun(length: 0x100))
        add("property value length wraps", valid.patched(84, 0xffff_fffc), 84, .propertyValueOverrun(length: 0xffff_fffc))
        add("property name offset out of strings", valid.patched(88, 4), 88, .nameOffsetOutOfBounds(4, stringsSize: 4))
        add("property name offset huge", valid.patched(88, 0xffff_ffff), 88, .nameOffsetOutOfBounds(0xffff_ffff, stringsSize: 4))
        add("property name not nul-terminated", valid.patched(116, 0x7265_6773), 88, .unterminatedPropertyName(0))
        add("property name not utf-8", valid.patched(116, 0xc372_6700), 116, .nameNotUTF8)
        add("end inside node", valid.patched(108, TestBlob.end), 108, .endInsideNode(openNodes: 1))
        add("end inside two nodes", valid.patched(104, TestBlob.end), 104, .endInsideNode(openNodes: 2))
        add("node after root", valid.patched(112, TestBlob.beginNode), 112, .tokenAfterRoot(TestBlob.beginNode))
        add("property after root", valid.patched(112, TestBlob.prop), 112, .tokenAfterRoot(TestBlob.prop))
        add("missing end", valid.patched(36, 40), 112, .missingEnd)
        add("truncated property header", valid.patched(36, 16), 84, .truncatedStructure)
        add("truncated token", valid.patched(36, 42), 112, .truncatedStructure)

        // Every token NOP: no root node and no end.
        var nops = valid
        nops.structure = (0..<11).flatMap { _ in TestBlob.word(TestBlob.nop) }
        nops.layOut()
        add("only nops", nops.bytes, 116, .missingEnd)

        // 65 nested nodes, one past the limit.
        var deep = valid
        deep.structure = TestBlob.word(TestBlob.beginNode) + TestBlob.name([])
        for _ in 1...DTBReader.maximumDepth {
            deep.structure += TestBlob.word(TestBlob.beginNode) + TestBlob.name(Array("n".utf8))
        }
        for _ in 0...DTBReader.maximumDepth { deep.structure += TestBlob.word(TestBlob.endNode) }
        deep.structure += TestBlob.word(TestBlob.end)
        deep.layOut()
        add("nesting too deep", deep.bytes, 72 + 8 * DTBReader.maximumDepth, .nestingTooDeep(limit: DTBReader.maximumDepth))
        return cases
    }()

    @Test(arguments: hostileCases)
    func rejectsHostileInput(_ hostile: HostileCase) {
        #expect(throws: hostile.error) { try DTBReader.read(hostile.bytes) }
    }

    @Test func acceptsTheDeepestAllowedNesting() throws {
        var blob = TestBlob.valid()
        blob.structure = TestBlob.word(TestBlob.beginNode) + TestBlob.name([])
        for _ in 1..<DTBReader.maximumDepth {
            blob.structure += TestBlob.word(TestBlob.beginNode) + TestBlob.name(Array("n".utf8))
        }
        for _ in 0..<DTBReader.maximumDepth { blob.structure += TestBlob.word(TestBlob.endNode) }
        blob.structure += TestBlob.word(TestBlob.end)
        blob.layOut()
        var node = try DTBReader.read(blob.bytes).root
        var depth = 1
        while let child = node.children.first {
            node = child
            depth += 1
        }
        #expect(depth == DTBReader.maximumDepth)
    }

    @Test func errorDescriptionNamesOffsetAndMessage() {
        let error = DTBReadError(offset: 0x54, .propertyValueOverrun(length: 256))
        #expect(error.description == "offset 0x54: property value of 256 bytes runs past the structure block")
        #expect(DTBReadError(offset: 0, .badMagic(0x1234)).message == "bad magic 0x00001234, expected 0xd00dfeed")
    }

    /// SplitMix64: a small deterministic generator so the fuzz loop is the same on every run.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
    }

    @Test func mutationFuzzNeverCrashes() throws {
        var seeds: [[UInt8]] = [TestBlob.valid().bytes]
        if DTCOracle.executable != nil, let blob = DTCOracle.compile(DTBFixtures.all[0].source) { seeds.append(blob) }
        var random = SplitMix64(state: 0x5eed_0f_d7b)
        var accepted = 0
        var rejected = 0
        let interesting: [UInt32] = [0, 1, 2, 3, 4, 9, 0x7fff_ffff, 0x8000_0000, 0xffff_fffc, 0xffff_ffff, 0xd00d_feed]
        for iteration in 0..<6000 {
            var bytes = seeds[iteration % seeds.count]
            let mutations = Int.random(in: 1...4, using: &random)
            for _ in 0..<mutations {
                guard !bytes.isEmpty else { break }
                switch Int.random(in: 0..<5, using: &random) {
                case 0:
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                case 1:
                    let at = Int.random(in: 0..<bytes.count, using: &random) & ~3
                    if at + 4 <= bytes.count {
                        let value = interesting[Int.random(in: 0..<interesting.count, using: &random)]
                        bytes.replaceSubrange(at..<(at + 4), with: TestBlob.word(value))
                    }
                case 2:
                    bytes.removeLast(Int.random(in: 0...min(bytes.count, 16), using: &random))
                case 3:
                    let at = Int.random(in: 0..<10, using: &random) * 4
                    if at + 4 <= bytes.count {
                        let value = UInt32.random(in: 0...UInt32(bytes.count + 8), using: &random)
                        bytes.replaceSubrange(at..<(at + 4), with: TestBlob.word(value))
                    }
                default:
                    let at = Int.random(in: 0..<bytes.count, using: &random)
                    bytes[at] ^= 1 << UInt8.random(in: 0..<8, using: &random)
                }
            }
            // The streaming decompiler must agree with reader + tree printer on every input.
            var streamed: [UInt8] = []
            let streamResult = Result { () throws(DTBReadError) in
                try DTSPrinter.decompile(blob: bytes, chunkSize: 512) { streamed.append(contentsOf: $0) }
            }
            do {
                let tree = try DTBReader.read(bytes)
                let text = DTSPrinter.decompiledBytes(tree)
                #expect(text.starts(with: Array("/dts-v1/;\n\n".utf8)))
                #expect(streamed == text)
                accepted += 1
            } catch {
                #expect(!error.message.isEmpty && error.offset >= 0 && error.offset <= max(bytes.count, 40))
                #expect(throws: error) { try streamResult.get() }
                #expect(streamed.isEmpty)
                rejected += 1
            }
        }
        // The loop must exercise both outcomes to be worth anything.
        #expect(accepted > 100)
        #expect(rejected > 100)
    }

    @Test(.enabled(if: DTCOracle.shouldRun, "needs dtc"))
    func readsDTCBuiltBlobs() throws {
        let source = """
            /dts-v1/;
            /memreserve/ 0x10000000 0x4000;
            /memreserve/ 0xffffffff00000000 0x100000000;
            / {
            \tmodel = "test,board";
            \t#address-cells = <2>;
            \tempty;
            \tsoc@0 {
            \t\tcompatible = "simple-bus", "x";
            \t\tbytes = [00 01 02];
            \t\tdev: dev@1000 { reg = <0 0x1000 0 0x100>; clocks = <&dev 3>; };
            \t};
            };
            """
        guard let blob = DTCOracle.compile(source) else { return }
        let tree = try DTBReader.read(blob)
        let expected = DeviceTree(
            memoryReservations: [
                MemoryReservation(address: 0x1000_0000, size: 0x4000),
                MemoryReservation(address: 0xffff_ffff_0000_0000, size: 0x1_0000_0000),
            ],
            root: Node(
                name: "",
                properties: [
                    Property(name: "model", value: PropertyValue([.bytes(Array("test,board\0".utf8))])),
                    Property(name: "#address-cells", value: PropertyValue([.bytes([0, 0, 0, 2])])),
                    Property(name: "empty", value: PropertyValue([.bytes([])])),
                ],
                children: [
                    Node(
                        name: "soc@0",
                        properties: [
                            Property(name: "compatible", value: PropertyValue([.bytes(Array("simple-bus\0x\0".utf8))])),
                            Property(name: "bytes", value: PropertyValue([.bytes([0, 1, 2])])),
                        ],
                        children: [
                            Node(name: "dev@1000", properties: [
                                Property(name: "reg", value: PropertyValue([.bytes([0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 1, 0])])),
                                Property(name: "clocks", value: PropertyValue([.bytes([0, 0, 0, 1, 0, 0, 0, 3])])),
                                Property(name: "phandle", value: PropertyValue([.bytes([0, 0, 0, 1])])),
                            ]),
                        ]
                    ),
                ]
            )
        )
        #expect(tree == expected)
    }
}
