import Foundation
import Testing
import XenPTTestSupport

/// `xenpt import` round-trips every shipped example: the generated `guest.cfg` (with its
/// `guest.dtb` as the partial tree to cross-check), imported for its board's manifest, becomes a manifest, pinned in `Tests/xenptTests/Imports/<board>-<guest>.yaml`, whose build writes the same `guest.dtb` bytes, and the same
/// `guest.cfg` and `guest.dts` except for the one header line that names the guest manifest
/// and its hash (it names the imported manifest instead).
struct ImportRoundTrip {
    /// `examples/<example>/expected/<board>/<guest>/guest.cfg` for every shipped guest.
    static let configs: [String] = {
        let examples = packageRoot.appendingPathComponent("examples")
        var found: [String] = []
        for example in ((try? FileManager.default.contentsOfDirectory(atPath: examples.path)) ?? []).sorted() {
            let expected = "examples/\(example)/expected"
            let enumerator = FileManager.default.enumerator(atPath: packageRoot.appendingPathComponent(expected).path)
            while let relative = enumerator?.nextObject() as? String {
                if relative.hasSuffix("/guest.cfg") { found.append("\(expected)/\(relative)") }
            }
        }
        return found.sorted()
    }()

    @Test func everyShippedGuestIsFound() {
        #expect(Self.configs.count >= 5, "only \(Self.configs) found")
    }

    /// The board manifest named `board` under `examples/<example>` (the file whose `board:` it is).
    static func boardManifest(_ board: String, in example: String) -> String? {
        let folder = "examples/\(example)"
        let enumerator = FileManager.default.enumerator(atPath: packageRoot.appendingPathComponent(folder).path)
        var found: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".yaml"), !relative.hasPrefix("expected/"),
                  let text = try? String(contentsOf: packageRoot.appendingPathComponent("\(folder)/\(relative)"), encoding: .utf8) else { continue }
            if text.split(separator: "\n").contains(where: { $0 == "board: \(board)" || $0 == "board: \"\(board)\"" }) { found.append("\(folder)/\(relative)") }
        }
        return found.count == 1 ? found[0] : nil
    }

    @Test(arguments: configs)
    func importThenBuildGivesTheSameArtifacts(_ config: String) throws {
        let parts = config.split(separator: "/").map(String.init)   // examples, EX, expected, BOARD, GUEST, guest.cfg
        let (example, board, guest) = (parts[1], parts[3], parts[4])
        // The generated header names the guest manifest (line 3) relative to the board manifest's folder.
        let header = try String(contentsOf: packageRoot.appendingPathComponent(config), encoding: .utf8).split(separator: "\n").map(String.init)
        let boardManifest = try #require(Self.boardManifest(board, in: example), "no single board manifest for \(board)")
        let boardFolder = boardManifest.split(separator: "/").dropLast().joined(separator: "/")
        let original = try #require(header.count > 2 ? header[2].split(separator: " ").dropFirst().first.map(String.init) : nil)
        let importedInBoard = original.replacingOccurrences(of: ".yaml", with: "-imported.yaml")
        let imported = "\(boardFolder)/\(importedInBoard)"
        try TemporaryDirectory.with(prefix: "import") { directory in
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("examples"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("examples/\(example)"),
                                             to: directory.appendingPathComponent("examples/\(example)"))
            var environment = ProcessInfo.processInfo.environment
            environment["XENPT_SCHEMAS"] = packageRoot.appendingPathComponent("schemas").path
            let expectedFolder = "examples/\(example)/expected/\(board)/\(guest)"
            let run = try Subprocess.run(xenptExecutable, args: [
                "import", config, "--board", boardManifest, "--device-tree", "\(expectedFolder)/guest.dtb", "-o", imported,
            ], currentDirectory: directory, environment: environment)
            #expect(run.status == 0, "\(run.stderrText)")
            #expect(run.stdoutText == "")
            #expect(run.stderrText == "wrote \(imported): everything mapped; next: `xenpt plan \(imported)`, then `xenpt build \(imported)`\n")
            let manifest = try String(contentsOf: directory.appendingPathComponent(imported), encoding: .utf8)
            Golden.assertMatches(actual: manifest, goldenPath: "Tests/xenptTests/Imports/\(board)-\(guest).yaml")

            let build = try Subprocess.run(xenptExecutable, args: ["build", imported, "--out", "out"], currentDirectory: directory, environment: environment)
            #expect(build.status == 0, "\(build.stderrText)")
            let built = directory.appendingPathComponent("out/\(board)/\(guest)")
            let expected = packageRoot.appendingPathComponent(expectedFolder)
            #expect(try Data(contentsOf: built.appendingPathComponent("guest.dtb")) == Data(contentsOf: expected.appendingPathComponent("guest.dtb")))
            for (name, comment) in [("guest.cfg", "#"), ("guest.dts", "//")] {
                let made = try String(contentsOf: built.appendingPathComponent(name), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                let wanted = try String(contentsOf: expected.appendingPathComponent(name), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                #expect(made.count == wanted.count, "\(name): \(made.count) lines, expected \(wanted.count)")
                let differing = zip(made, wanted).enumerated().filter { $0.element.0 != $0.element.1 }
                #expect(differing.map(\.offset) == [2], "\(name): lines differ: \(differing.map(\.offset))")
                for (_, (mine, theirs)) in differing {
                    #expect(theirs.hasPrefix("\(comment) \(original) sha256:"), "\(name): \(theirs)")
                    #expect(mine.hasPrefix("\(comment) \(importedInBoard) sha256:") && mine.count == "\(comment) \(importedInBoard) sha256:".count + 64, "\(name): \(mine)")
                }
            }
        }
    }
}
