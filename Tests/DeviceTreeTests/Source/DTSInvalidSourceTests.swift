import DeviceTree
import Diagnostics
import Foundation
import Testing

/// A source dtc rejects, with the diagnostic we must give for it.
struct InvalidSource: CustomTestStringConvertible, Sendable {
    let name: String
    let source: String
    let code: String
    let line: Int
    let column: Int

    var testDescription: String { name }
}

/// Sources dtc 1.6.1 rejects: each gives the exact code at the offending token.
@Suite("DTS sources dtc rejects")
struct DTSInvalidSourceTests {
    static let v1 = "/dts-v1/;\n"

    static let cases: [InvalidSource] = [
        InvalidSource(name: "missing semicolon", source: v1 + "/ {\n\ta = <1>\n};\n", code: "XPT-DTS-SYNTAX", line: 4, column: 1),
        InvalidSource(name: "missing /dts-v1/", source: "/ { };\n", code: "XPT-DTS-SYNTAX", line: 1, column: 1),
        InvalidSource(name: "bare expression in cells", source: v1 + "/ {\n\ta = <1 + 2>;\n};\n", code: "XPT-DTS-SYNTAX", line: 3, column: 9),
        InvalidSource(name: "unterminated string", source: v1 + "/ {\n\ta = \"abc;\n};\n", code: "XPT-DTS-SYNTAX", line: 3, column: 6),
        InvalidSource(name: "unterminated comment", source: v1 + "/ {\n\ta; /* never closed\n};\n", code: "XPT-DTS-SYNTAX", line: 3, column: 5),
        InvalidSource(name: "odd byte string", source: v1 + "/ {\n\ta = [0 1];\n};\n", code: "XPT-DTS-SYNTAX", line: 3, column: 7),
        InvalidSource(name: "line comment at end of file", source: v1 + "/ { };\n// no newline", code: "XPT-DTS-SYNTAX", line: 3, column: 2),
        InvalidSource(name: "duplicate node", source: v1 + "/ {\n\tn { };\n\tn { };\n};\n", code: "XPT-DTS-DUPLICATE-NODE", line: 4, column: 2),
        InvalidSource(name: "node and its delete marker", source: v1 + "/ {\n\tn { };\n\t/delete-node/ n;\n};\n", code: "XPT-DTS-DUPLICATE-NODE", line: 4, column: 2),
        InvalidSource(name: "duplicate property", source: v1 + "/ {\n\ta = <1>;\n\ta = <2>;\n};\n", code: "XPT-DTS-DUPLICATE-PROPERTY", line: 4, column: 2),
        InvalidSource(name: "unknown label in cells", source: v1 + "/ {\n\tp = <&nope>;\n};\n", code: "XPT-DTS-UNKNOWN-LABEL", line: 3, column: 7),
        InvalidSource(name: "unknown label as path", source: v1 + "/ {\n\tp = \"x\", &nope;\n};\n", code: "XPT-DTS-UNKNOWN-LABEL", line: 3, column: 11),
        InvalidSource(name: "unknown path in cells", source: v1 + "/ {\n\tp = <&{/missing}>;\n};\n", code: "XPT-DTS-UNKNOWN-PATH", line: 3, column: 7),
        InvalidSource(name: "label of a property is not a node", source: v1 + "/ {\n\tl: q;\n\tp = <&l>;\n};\n", code: "XPT-DTS-UNKNOWN-LABEL", line: 4, column: 7),
        InvalidSource(name: "merge into unknown label", source: v1 + "/ { };\n&nope { x; };\n", code: "XPT-DTS-UNKNOWN-LABEL", line: 3, column: 1),
        InvalidSource(name: "merge into unknown path", source: v1 + "/ { };\n&{/a/b} { x; };\n", code: "XPT-DTS-UNKNOWN-PATH", line: 3, column: 1),
        InvalidSource(name: "reference before the root", source: v1 + "&nope { x; };\n", code: "XPT-DTS-UNKNOWN-LABEL", line: 2, column: 1),
        InvalidSource(name: "delete unknown node", source: v1 + "/ { };\n/delete-node/ &nope;\n", code: "XPT-DTS-UNKNOWN-LABEL", line: 3, column: 15),
        InvalidSource(name: "label defined later in merge body", source: v1 + "/ { };\n&inner { inner: n { }; };\n", code: "XPT-DTS-UNKNOWN-LABEL", line: 3, column: 1),
        InvalidSource(name: "duplicate node labels", source: v1 + "/ {\n\tl: a { };\n\tl: b { };\n};\n", code: "XPT-DTS-DUPLICATE-LABEL", line: 4, column: 2),
        InvalidSource(name: "node and property label", source: v1 + "/ {\n\tl: a { l: p; };\n};\n", code: "XPT-DTS-DUPLICATE-LABEL", line: 3, column: 9),
        InvalidSource(name: "value labels", source: v1 + "/ {\n\tp = <x: 1 x: 2>;\n};\n", code: "XPT-DTS-DUPLICATE-LABEL", line: 3, column: 12),
        InvalidSource(name: "reference in 16-bit cells", source: v1 + "/ {\n\tp = /bits/ 16 <&a>;\n\ta: a { };\n};\n", code: "XPT-DTS-BITS-REFERENCE", line: 3, column: 17),
        InvalidSource(name: "bad /bits/ width", source: v1 + "/ {\n\tp = /bits/ 7 <1>;\n};\n", code: "XPT-DTS-BITS", line: 3, column: 13),
        InvalidSource(name: "value too big for 8 bits", source: v1 + "/ {\n\tp = /bits/ 8 <1 256>;\n};\n", code: "XPT-DTS-RANGE", line: 3, column: 18),
        InvalidSource(name: "value too big for 32 bits", source: v1 + "/ {\n\tp = <0x100000000>;\n};\n", code: "XPT-DTS-RANGE", line: 3, column: 7),
        InvalidSource(name: "division by zero", source: v1 + "/ {\n\tp = <(7 + 1 / 0)>;\n};\n", code: "XPT-DTS-DIVISION-BY-ZERO", line: 3, column: 12),
        InvalidSource(name: "modulo by zero", source: v1 + "/ {\n\tp = <(7 % (1 - 1))>;\n};\n", code: "XPT-DTS-DIVISION-BY-ZERO", line: 3, column: 8),
        InvalidSource(name: "octal literal with 8", source: v1 + "/ {\n\tp = <08>;\n};\n", code: "XPT-DTS-INTEGER", line: 3, column: 7),
        InvalidSource(name: "literal above 64 bits", source: v1 + "/ {\n\tp = /bits/ 64 <0x10000000000000000>;\n};\n", code: "XPT-DTS-INTEGER", line: 3, column: 17),
        InvalidSource(name: "empty character literal", source: v1 + "/ {\n\tp = <''>;\n};\n", code: "XPT-DTS-CHAR-LITERAL", line: 3, column: 7),
        InvalidSource(name: "long character literal", source: v1 + "/ {\n\tp = <'ab'>;\n};\n", code: "XPT-DTS-CHAR-LITERAL", line: 3, column: 7),
        InvalidSource(name: "\\x without digits", source: v1 + "/ {\n\tp = \"a\\xg\";\n};\n", code: "XPT-DTS-ESCAPE", line: 3, column: 6),
        InvalidSource(name: "missing /incbin/ file", source: v1 + "/ {\n\tp = /incbin/(\"no-such-file.bin\");\n};\n", code: "XPT-DTS-INCBIN", line: 3, column: 15),
        InvalidSource(name: "missing /include/ file", source: v1 + "/include/ \"no-such-file.dtsi\"\n/ { };\n", code: "XPT-DTS-INCLUDE", line: 2, column: 1),
        InvalidSource(name: "duplicate phandle", source: v1 + "/ {\n\ta { phandle = <1>; };\n\tb { phandle = <1>; };\n};\n", code: "XPT-DTS-DUPLICATE-PHANDLE", line: 4, column: 6),
        InvalidSource(name: "phandle zero", source: v1 + "/ {\n\ta { phandle = <0>; };\n};\n", code: "XPT-DTS-PHANDLE", line: 3, column: 6),
        InvalidSource(name: "phandle of another node", source: v1 + "/ {\n\tx: x { };\n\ty { phandle = <&x>; };\n};\n", code: "XPT-DTS-PHANDLE", line: 4, column: 6),
        InvalidSource(name: "phandle two cells", source: v1 + "/ {\n\ta { phandle = <1 2>; };\n};\n", code: "XPT-DTS-PHANDLE", line: 3, column: 6),
        InvalidSource(name: "mismatching linux,phandle", source: v1 + "/ {\n\ta { phandle = <1>; linux,phandle = <2>; };\n};\n", code: "XPT-DTS-PHANDLE", line: 3, column: 2),
        InvalidSource(name: "property after subnode", source: v1 + "/ {\n\tn { };\n\tp = <1>;\n};\n", code: "XPT-DTS-PROPERTY-AFTER-NODE", line: 4, column: 2),
        InvalidSource(name: "plugin header mismatch", source: v1 + "/dts-v1/;\n/plugin/;\n/ { };\n", code: "XPT-DTS-HEADER", line: 2, column: 1),
        InvalidSource(name: "bad node name character", source: v1 + "/ {\n\ta#b { };\n};\n", code: "XPT-DTS-NODE-NAME", line: 3, column: 2),
        InvalidSource(name: "two unit addresses", source: v1 + "/ {\n\ta@1@2 { };\n};\n", code: "XPT-DTS-NODE-NAME", line: 3, column: 2),
        InvalidSource(name: "@ in property name", source: v1 + "/ {\n\ta@b = <1>;\n};\n", code: "XPT-DTS-PROPERTY-NAME", line: 3, column: 2),
        InvalidSource(name: "wrong name property", source: v1 + "/ {\n\tn { name = \"m\"; };\n};\n", code: "XPT-DTS-NAME-PROPERTY", line: 3, column: 6),
        InvalidSource(name: "name property not a string", source: v1 + "/ {\n\tn { name = <1>; };\n};\n", code: "XPT-DTS-NAME-PROPERTY", line: 3, column: 6),
        InvalidSource(name: "path reference to unknown label in a plugin", source: "/dts-v1/;\n/plugin/;\n&t {\n\tp = &nope;\n};\n", code: "XPT-DTS-UNKNOWN-LABEL", line: 4, column: 6),
    ]

    @Test("rejected with the exact code and place", arguments: cases)
    func rejected(_ invalid: InvalidSource) {
        let result = DTSCompiler.compile(source: invalid.source, fileName: "bad.dts", options: DTSCompileOptions(usePreprocessor: .never))
        guard case .failure(let list) = result else {
            Issue.record("accepted")
            return
        }
        let first = list.diagnostics.first
        #expect(first?.code == invalid.code, "\(list.diagnostics.map { "\($0.code) \($0.location?.description ?? "-") \($0.message)" })")
        #expect(first?.location == SourceLocation(file: "bad.dts", line: invalid.line, column: invalid.column))
        // The straight path from source to blob (`xenpt dt compile`) reports the same errors.
        if case .failure(.diagnostics(let direct)) = DTSCompiler.compileBlob(bytes: Array(invalid.source.utf8), path: "bad.dts", options: DTSCompileOptions(usePreprocessor: .never)) {
            #expect(direct == list)
        } else {
            Issue.record("accepted when compiled straight to a blob")
        }
        for diagnostic in list.diagnostics {
            #expect(diagnostic.severity == .error)
            #expect(diagnostic.message == diagnostic.message.lowercased() || diagnostic.message.contains("'"), "message should be lowercase: \(diagnostic.message)")
            #expect(!diagnostic.message.hasSuffix("."))
        }
    }

    @Test("dtc rejects the same sources", .enabled(if: DTCOracle.shouldRun, "dtc not installed: oracle comparison skipped"), arguments: cases)
    func dtcRejects(_ invalid: InvalidSource) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("xenpt-invalid-\(UUID().uuidString).dts")
        try Data(invalid.source.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let (blob, _) = try DTCOracle.compileFile(file.path)
        #expect(blob == nil, "dtc accepted \(invalid.name)")
    }

    @Test("nesting deeper than 1024 levels is an error, not a crash")
    func deepNodes() {
        let depth = 5000
        let source = "/dts-v1/;\n/ {" + String(repeating: "a{", count: depth) + String(repeating: "};", count: depth) + "};\n"
        guard case .failure(let list) = DTSCompiler.compile(source: source, fileName: "deep.dts", options: DTSCompileOptions(usePreprocessor: .never)) else {
            Issue.record("accepted")
            return
        }
        #expect(list.diagnostics.first?.code == "XPT-DTS-NESTING")
    }

    @Test("deep expressions are an error, not a crash")
    func deepExpressions() {
        let depth = 5000
        let source = "/dts-v1/;\n/ { p = <" + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth) + ">; };\n"
        guard case .failure(let list) = DTSCompiler.compile(source: source, fileName: "deep.dts", options: DTSCompileOptions(usePreprocessor: .never)) else {
            Issue.record("accepted")
            return
        }
        #expect(list.diagnostics.first?.code == "XPT-DTS-NESTING")
    }

    @Test("moderate nesting compiles")
    func moderateNesting() throws {
        let depth = 1000
        let source = "/dts-v1/;\n/ {" + String(repeating: "a{", count: depth) + String(repeating: "};", count: depth) + "};\n"
        let tree = try DTSCompiler.compile(source: source, fileName: "deep.dts", options: DTSCompileOptions(usePreprocessor: .never)).get()
        var node = tree.root
        var levels = 0
        while let child = node.children.first {
            node = child
            levels += 1
        }
        #expect(levels == depth)
        let blob = try DTBWriter.write(tree)
        #expect(blob.count == 40 + 16 + (depth + 1) * 8 + depth * 4 + 4 + 4)
    }
}
