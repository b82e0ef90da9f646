import DeviceTree
import Testing

/// A blob is held to dtc's rules for names and phandles, or refused with the byte offset and
/// the path: a blob that means two things (two `/a` nodes, two nodes with phandle 1) or whose
/// names DTS cannot carry is never read.
@Suite struct DTBNameRulesTests {
    /// The strings block every case uses, and each name's offset in it.
    static let names = ["reg", "phandle", "linux,phandle", "bad name", "", "status", "name"]
    static let strings: [UInt8] = names.flatMap { Array($0.utf8) + [0] }
    static func nameOffset(_ name: String) -> UInt32 {
        var offset = 0
        for candidate in names {
            if candidate == name { return UInt32(offset) }
            offset += candidate.utf8.count + 1
        }
        preconditionFailure("no string \(name)")
    }

    static func begin(_ name: String) -> [UInt8] { TestBlob.word(TestBlob.beginNode) + TestBlob.name(Array(name.utf8)) }
    static func end() -> [UInt8] { TestBlob.word(TestBlob.endNode) }
    static func property(_ name: String, _ value: [UInt8]) -> [UInt8] {
        var padded = value
        while padded.count % 4 != 0 { padded.append(0) }
        return TestBlob.word(TestBlob.prop) + TestBlob.word(UInt32(value.count)) + TestBlob.word(nameOffset(name)) + padded
    }
    static func cell(_ value: UInt32) -> [UInt8] { TestBlob.word(value) }

    /// A blob of the root node holding `inside`; the root opens at offset 72, so the first
    /// token inside it is at 80.
    static func blob(_ inside: [UInt8]) -> [UInt8] {
        var blob = TestBlob()
        blob.strings = strings
        blob.structure = begin("") + inside + end() + TestBlob.word(TestBlob.end)
        blob.layOut()
        return blob.bytes
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var error: DTBReadError
        var message: String
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        var cases: [Case] = []
        func add(_ name: String, _ inside: [UInt8], _ offset: Int, _ reason: DTBReadError.Reason, _ message: String) {
            cases.append(Case(name: name, bytes: blob(inside), error: DTBReadError(offset: offset, reason), message: message))
        }
        add("empty node name", begin("") + end(), 84, .emptyNodeName(parent: "/"), "node in / has an empty name")
        add("space in node name", begin("a b") + end(), 84, .badNodeNameCharacter(0x20, name: "a b", parent: "/"),
            "bad character ' ' in node name 'a b' in /")
        add("newline in node name", begin("a\nreset") + end(), 84, .badNodeNameCharacter(0x0a, name: "a\\x0areset", parent: "/"),
            "bad character '\\x0a' in node name 'a\\x0areset' in /")
        add("slash in node name", begin("a/b") + end(), 84, .badNodeNameCharacter(0x2f, name: "a/b", parent: "/"),
            "bad character '/' in node name 'a/b' in /")
        add("quote in node name", begin("a'b") + end(), 84, .badNodeNameCharacter(0x27, name: "a\\'b", parent: "/"),
            "bad character '\\'' in node name 'a\\'b' in /")
        add("escape in node name", begin("a\u{1b}[2J") + end(), 84, .badNodeNameCharacter(0x1b, name: "a\\x1b[2J", parent: "/"),
            "bad character '\\x1b' in node name 'a\\x1b[2J' in /")
        add("property character in node name", begin("a#b") + end(), 84, .badNodeNameCharacter(0x23, name: "a#b", parent: "/"),
            "bad character '#' in node name 'a#b' in /")
        add("two unit addresses", begin("a@1@2") + end(), 84, .multipleUnitAddresses(name: "a@1@2", parent: "/"),
            "multiple '@' characters in node name 'a@1@2' in /")
        add("duplicate sibling", begin("a") + end() + begin("a") + end(), 96, .duplicateNodeName("a", parent: "/"),
            "duplicate node name 'a' in /")
        add("duplicate sibling with unit address", begin("serial@9000000") + end() + begin("serial@9000000") + end(), 108,
            .duplicateNodeName("serial@9000000", parent: "/"), "duplicate node name 'serial@9000000' in /")
        add("duplicate sibling deeper", begin("soc") + begin("x") + end() + begin("x") + end() + end(), 104,
            .duplicateNodeName("x", parent: "/soc"), "duplicate node name 'x' in /soc")
        add("bad name deeper", begin("soc") + begin("bus") + begin("x y") + end() + end() + end(), 100,
            .badNodeNameCharacter(0x20, name: "x y", parent: "/soc/bus"), "bad character ' ' in node name 'x y' in /soc/bus")
        add("empty property name", property("", cell(1)), 80, .emptyPropertyName(node: "/"), "property of / has an empty name")
        add("space in property name", property("bad name", cell(1)), 80,
            .badPropertyNameCharacter(0x20, name: "bad name", node: "/"), "bad character ' ' in property name 'bad name' of /")
        add("duplicate property", property("reg", cell(1)) + property("reg", cell(2)), 96,
            .duplicatePropertyName("reg", node: "/"), "duplicate property name 'reg' in /")
        add("duplicate property in a child", begin("a") + property("status", []) + property("status", []), 100,
            .duplicatePropertyName("status", node: "/a"), "duplicate property name 'status' in /a")
        add("phandle of two cells", begin("a") + property("phandle", cell(1) + cell(2)), 88,
            .badPhandleLength("phandle", length: 8, node: "/a"), "phandle of /a is 8 bytes, expected 4")
        add("empty phandle", begin("a") + property("phandle", []), 88,
            .badPhandleLength("phandle", length: 0, node: "/a"), "phandle of /a is 0 bytes, expected 4")
        add("phandle 0", begin("a") + property("phandle", cell(0)), 88,
            .badPhandleValue("phandle", value: 0, node: "/a"), "phandle of /a has the reserved value 0x00000000")
        add("linux,phandle -1", begin("a") + property("linux,phandle", cell(.max)), 88,
            .badPhandleValue("linux,phandle", value: .max, node: "/a"), "linux,phandle of /a has the reserved value 0xffffffff")
        add("duplicate phandle", begin("a") + property("phandle", cell(1)) + end() + begin("b") + property("phandle", cell(1)), 116,
            .duplicatePhandle(1, node: "/b", first: "/a"), "phandle 0x00000001 of /b is already the phandle of /a")
        add("duplicate phandle through linux,phandle", begin("a") + property("phandle", cell(7)) + end() + begin("b") + property("linux,phandle", cell(7)), 116,
            .duplicatePhandle(7, node: "/b", first: "/a"), "phandle 0x00000007 of /b is already the phandle of /a")
        add("phandle and linux,phandle differ", begin("a") + property("phandle", cell(1)) + property("linux,phandle", cell(2)), 104,
            .mismatchedPhandles(node: "/a"), "phandle and linux,phandle of /a differ")
        add("name property other than the base name", begin("a@1") + property("name", Array("b\0".utf8)), 88,
            .nameDiffers("b", node: "/a@1"), "\"name\" property of /a@1 is 'b', not the base node name")
        add("name property with a newline", begin("a") + property("name", Array("a\nb\0".utf8)), 88,
            .nameDiffers("a\\x0ab", node: "/a"), "\"name\" property of /a is 'a\\x0ab', not the base node name")
        add("name property not a string", begin("a") + property("name", cell(1)), 88,
            .nameNotString(node: "/a"), "\"name\" property of /a is not a string")
        return cases
    }()

    @Test(arguments: cases)
    func refuses(_ hostile: Case) {
        #expect(throws: hostile.error) { try DTBReader.read(hostile.bytes) }
        #expect(hostile.error.message == hostile.message)
        // The decompiler prints nothing for a refused blob.
        var printed = 0
        #expect(throws: hostile.error) { try DTSPrinter.decompile(blob: hostile.bytes) { printed += $0.count } }
        #expect(printed == 0)
    }

    @Test func acceptsWhatDTCAccepts() throws {
        let inside = Self.begin("a") + Self.property("phandle", Self.cell(1)) + Self.property("linux,phandle", Self.cell(1)) + Self.begin("x") + Self.end() + Self.end()
            + Self.begin("b") + Self.property("phandle", Self.cell(2)) + Self.begin("x") + Self.end() + Self.end()
            + Self.begin("a@1") + Self.end() + Self.begin("A,b_c.d+e-f@0,1") + Self.end()
        let tree = try DTBReader.read(Self.blob(inside))
        #expect(tree.root.children.map(\.name) == ["a", "b", "a@1", "A,b_c.d+e-f@0,1"])
    }

    @Test func aNamePropertyEqualToTheBaseNameIsDroppedAsDTCDoes() throws {
        let blob = Self.blob(Self.begin("a@1") + Self.property("name", Array("a\0".utf8)) + Self.property("reg", Self.cell(1)) + Self.end())
        let tree = try DTBReader.read(blob)
        #expect(tree.root.children.first?.properties.map(\.name) == ["reg"])
        #expect(DTSPrinter.decompile(tree) == "/dts-v1/;\n\n/memreserve/\t0x0000000000001000 0x0000000000002000;\n/ {\n\n\ta@1 {\n\t\treg = <0x01>;\n\t};\n};\n")
    }

    @Test func everyNameCharacterDTCAllowsIsAllowed() throws {
        let name = "azAZ09,._+-@1"
        let tree = try DTBReader.read(Self.blob(Self.begin(name) + Self.end()))
        #expect(tree.root.children.map(\.name) == [name])
        for byte in UInt8(1)...UInt8(0x7f) where !"azAZ09,._+-@".utf8.contains(byte) && !(97...122).contains(byte) && !(65...90).contains(byte) && !(48...57).contains(byte) {
            let bad = "x" + String(UnicodeScalar(byte))
            #expect(throws: DTBReadError.self) { try DTBReader.read(Self.blob(Self.begin(bad) + Self.end())) }
        }
    }
}
