import ArgumentParser
import Foundation
import XenPT

/// The `xenpt` command line: one subcommand per file.
@main
struct XenPTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xenpt",
        abstract: "Declarative device passthrough for Xen guests on Arm: lint, plan and build.",
        version: XenPTTool.version,
        subcommands: [Build.self, Lint.self, Plan.self, SurveyCommand.self, MapCommand.self, Rules.self, Explain.self, DTCommand.self,
                      InitCommand.self, ImportCommand.self, CacheCommand.self]
    )

    /// Runs the command; bad usage exits with 2 like unreadable input, not ArgumentParser's 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.badInput)
            }
            exit(withError: error)
        }
    }
}
