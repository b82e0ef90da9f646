import Foundation
import Testing
import XenPTTestSupport

/// `xenpt init` on each shipped example's host tree: the board manifest it writes is pinned in
/// `Tests/xenptTests/Imports/init-<example>.yaml`, loads (`xenpt survey` accepts it), and
/// the command prints the next step.
struct InitOnExamples {
    @Test(arguments: [("midway", "midway.dts", "4.17"), ("zcu102", "zcu102.dts", "4.18")])
    func writesABoardManifestThatLoads(_ example: String, _ host: String, _ xen: String) throws {
        try TemporaryDirectory.with(prefix: "init") { directory in
            try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("examples/\(example)"), to: directory.appendingPathComponent(example))
            var environment = ProcessInfo.processInfo.environment
            environment["XENPT_SCHEMAS"] = packageRoot.appendingPathComponent("schemas").path
            let run = try Subprocess.run(xenptExecutable, args: ["init", "\(example)/\(host)", "--xen", xen, "-o", "\(example)/new-board.yaml"],
                                         currentDirectory: directory, environment: environment)
            #expect(run.status == 0, "\(run.stderrText)")
            #expect(run.stderrText == "")
            Golden.assertMatches(actual: run.stdoutText, goldenPath: "Tests/xenptTests/Imports/init-\(example).txt")
            let written = try String(contentsOf: directory.appendingPathComponent("\(example)/new-board.yaml"), encoding: .utf8)
            Golden.assertMatches(actual: written, goldenPath: "Tests/xenptTests/Imports/init-\(example).yaml")
            let survey = try Subprocess.run(xenptExecutable, args: ["survey", "\(example)/new-board.yaml"], currentDirectory: directory, environment: environment)
            #expect(survey.status == 0, "\(survey.stderrText)")
        }
    }
}
