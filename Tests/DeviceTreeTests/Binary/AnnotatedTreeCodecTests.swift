import DeviceTree
import Diagnostics
import Foundation
import Testing

/// A compiled tree stored by `AnnotatedTreeCodec` comes back equal in every field (labels,
/// source locations, number styles, plugin flag), and damaged bytes never decode to a tree
/// nor trap.
@Suite struct AnnotatedTreeCodecTests {
    static let files = DTCOracle.fixtureFiles("valid") + DTCOracle.fixtureFiles("cpp")
    /// Overlays whose `__fixups__` property names a DTB cannot carry as written do not decode
    /// (the host-tree cache then just misses); the others come back equal.
    static let overlays = DTCOracle.fixtureFiles("symbols")

    static func compiled(_ file: String) -> DeviceTree? {
        var options = DTSCompileOptions()
        options.includeDirectories = [DTCOracle.fixtures.appendingPathComponent("cpp/include").path]
        options.generateSymbols = file.contains("/symbols/")
        return try? DTSCompiler.compile(file: file, options: options).get()
    }

    @Test func fixturesAreFound() {
        #expect(Self.files.count >= 15 && Self.overlays.count >= 5)
    }

    @Test("a compiled tree decodes equal to itself", arguments: files)
    func roundTrip(_ file: String) throws {
        let tree = try #require(Self.compiled(file), "\(file) does not compile")
        let bytes = try #require(AnnotatedTreeCodec.encode(tree))
        #expect(AnnotatedTreeCodec.decode(bytes) == tree)
    }

    @Test("an overlay decodes equal to itself or not at all", arguments: overlays)
    func overlayRoundTrip(_ file: String) throws {
        let tree = try #require(Self.compiled(file), "\(file) does not compile")
        let bytes = try #require(AnnotatedTreeCodec.encode(tree))
        if let decoded = AnnotatedTreeCodec.decode(bytes) { #expect(decoded == tree) }
    }

    @Test func locationsAndLabelsSurvive() throws {
        let source = "/dts-v1/;\n/memreserve/ 0x1000 0x10;\n/ {\n\tl: n@1 {\n\t\tp: q = <7>;\n\t\te;\n\t};\n};\n"
        let tree = try DTSCompiler.compile(source: source, fileName: "x.dts", options: DTSCompileOptions()).get()
        let bytes = try #require(AnnotatedTreeCodec.encode(tree))
        let decoded = try #require(AnnotatedTreeCodec.decode(bytes))
        let node = try #require(decoded.root.child("n@1"))
        #expect(node.labels == ["l"])
        #expect(node.location?.file == "x.dts" && node.location?.line == 4)
        #expect(node.property("q")?.location?.line == 5)
        #expect(node.property("q")?.labels == ["p"])
        #expect(node.property("e")?.value == PropertyValue())
        #expect(decoded == tree)
    }

    /// Every truncation, and one flipped byte at every offset of a small tree, decodes to nil
    /// or to some tree; none traps. Truncations and extra bytes are always refused.
    @Test func damagedBytesNeverTrap() throws {
        let source = "/dts-v1/;\n/ {\n\ta: n { p = \"x\"; c: m { r = <1 2>; }; };\n};\n"
        let tree = try DTSCompiler.compile(source: source, fileName: "d.dts", options: DTSCompileOptions()).get()
        let bytes = try #require(AnnotatedTreeCodec.encode(tree))
        for length in 0..<bytes.count {
            #expect(AnnotatedTreeCodec.decode(Array(bytes.prefix(length))) == nil, "a prefix of \(length) bytes decoded")
        }
        #expect(AnnotatedTreeCodec.decode(bytes + [0]) == nil)
        for offset in bytes.indices {
            var damaged = bytes
            damaged[offset] ^= 0xff
            _ = AnnotatedTreeCodec.decode(damaged)
        }
    }
}
