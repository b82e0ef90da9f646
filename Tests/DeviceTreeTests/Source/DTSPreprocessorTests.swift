import DeviceTree
import Diagnostics
import Foundation
import Testing
import XenPTTestSupport

/// Sources using `#include`/`#define` go through the system cpp like the Linux build.
@Suite("DTS through the C preprocessor")
struct DTSPreprocessorTests {
    static let folder = DTCOracle.fixtures.appendingPathComponent("cpp")
    /// Whether the cpp tests run: when cpp is installed, and always under `CI=true`, where a
    /// missing cpp fails them instead of skipping.
    static let cppAvailable: Bool = {
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/cpp") { return true }
        if isCI { return true }
        print("SKIP: /usr/bin/cpp not installed; skipping the preprocessor tests")
        return false
    }()

    /// `cpp … | dtc`, the way the kernel build runs them.
    private func oracle(_ file: String, defines: [String]) throws -> [UInt8]? {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("xenpt-cpp-oracle-\(UUID().uuidString).dts")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/cpp")
        process.arguments = ["-nostdinc", "-undef", "-D__DTS__", "-x", "assembler-with-cpp", "-I", Self.folder.appendingPathComponent("include").path]
            + defines.flatMap { ["-D", $0] } + ["-o", output.path, file]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return try DTCOracle.compileFile(output.path).blob
    }

    @Test("a Linux-shaped board compiles like cpp | dtc", .enabled(if: DTCOracle.shouldRun && cppAvailable, "dtc or cpp not installed: skipped"), arguments: [[], ["WITH_SECOND_ETH"]])
    func board(_ defines: [String]) throws {
        let file = Self.folder.appendingPathComponent("board.dts").path
        let expected = try #require(try oracle(file, defines: defines))
        let options = DTSCompileOptions(includeDirectories: [Self.folder.appendingPathComponent("include").path], defines: defines)
        let tree = try DTSCompiler.compile(file: file, options: options).get()
        #expect(try DTBWriter.write(tree) == expected)
    }

    @Test("positions map back to the original files through line markers", .enabled(if: cppAvailable, "cpp not installed: skipped"))
    func positions() throws {
        let file = Self.folder.appendingPathComponent("board.dts").path
        let options = DTSCompileOptions(includeDirectories: [Self.folder.appendingPathComponent("include").path])
        let tree = try DTSCompiler.compile(file: file, options: options).get()
        let soc = try #require(tree.root.child("soc"))
        let serial = try #require(soc.child("serial@fff02000"))
        #expect(serial.location?.file.hasSuffix("cpp/soc.dtsi") == true)
        #expect(serial.location?.line == 37)
        // Columns are those of cpp's output (it rewrites leading blanks and expands macros).
        #expect(serial.location?.column == 10)
        let memory = try #require(tree.root.child("memory@0"))
        #expect(memory.location == SourceLocation(file: file, line: 21, column: 2))
        #expect(memory.property("reg")?.cells == [0, 0x4000_0000])
    }

    @Test("source text with a directive is preprocessed; errors point into it", .enabled(if: cppAvailable, "cpp not installed: skipped"))
    func sourceText() throws {
        let source = "/dts-v1/;\n#define VALUE 42\n/ {\n\tv = <VALUE>;\n\tbad = <&missing>;\n};\n"
        guard case .failure(let list) = DTSCompiler.compile(source: source, fileName: "virtual/board.dts", options: DTSCompileOptions()) else {
            Issue.record("accepted")
            return
        }
        #expect(list.diagnostics.first?.location == SourceLocation(file: "virtual/board.dts", line: 5, column: 9))
        let good = try DTSCompiler.compile(source: "/dts-v1/;\n#define VALUE 42\n/ { v = <VALUE>; };\n", fileName: "b.dts", options: DTSCompileOptions()).get()
        #expect(good.root.property("v")?.singleCell == 42)
    }

    @Test("a cpp error is a located diagnostic", .enabled(if: cppAvailable, "cpp not installed: skipped"))
    func cppError() {
        let source = "/dts-v1/;\n#include \"does-not-exist.h\"\n/ { };\n"
        guard case .failure(let list) = DTSCompiler.compile(source: source, fileName: "x.dts", options: DTSCompileOptions()) else {
            Issue.record("accepted")
            return
        }
        #expect(list.diagnostics.first?.code == "XPT-DTS-PREPROCESSOR")
        #expect(list.diagnostics.first?.location?.file == "x.dts")
        #expect(list.diagnostics.first?.location?.line == 2)
    }

    @Test("never mode leaves directives to dtc's lexer")
    func neverMode() {
        let source = "/dts-v1/;\n#define X 1\n/ { };\n"
        guard case .failure(let list) = DTSCompiler.compile(source: source, fileName: "x.dts", options: DTSCompileOptions(usePreprocessor: .never)) else {
            Issue.record("accepted")
            return
        }
        #expect(list.diagnostics.first?.code == "XPT-DTS-SYNTAX")
    }
}
