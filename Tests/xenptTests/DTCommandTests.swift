import Foundation
import Testing
import XenPTTestSupport

/// End-to-end runs of `xenpt dt compile` and `xenpt dt decompile`, checked against dtc.
@Suite struct DTCommandTests {
    /// The built `xenpt` executable.
    static let xenpt = xenptExecutable

    static let source = """
        /dts-v1/;
        /memreserve/ 0x80000000 0x1000;
        /include/ "extra.dtsi"
        / {
        \tcompatible = "test,board";
        \tuart0: serial@9000000 { reg = <0 0x9000000 0 0x1000>; clock-names = "a", "b"; };
        \tchosen { stdout-path = &uart0; tricky = "t\\tab", [00 ff]; };
        };
        """

    static let include = "/ { from-include = <1 2 3>; };\n"

    /// A folder holding `board.dts`, `inc/extra.dtsi` and dtc's `board.dtb`.
    static func makeFolder(dtc: String) throws -> URL {
        let folder = try TemporaryDirectory.make(prefix: "xenpt-dt-cli")
        try source.write(to: folder.appendingPathComponent("board.dts"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("inc"), withIntermediateDirectories: true)
        try include.write(to: folder.appendingPathComponent("inc/extra.dtsi"), atomically: true, encoding: .utf8)
        let made = try Subprocess.run(dtc, args: ["-q", "-i", "inc", "-o", "board.dtb", "board.dts"], currentDirectory: folder)
        #expect(made.status == 0, "dtc failed: \(made.stderrText)")
        return folder
    }

    func read(_ folder: URL, _ name: String) -> [UInt8]? {
        FileManager.default.contents(atPath: folder.appendingPathComponent(name).path).map { [UInt8]($0) }
    }

    /// Names in `folder` that look like leftover temporary outputs.
    func leftovers(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".xenpt-") }
    }

    @Test(.enabled(if: Oracle.find("dtc") != nil || ProcessInfo.processInfo.environment["CI"] == "true", "needs dtc"))
    func decompileMatchesDTC() throws {
        guard let dtc = Oracle.require(tool: "dtc") else { return }
        let folder = try Self.makeFolder(dtc: dtc)
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = try Subprocess.run(dtc, args: ["-q", "-I", "dtb", "-O", "dts", "board.dtb"], currentDirectory: folder)

        let toStdout = try Subprocess.run(Self.xenpt, args: ["dt", "decompile", "board.dtb"], currentDirectory: folder)
        #expect(toStdout.status == 0)
        #expect(toStdout.stderrText == "")
        #expect(toStdout.stdoutText == expected.stdoutText)

        let toFile = try Subprocess.run(Self.xenpt, args: ["dt", "decompile", "board.dtb", "-o", "out.dts"], currentDirectory: folder)
        #expect(toFile.status == 0)
        #expect(toFile.stdout == [])
        #expect(read(folder, "out.dts") == expected.stdout)
        #expect(try leftovers(folder) == [])
    }

    @Test(.enabled(if: Oracle.find("dtc") != nil || ProcessInfo.processInfo.environment["CI"] == "true", "needs dtc"))
    func compileMatchesDTC() throws {
        guard let dtc = Oracle.require(tool: "dtc") else { return }
        let folder = try Self.makeFolder(dtc: dtc)
        defer { try? FileManager.default.removeItem(at: folder) }

        let toFile = try Subprocess.run(Self.xenpt, args: ["dt", "compile", "board.dts", "-I", "inc", "-o", "out.dtb"], currentDirectory: folder)
        #expect(toFile.status == 0)
        #expect(toFile.stderrText == "")
        #expect(read(folder, "out.dtb") == read(folder, "board.dtb"))
        #expect(try leftovers(folder) == [])

        let toStdout = try Subprocess.run(Self.xenpt, args: ["dt", "compile", "-I", "inc", "board.dts"], currentDirectory: folder)
        #expect(toStdout.status == 0)
        #expect(toStdout.stdout == read(folder, "board.dtb"))

        let symbols = try Subprocess.run(dtc, args: ["-q", "-@", "-i", "inc", "-o", "symbols.dtb", "board.dts"], currentDirectory: folder)
        #expect(symbols.status == 0)
        let ours = try Subprocess.run(Self.xenpt, args: ["dt", "compile", "-@", "-I", "inc", "board.dts", "-o", "ours.dtb"], currentDirectory: folder)
        #expect(ours.status == 0)
        #expect(read(folder, "ours.dtb") == read(folder, "symbols.dtb"))
    }

    @Test func decompileRejectsATruncatedBlobAndKeepsTheOldOutput() throws {
        let folder = try TemporaryDirectory.make(prefix: "xenpt-dt-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        // A header that claims 0x100 bytes, in a 40-byte file.
        var blob: [UInt8] = [0xd0, 0x0d, 0xfe, 0xed, 0, 0, 1, 0]
        blob += [UInt8](repeating: 0, count: 12) + [0, 0, 0, 17, 0, 0, 0, 16] + [UInt8](repeating: 0, count: 12)
        try Data(blob).write(to: folder.appendingPathComponent("short.dtb"))
        try Data("old\n".utf8).write(to: folder.appendingPathComponent("out.dts"))

        let run = try Subprocess.run(Self.xenpt, args: ["dt", "decompile", "short.dtb", "-o", "out.dts"], currentDirectory: folder)
        #expect(run.status == 2)
        #expect(run.stderrText == "short.dtb: error[XPT-DTB-READ]: offset 0x4: total size 256 exceeds the 40 bytes given\n")
        #expect(read(folder, "out.dts") == Array("old\n".utf8))
        #expect(try leftovers(folder) == [])

        let toStdout = try Subprocess.run(Self.xenpt, args: ["dt", "decompile", "short.dtb"], currentDirectory: folder)
        #expect(toStdout.status == 2)
        #expect(toStdout.stdout == [])
    }

    @Test func unreadableInputsExitWithTwo() throws {
        let folder = try TemporaryDirectory.make(prefix: "xenpt-dt-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let decompile = try Subprocess.run(Self.xenpt, args: ["dt", "decompile", "missing.dtb"], currentDirectory: folder)
        #expect(decompile.status == 2)
        #expect(decompile.stderrText == "missing.dtb: error[XPT-E007]: cannot read file: no such file\n")
        let compile = try Subprocess.run(Self.xenpt, args: ["dt", "compile", "missing.dts", "-o", "x.dtb"], currentDirectory: folder)
        #expect(compile.status == 2)
        #expect(compile.stderrText == "missing.dts: error[XPT-E007]: cannot read file: no such file\n")
        #expect(read(folder, "x.dtb") == nil)
    }

    @Test func rejectedSourceIsReportedWithItsPositionAndExitsWithTwo() throws {
        let folder = try TemporaryDirectory.make(prefix: "xenpt-dt-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        try "/dts-v1/;\n/ {\n\ta = <1>;\n\tb = \"x\n};\n".write(to: folder.appendingPathComponent("bad.dts"), atomically: true, encoding: .utf8)
        let run = try Subprocess.run(Self.xenpt, args: ["dt", "compile", "bad.dts", "-o", "bad.dtb"], currentDirectory: folder)
        #expect(run.status == 2)
        // The message belongs to the compiler; this command owns the `file:line:col: error[CODE]:` shape.
        #expect(run.stderrText.hasPrefix("bad.dts:4:6: error[XPT-DTS-"))
        #expect(run.stderrText.hasSuffix("\n"))
        #expect(read(folder, "bad.dtb") == nil)
        #expect(try leftovers(folder) == [])
    }
}
