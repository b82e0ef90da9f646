import DeviceTree
import Diagnostics
import Foundation
import Testing

/// `/include/` and `/incbin/` look next to the including file, then in the include directories.
@Suite("DTS includes")
struct DTSIncludeTests {
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("xenpt-include-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: url.appendingPathComponent("search"), withIntermediateDirectories: true)
        return url
    }

    @Test("search directories after the file's own folder")
    func searchPath() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("/ { from-search; blob = /incbin/(\"data.bin\"); };\n".utf8).write(to: root.appendingPathComponent("search/common.dtsi"))
        try Data([1, 2, 3]).write(to: root.appendingPathComponent("search/data.bin"))
        try Data("/dts-v1/;\n/include/ \"common.dtsi\"\n/ { local; };\n".utf8).write(to: root.appendingPathComponent("sub/board.dts"))
        let options = DTSCompileOptions(includeDirectories: [root.appendingPathComponent("search").path], usePreprocessor: .never)
        let tree = try DTSCompiler.compile(file: root.appendingPathComponent("sub/board.dts").path, options: options).get()
        #expect(tree.root.properties.map(\.name) == ["from-search", "blob", "local"])
        #expect(tree.root.property("blob")?.bytes == [1, 2, 3])
        #expect(tree.root.property("from-search")?.location?.file == root.appendingPathComponent("search/common.dtsi").path)
        #expect(tree.root.property("local")?.location?.line == 3)
    }

    @Test("an include cycle stops with an error")
    func cycle() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("/include/ \"loop.dtsi\"\n".utf8).write(to: root.appendingPathComponent("loop.dtsi"))
        try Data("/dts-v1/;\n/include/ \"loop.dtsi\"\n/ { };\n".utf8).write(to: root.appendingPathComponent("main.dts"))
        guard case .failure(let list) = DTSCompiler.compile(file: root.appendingPathComponent("main.dts").path, options: DTSCompileOptions(usePreprocessor: .never)) else {
            Issue.record("accepted")
            return
        }
        #expect(list.diagnostics.first?.code == "XPT-DTS-INCLUDE")
        #expect(list.diagnostics.first?.message == "includes nested too deeply")
    }

    @Test("an unreadable input file is one diagnostic")
    func missingFile() {
        guard case .failure(let list) = DTSCompiler.compile(file: "/nonexistent/board.dts", options: DTSCompileOptions()) else {
            Issue.record("accepted")
            return
        }
        #expect(list.diagnostics.map(\.code) == ["XPT-DTS-IO"])
    }
}
