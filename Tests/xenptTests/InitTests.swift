import Foundation
import Testing
import XenPTTestSupport

/// `xenpt init` on each shipped example's host tree: the board manifest it writes is pinned in
/// `Tests/xenptTests/Imports/init-<example>.yaml`, loads (`xenpt survey` accepts it), the
/// command prints the next step, and answering every question (uncommenting the entries)
/// gives a board that loads with no clock left without a rate.
struct InitOnExamples {
    @Test(arguments: [
        ("midway", "midway.dts", "4.17"), ("zcu102", "zcu102.dts", "4.18"), ("qemu-virt", "qemu-virt.dts", "4.17"),
        ("salvator-xs", "salvator-xs.dts", "4.18"), ("imx8qm-mek", "imx8qm-mek.dts", "4.18"), ("rpi4", "rpi4.dts", "4.17"), ("juno", "juno.dts", "4.19"),
    ])
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

            // Answer every question as a user would: uncomment the entries (an editor removes `# `), fill them in.
            let answered = written.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                guard line.hasPrefix("  # \"") || line.hasPrefix("  #   ") else { return String(line) }
                return ("  " + line.dropFirst(4)).replacingOccurrences(of: "dma: ANSWER", with: "dma: none")
                    .replacingOccurrences(of: "reset: ANSWER", with: "reset: device-specific").replacingOccurrences(of: "RATE_HZ", with: "100000000")
            }.joined(separator: "\n")
            #expect(!answered.contains("ANSWER") && !answered.contains("RATE_HZ"))
            try Data(answered.utf8).write(to: directory.appendingPathComponent("\(example)/answered.yaml"))
            let after = try Subprocess.run(xenptExecutable, args: ["survey", "\(example)/answered.yaml"], currentDirectory: directory, environment: environment)
            #expect(after.status == 0, "\(after.stderrText)")
            #expect(!after.stdoutText.contains("clock-rate-unknown"), "\(after.stdoutText)")
            let again = try Subprocess.run(xenptExecutable, args: ["init", "\(example)/\(host)", "--xen", xen, "-o", "\(example)/again.yaml"],
                                           currentDirectory: directory, environment: environment)
            #expect(again.status == 0)
        }
    }
}
