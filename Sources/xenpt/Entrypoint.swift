import ArgumentParser
import XenPT

/// The `xenpt` command line: one subcommand per file.
@main
struct XenPTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xenpt",
        abstract: "Declarative device passthrough for Xen guests on Arm: lint, plan and build.",
        version: XenPTTool.version,
        subcommands: [Build.self, Lint.self, Plan.self, Rules.self, Explain.self, DTCommand.self]
    )
}
