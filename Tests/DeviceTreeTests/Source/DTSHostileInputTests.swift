@testable import DeviceTree
import Diagnostics
import Foundation
import Testing

/// Includes and `/incbin/` of paths that are not readable regular files, long lines and the
/// decompiler's escapes: each ends in a located diagnostic or a faithful result.
@Suite("DTS hostile input")
struct DTSHostileInputTests {
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("xenpt-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("dir"), withIntermediateDirectories: true)
        return url
    }

    /// Compiles `source` as `main.dts` in `root`; the first diagnostic, or nil when it compiles.
    private func firstDiagnostic(_ source: String, in root: URL) throws -> Diagnostic? {
        let path = root.appendingPathComponent("main.dts").path
        try Data(source.utf8).write(to: URL(fileURLWithPath: path))
        guard case .failure(let list) = DTSCompiler.compile(file: path, options: DTSCompileOptions(usePreprocessor: .never)) else { return nil }
        return list.diagnostics.first
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var source: String
        var code: String
        var message: String
        var column: Int
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "include of a folder", source: "/dts-v1/;\n/include/ \"dir\"\n/ { };\n", code: "XPT-DTS-INCLUDE",
             message: "cannot open included file \"dir\": is a folder, not a file", column: 1),
        Case(name: "include of /dev/null", source: "/dts-v1/;\n/include/ \"/dev/null\"\n/ { };\n", code: "XPT-DTS-INCLUDE",
             message: "cannot open included file \"/dev/null\": is a character device, not a regular file", column: 1),
        Case(name: "include of /dev/zero", source: "/dts-v1/;\n/include/ \"/dev/zero\"\n/ { };\n", code: "XPT-DTS-INCLUDE",
             message: "cannot open included file \"/dev/zero\": is a character device, not a regular file", column: 1),
        Case(name: "include of a symbolic link loop", source: "/dts-v1/;\n/include/ \"loop\"\n/ { };\n", code: "XPT-DTS-INCLUDE",
             message: "cannot open included file \"loop\": symbolic link loop (too many levels of symbolic links)", column: 1),
        Case(name: "include of a missing file", source: "/dts-v1/;\n/include/ \"absent.dtsi\"\n/ { };\n", code: "XPT-DTS-INCLUDE",
             message: "cannot open included file \"absent.dtsi\": no such file", column: 1),
        Case(name: "incbin of /dev/zero", source: "/dts-v1/;\n/ { blob = /incbin/(\"/dev/zero\"); };\n", code: "XPT-DTS-INCBIN",
             message: "cannot open \"/dev/zero\": is a character device, not a regular file", column: 21),
        Case(name: "incbin of /dev/zero with a length", source: "/dts-v1/;\n/ { blob = /incbin/(\"/dev/zero\", 0, 16); };\n", code: "XPT-DTS-INCBIN",
             message: "cannot open \"/dev/zero\": is a character device, not a regular file", column: 21),
        Case(name: "incbin of a folder", source: "/dts-v1/;\n/ { blob = /incbin/(\"dir\"); };\n", code: "XPT-DTS-INCBIN",
             message: "cannot open \"dir\": is a folder, not a file", column: 21),
        Case(name: "incbin of a symbolic link loop", source: "/dts-v1/;\n/ { blob = /incbin/(\"loop\"); };\n", code: "XPT-DTS-INCBIN",
             message: "cannot open \"loop\": symbolic link loop (too many levels of symbolic links)", column: 21),
        Case(name: "incbin of a missing file", source: "/dts-v1/;\n/ { blob = /incbin/(\"absent.bin\"); };\n", code: "XPT-DTS-INCBIN",
             message: "cannot open \"absent.bin\": no such file", column: 21),
    ]

    @Test(arguments: cases)
    func refuses(_ hostile: Case) throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("loop").path, withDestinationPath: "loop")
        let diagnostic = try firstDiagnostic(hostile.source, in: root)
        #expect(diagnostic?.code == hostile.code)
        #expect(diagnostic?.message == hostile.message)
        #expect(diagnostic?.location == SourceLocation(file: root.appendingPathComponent("main.dts").path, line: 2, column: hostile.column))
    }

    @Test func aFolderGivenAsTheSourceSaysSo() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("dir").path
        guard case .failure(let list) = DTSCompiler.compile(file: path, options: DTSCompileOptions()) else {
            Issue.record("accepted")
            return
        }
        #expect(list.diagnostics.map(\.message) == ["cannot read `\(path)`: is a folder, not a file"])
    }

    @Test func aMissingFolderEntryMovesOnToTheSearchPath() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("/ { found; };\n".utf8).write(to: root.appendingPathComponent("dir/common.dtsi"))
        let path = root.appendingPathComponent("main.dts").path
        try Data("/dts-v1/;\n/include/ \"common.dtsi\"\n".utf8).write(to: URL(fileURLWithPath: path))
        let options = DTSCompileOptions(includeDirectories: [root.appendingPathComponent("dir").path], usePreprocessor: .never)
        let tree = try DTSCompiler.compile(file: path, options: options).get()
        #expect(tree.root.properties.map(\.name) == ["found"])
    }

    @Test func anErrorAfterAHundredThousandCellsOnOneLineIsLocated() throws {
        let cells = Array(repeating: "0x1", count: 100_000).joined(separator: " ")
        let source = "/dts-v1/;\n/ { p = <" + cells + " &nowhere>; };\n"
        guard case .failure(let list) = DTSCompiler.compile(source: source, fileName: "long.dts", options: DTSCompileOptions(usePreprocessor: .never)) else {
            Issue.record("accepted")
            return
        }
        #expect(list.diagnostics.first?.message == "reference to non-existent node or label 'nowhere'")
        #expect(list.diagnostics.first?.location == SourceLocation(file: "long.dts", line: 2, column: 10 + 400_000))
    }

    @Test func columnsCountCharactersNotBytesAcrossOneLine() throws {
        // Each "é" is two bytes and one column; the mark carried between tokens must agree.
        let source = "/dts-v1/;\n/ { a = \"é\"; b = \"éé\"; c = <&x>; };\n"
        guard case .failure(let list) = DTSCompiler.compile(source: source, fileName: "u.dts", options: DTSCompileOptions(usePreprocessor: .never)) else {
            Issue.record("accepted")
            return
        }
        #expect(list.diagnostics.first?.location == SourceLocation(file: "u.dts", line: 2, column: 29))
    }

    @Test func aNulBeforeAnOctalDigitDecompilesToTextThatReadsBack() throws {
        // "/passthrough/ethernet\0" "4020000\0" as one value: dtc prints `\04020000`, which
        // reads back as byte 0o040 (a space) followed by "20000".
        let value = Array("/passthrough/ethernet".utf8) + [0] + Array("4020000".utf8) + [0]
        let tree = DeviceTree(root: Node(name: "", properties: [Property(name: "p", value: PropertyValue([.bytes(value)]))]))
        let text = DTSPrinter.decompile(tree)
        #expect(text == "/dts-v1/;\n\n/ {\n\tp = \"/passthrough/ethernet\\x004020000\";\n};\n")
        let again = try DTSCompiler.compile(source: text, fileName: "again.dts", options: DTSCompileOptions()).get()
        #expect(again.root.property("p")?.bytes == value)
        // A NUL before anything else keeps dtc's `\0`.
        let plain = DeviceTree(root: Node(name: "", properties: [Property(name: "p", value: PropertyValue([.bytes(Array("a".utf8) + [0, 0x38, 0]) ]))]))
        #expect(DTSPrinter.decompile(plain) == "/dts-v1/;\n\n/ {\n\tp = \"a\\08\";\n};\n")
    }
}

/// cpp runs under limits: an include of an endless device ends in a diagnostic, not a hang.
@Suite("DTS preprocessor limits")
struct DTSPreprocessorLimitTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/cpp") || ProcessInfo.processInfo.environment["CI"] == "true"))
    func anIncludeOfDevZeroStops() {
        let source = "/dts-v1/;\n#include \"/dev/zero\"\n/ { };\n"
        guard case .failure(let list) = DTSCompiler.compile(source: source, fileName: "zero.dts", options: DTSCompileOptions(usePreprocessor: .always)) else {
            Issue.record("accepted")
            return
        }
        #expect(list.diagnostics.map(\.code) == ["XPT-DTS-PREPROCESSOR"])
        #expect(list.diagnostics.first?.message == "the c preprocessor ran out of memory (limits: 1024 MiB of memory, 60 s of CPU time, 64 MiB of output)")
        #expect(list.diagnostics.first?.location == SourceLocation(file: "zero.dts", line: 1, column: 1))
    }

    @Test func aDriverLineNamingALimitSaysWhichLimit() {
        #expect(DTSPreprocessor.passedLimit("cpp: internal compiler error: File size limit exceeded signal terminated program cc1")
                == "the c preprocessor was stopped: file size limit exceeded (limits: 1024 MiB of memory, 60 s of CPU time, 64 MiB of output)")
        #expect(DTSPreprocessor.passedLimit("x.dts:3:1: error: unterminated comment") == nil)
    }

    @Test func cppHeaderListIsSplitFromItsMessages() {
        let (opened, messages) = DTSPreprocessor.splitHeaderList(". /a/b.h\n.. c.h\nx.dts:1:2: error: bad\n")
        #expect(opened == ["/a/b.h", "c.h"])
        #expect(messages == "x.dts:1:2: error: bad\n")
    }

    @Test func theIncludeSiteComesFromTheLineMarkers() {
        let output = Array("# 1 \"main.dts\"\n/dts-v1/;\n\n# 1 \"/etc/x\" 1\nroot\n".utf8)
        #expect(DTSPreprocessor.includeSite(of: "/etc/x", in: output, aliases: ["main.dts": "board.dts"])
                == SourceLocation(file: "board.dts", line: 3, column: 1))
    }
}
