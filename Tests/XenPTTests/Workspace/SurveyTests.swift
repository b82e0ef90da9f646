import Foundation
import Testing
import Diagnostics
import XenPTTestSupport
@testable import XenPT

/// `xenpt survey` is `xenpt lint` of one-device guests: the same request, the same checks.
@Suite struct SurveyTests {
    /// Every board manifest under `examples/` (the qemu-virt GPIO variant included).
    static let exampleBoards: [String] = {
        let examples = packageRoot.appendingPathComponent("examples")
        let files = FileManager.default.enumerator(atPath: examples.path)?.allObjects as? [String] ?? []
        return files.filter { $0.hasSuffix("board.yaml") && !$0.contains("expected/") }.sorted()
            .map { examples.appendingPathComponent($0).path }
    }()

    @Test func everyExampleBoardIsWalked() {
        let examples = packageRoot.appendingPathComponent("examples").path + "/"
        #expect(Self.exampleBoards.map { $0.replacingOccurrences(of: examples, with: "") }
                == ["imx8qm-mek/board.yaml", "juno/board.yaml", "midway/board.yaml", "qemu-virt/board.yaml", "qemu-virt/gpio/board.yaml", "rpi4/board.yaml", "salvator-xs/board.yaml", "zcu102/board.yaml"])
    }

    /// Errors and warnings of a one-device guest, by rule name, as lint reports them.
    static func lintVerdict(device: String, boardFile: String, in folder: URL) throws -> (errors: [String], warnings: [String], loading: [String]) {
        let guest = folder.appendingPathComponent("one.yaml")
        try Data("guest: one\nboard: \(boardFile)\nmemory: 256M\npassthrough:\n  - \"\(device)\"\n".utf8).write(to: guest)
        // The guest sits in a temporary folder and names the example board by its absolute
        // path: the run widens its read roots to the package as `--allow-read` would.
        let loader = WorkspaceLoader(schemaRoot: packageRoot.appendingPathComponent("schemas").path,
                                     allowedFolders: [packageRoot.path])
        let workspace = loader.load(paths: [guest.path])
        let plan = workspace.planAll().first?.plan
        let serious = (plan?.diagnostics ?? []).filter { $0.severity > .info }
        func names(_ severity: Severity) -> [String] {
            Set(serious.filter { $0.severity == severity }.map { RuleRegistry.rule($0.code)?.name ?? $0.code }).sorted()
        }
        return (names(.error), names(.warning), workspace.diagnostics.filter { $0.severity == .error }.map(\.message))
    }

    @Test(arguments: exampleBoards)
    func surveyAgreesWithLintOfEachDeviceAlone(_ boardFile: String) throws {
        let workspace = WorkspaceLoader(schemaRoot: packageRoot.appendingPathComponent("schemas").path).load(paths: [boardFile])
        let board = try #require(workspace.boards.values.first)
        let release = try #require(board.xen.flatMap { workspace.catalog?.release($0) })
        let rows = Survey.run(board: board, release: release)
        #expect(!rows.isEmpty)
        try TemporaryDirectory.with(prefix: "survey") { folder in
            for row in rows {
                let lint = try Self.lintVerdict(device: row.path, boardFile: boardFile, in: folder)
                #expect(lint.loading.isEmpty, "\(row.path): \(lint.loading)")
                #expect(row.errors == lint.errors, "\(row.path): survey \(row.errors), lint \(lint.errors)")
                #expect(row.warnings == lint.warnings, "\(row.path): survey \(row.warnings), lint \(lint.warnings)")
            }
        }
    }

    /// Issue 9: a device on INTID 1002 passed the survey on Xen 4.17 while lint refused it,
    /// because the survey planned without the release's SPI limit.
    @Test func interruptAboveTheReleasesSPILimitBlocksTheSurveyToo() throws {
        let devices = """
            serial@ff000000 {
            	compatible = "arm,pl011";
            	reg = <0xff000000 0x1000>;
            	interrupts = <0 970 4>;
            };
            """
        try TemporaryDirectory.with(prefix: "survey") { folder in
            try Data("board: test\nhost: host.dts\nxen: \"4.17\"\n".utf8).write(to: folder.appendingPathComponent("board.yaml"))
            try Data(soc(devices).utf8).write(to: folder.appendingPathComponent("host.dts"))
            let workspace = WorkspaceLoader(schemaRoot: packageRoot.appendingPathComponent("schemas").path)
                .load(paths: [folder.appendingPathComponent("board.yaml").path])
            let board = try #require(workspace.boards.values.first)
            let release = try #require(workspace.catalog?.release(XenVersion(major: 4, minor: 17)))
            let row = try #require(Survey.run(board: board, release: release).first { $0.path == "/soc/serial@ff000000" })
            #expect(row.interruptIDs == [1002])
            #expect(row.errors.contains("invalid-irq"))
            let lint = try Self.lintVerdict(device: row.path, boardFile: folder.appendingPathComponent("board.yaml").path, in: folder)
            #expect(lint.errors.contains("invalid-irq"))
            #expect(row.errors == lint.errors)
        }
    }
}
