import ArgumentParser

/// `xenpt dt`: device-tree tools whose outputs match dtc byte for byte.
struct DTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dt",
        abstract: "Device-tree tools: DTS to DTB and back, byte-identical to dtc.",
        subcommands: [DTCompile.self, DTDecompile.self]
    )
}
