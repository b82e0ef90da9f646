import Foundation
import Testing
import XenPTTestSupport

/// `xenpt build` output end to end: the same bytes however and wherever it runs, concurrent
/// builds that cannot mix, and refusals that name the path.
@Suite struct BuildOutputTests {
    /// Every file under `folder` relative to it, with its bytes (hidden files included).
    static func tree(_ folder: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: folder.path)?.allObjects ?? [] {
            let url = folder.appendingPathComponent(path)
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
            out[path] = isFolder.boolValue ? nil : try Data(contentsOf: url)
        }
        return out
    }

    static func xenpt(_ args: [String], in folder: URL, schemas: URL? = nil) throws -> ProcessOutput {
        var environment = ProcessInfo.processInfo.environment
        environment["XENPT_SCHEMAS"] = schemas?.path
        return try Subprocess.run(xenptExecutable, args: args, currentDirectory: folder, environment: environment)
    }

    /// Copies `examples/<name>` and `schemas/` into `root` as a second checkout would have them.
    static func copyCheckout(example name: String, to root: URL) throws {
        try FileManager.default.createDirectory(at: root.appendingPathComponent("examples"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("examples/\(name)"), to: root.appendingPathComponent("examples/\(name)"))
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("schemas"), to: root.appendingPathComponent("schemas"))
    }

    @Test(arguments: ["midway", "zcu102", "qemu-virt", "salvator-xs"])
    func theSameBytesWhereverAndHoweverXenptRuns(_ name: String) throws {
        try TemporaryDirectory.with(prefix: "anywhere") { temporary in
            let example = packageRoot.appendingPathComponent("examples/\(name)")
            let link = temporary.appendingPathComponent("link")
            try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: example.path)
            let clone = temporary.appendingPathComponent("elsewhere/deeper/clone")
            try Self.copyCheckout(example: name, to: clone)
            // (working folder, paths, shipped schemas, whether the paths cover every board of
            // the example) as users and CI would run it.
            let ways: [(URL, [String], URL?, Bool)] = [
                (packageRoot, ["examples/\(name)"], nil, true),
                (example, ["."], nil, true),
                (example.appendingPathComponent("guests"), [".."], nil, true),
                (example.appendingPathComponent("guests"), ["../board.yaml", "."], nil, false),
                (temporary, [example.path], nil, true),
                (temporary, ["link"], nil, true),
                (link, ["."], nil, true),
                (temporary, [link.path + "/guests", link.path + "/board.yaml"], nil, false),
                (clone, ["examples/\(name)"], clone.appendingPathComponent("schemas"), true),
                (clone.appendingPathComponent("examples/\(name)"), ["."], clone.appendingPathComponent("schemas"), true),
            ]
            // The committed artifacts: `expected/<board>/…` (files beside them are other goldens).
            let expected = try Self.tree(example.appendingPathComponent("expected")).filter { $0.key.contains("/") }
            #expect(!expected.isEmpty)
            for (index, (folder, paths, schemas, whole)) in ways.enumerated() {
                let out = temporary.appendingPathComponent("out-\(index)")
                let result = try Self.xenpt(["build"] + paths + ["--out", out.path], in: folder, schemas: schemas)
                #expect(result.status == 0, "\(folder.path) \(paths): \(result.stderrText)")
                let written = try Self.tree(out)
                if whole {
                    #expect(written.keys.sorted() == expected.keys.sorted(), "\(folder.path) \(paths)")
                } else {
                    #expect(!written.isEmpty && Set(written.keys).isSubset(of: Set(expected.keys)), "\(folder.path) \(paths)")
                }
                for (path, bytes) in written {
                    #expect(expected[path] == bytes, "\(path) differs when run from \(folder.path) with \(paths)")
                }
                // --check agrees with build from every other way of running.
                let reference = temporary.appendingPathComponent(whole ? "out-0" : "out-3")
                let check = try Self.xenpt(["build"] + paths + ["--out", reference.path, "--check"], in: folder, schemas: schemas)
                #expect(check.status == 0, "\(folder.path) \(paths): \(check.stderrText)")
                #expect(check.stdoutText == "\(written.count) artifacts up to date\n")
            }
        }
    }

    @Test func concurrentBuildsIntoOneFolderLeaveOneBuildsBytes() throws {
        try TemporaryDirectory.with(prefix: "concurrent") { temporary in
            // Two checkouts whose board manifests differ by a comment: every header differs.
            let first = temporary.appendingPathComponent("a")
            let second = temporary.appendingPathComponent("b")
            try Self.copyCheckout(example: "zcu102", to: first)
            try Self.copyCheckout(example: "zcu102", to: second)
            let board = second.appendingPathComponent("examples/zcu102/board.yaml")
            try Data((try String(contentsOf: board, encoding: .utf8) + "# the second checkout\n").utf8).write(to: board)
            var alone: [[String: Data]] = []
            for checkout in [first, second] {
                let out = checkout.appendingPathComponent("alone")
                #expect(try Self.xenpt(["build", "examples/zcu102", "--out", out.path], in: checkout).status == 0)
                alone.append(try Self.tree(out))
            }
            #expect(alone[0] != alone[1])
            let shared = temporary.appendingPathComponent("shared")
            for round in 0..<4 {
                let processes = [first, second].map { checkout in
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: xenptExecutable)
                    process.arguments = ["build", "examples/zcu102", "--out", shared.path]
                    process.currentDirectoryURL = checkout
                    process.standardOutput = FileHandle.nullDevice
                    process.standardError = FileHandle.nullDevice
                    return process
                }
                for process in processes { try process.run() }
                for process in processes { process.waitUntilExit() }
                #expect(processes.map(\.terminationStatus) == [0, 0])
                let result = try Self.tree(shared)
                #expect(result == alone[0] || result == alone[1], "round \(round) mixed the two builds")
            }
        }
    }

    @Test func aLinkInTheOutputFolderIsRefusedAndNothingChanges() throws {
        try TemporaryDirectory.with(prefix: "link") { temporary in
            let out = temporary.appendingPathComponent("out")
            let outside = temporary.appendingPathComponent("outside")
            try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: out.appendingPathComponent("midway").path, withDestinationPath: outside.path)
            for extra in [[], ["--check"]] {
                let result = try Self.xenpt(["build", "examples/midway", "--out", out.path] + extra, in: packageRoot)
                #expect(result.status == 2)
                let verb = extra.isEmpty ? "write" : "check"
                let note = extra.isEmpty ? "  = note: nothing under \(out.path) was changed\n" : ""
                #expect(result.stderrText == """
                    1 info (see the info with --show-info)
                    error: cannot \(verb) \(out.path)/midway: is a symbolic link; xenpt never writes through one

                    """ + note)
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path) == [])
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["midway"])
        }
    }

    @Test func aFailedBuildKeepsTheEarlierOutputAndLeavesNoTemporaryFile() throws {
        try TemporaryDirectory.with(prefix: "failed") { temporary in
            try Self.copyCheckout(example: "zcu102", to: temporary)
            let out = temporary.appendingPathComponent("out")
            #expect(try Self.xenpt(["build", "examples/zcu102", "--out", out.path], in: temporary).status == 0)
            let before = try Self.tree(out)
            // Every header would change, but one destination is now a folder.
            let board = temporary.appendingPathComponent("examples/zcu102/board.yaml")
            try Data((try String(contentsOf: board, encoding: .utf8) + "# changed\n").utf8).write(to: board)
            try FileManager.default.removeItem(at: out.appendingPathComponent("zcu102/serial/plan.json"))
            try FileManager.default.createDirectory(at: out.appendingPathComponent("zcu102/serial/plan.json"), withIntermediateDirectories: false)
            let result = try Self.xenpt(["build", "examples/zcu102", "--out", out.path], in: temporary)
            #expect(result.status == 2)
            #expect(result.stderrText.hasSuffix("""
                error: cannot write \(out.path)/zcu102/serial/plan.json: is a folder
                  = note: nothing under \(out.path) was changed

                """))
            var after = try Self.tree(out)
            #expect(after.removeValue(forKey: "zcu102/serial/plan.json") == nil)
            var expected = before
            expected.removeValue(forKey: "zcu102/serial/plan.json")
            #expect(after == expected)
        }
    }

    /// Starts `xenpt build examples/midway --out <out>` while the test holds the folder's lock,
    /// and returns once the build says it waits; stderr goes to `log`.
    static func startWaitingBuild(out: URL, log: URL) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: xenptExecutable)
        process.arguments = ["build", "examples/midway", "--out", out.path]
        process.currentDirectoryURL = packageRoot
        process.standardOutput = FileHandle.nullDevice
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        // Not a timing assertion: it only waits for the line the build prints before blocking.
        while process.isRunning, !((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("note: waiting") { usleep(20_000) }
        return process
    }

    @Test func aBuildWaitsForTheFoldersLockAndWritesAfterIt() throws {
        try TemporaryDirectory.with(prefix: "lock") { temporary in
            let out = temporary.appendingPathComponent("out")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            let lock = open(out.appendingPathComponent(".xenpt.lock").path, O_RDWR | O_CREAT, 0o644)
            #expect(flock(lock, LOCK_EX) == 0)
            let log = temporary.appendingPathComponent("stderr")
            let process = try Self.startWaitingBuild(out: out, log: log)
            #expect(process.isRunning)
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == [".xenpt.lock"])
            close(lock)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(try String(contentsOf: log, encoding: .utf8) == "1 info (see the info with --show-info)\nnote: waiting for another xenpt build into \(out.path) to finish\n")
            // The build removed the lock file it ended up holding.
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["midway"])
        }
    }

    @Test func aBuildInterruptedWhileWaitingLeavesNothing() throws {
        try TemporaryDirectory.with(prefix: "interrupted") { temporary in
            let out = temporary.appendingPathComponent("out")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            let lock = open(out.appendingPathComponent(".xenpt.lock").path, O_RDWR | O_CREAT, 0o644)
            defer { close(lock) }
            #expect(flock(lock, LOCK_EX) == 0)
            let process = try Self.startWaitingBuild(out: out, log: temporary.appendingPathComponent("stderr"))
            #expect(process.isRunning)
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            #expect(process.terminationStatus == SIGTERM)
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == [".xenpt.lock"])
        }
    }

    /// Runs xenpt as a user without root's override of permissions: as nobody under root
    /// (nil when `setpriv` is missing), as is otherwise.
    static func xenptWithoutOverride(_ args: [String], in folder: URL) throws -> ProcessOutput? {
        guard geteuid() == 0 else { return try xenpt(args, in: folder) }
        guard Oracle.find("setpriv") != nil else { return nil }
        return try Subprocess.run("setpriv", args: ["--reuid=65534", "--regid=65534", "--clear-groups", xenptExecutable] + args,
                                  currentDirectory: folder)
    }

    @Test func anUnwritableOutputFolderIsNamedUnlessNothingChanges() throws {
        try TemporaryDirectory.with(prefix: "readonly") { temporary in
            chmod(temporary.path, 0o755)
            let out = temporary.appendingPathComponent("out")
            #expect(try Self.xenpt(["build", "examples/midway", "--out", out.path], in: packageRoot).status == 0)
            chmod(out.path, 0o555)
            defer { chmod(out.path, 0o755) }
            guard let unchanged = try Self.xenptWithoutOverride(["build", "examples/midway", "--out", out.path], in: packageRoot) else { return }
            #expect(unchanged.status == 0)
            #expect(unchanged.stdoutText.hasPrefix("unchanged \(out.path)/midway/host/passthrough.dtso\n"))
            try FileManager.default.removeItem(at: out.appendingPathComponent("midway/net/plan.json"))
            let result = try #require(try Self.xenptWithoutOverride(["build", "examples/midway", "--out", out.path], in: packageRoot))
            #expect(result.status == 2)
            #expect(result.stderrText.hasSuffix("error: cannot write \(out.path): permission denied\n  = note: nothing under \(out.path) was changed\n"))
            #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("midway/net/plan.json").path))
        }
    }

    @Test func aRenameRefusedMidCommitPutsEveryReplacedFileBack() throws {
        // The refusal comes from permissions, which root ignores: as root, xenpt runs as nobody.
        try TemporaryDirectory.with(prefix: "refused") { temporary in
            chmod(temporary.path, 0o755)
            try Self.copyCheckout(example: "midway", to: temporary)
            let out = temporary.appendingPathComponent("out")
            #expect(try Self.xenpt(["build", "examples/midway", "--out", out.path], in: temporary).status == 0)
            for folder in ["", "midway", "midway/host", "midway/net"] { chmod(out.appendingPathComponent(folder).path, 0o777) }
            let before = try Self.tree(out)
            // Every header changes; `midway/host` is renamed before `midway/net`, which refuses.
            let board = temporary.appendingPathComponent("examples/midway/board.yaml")
            try Data((try String(contentsOf: board, encoding: .utf8) + "# changed\n").utf8).write(to: board)
            chmod(out.appendingPathComponent("midway/net").path, 0o555)
            defer { chmod(out.appendingPathComponent("midway/net").path, 0o755) }
            guard let result = try Self.xenptWithoutOverride(["build", "examples/midway", "--out", out.path], in: temporary) else { return }
            #expect(result.status == 2)
            #expect(result.stderrText.hasSuffix("""
                error: cannot write \(out.path)/midway/net/guest.cfg: permission denied
                  = note: nothing under \(out.path) was changed

                """))
            #expect(try Self.tree(out) == before)
        }
    }
}
