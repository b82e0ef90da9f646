import ArgumentParser

/// The `xenpt` command line: one subcommand per file.
@main
struct XenPTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xenpt",
        abstract: "Declarative device passthrough for Xen guests on Arm: lint, plan and build.",
        subcommands: [DTCommand.self]
    )
}
