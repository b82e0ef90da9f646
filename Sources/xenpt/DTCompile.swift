import ArgumentParser
import DeviceTree
import Diagnostics

/// `xenpt dt compile IN.dts [-o OUT.dtb] [-I DIR]… [-@]`: DTS to a DTB identical to dtc's.
struct DTCompile: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile DTS to a DTB, byte-identical to `dtc -I dts -O dtb`."
    )

    /// The source to compile.
    @Argument(help: "The DTS file to compile.")
    var input: String

    /// Where the blob goes; stdout (binary) when absent.
    @Option(name: .shortAndLong, help: "Write the DTB to this file (atomically) instead of stdout.")
    var output: String?

    /// Folders searched by `/include/`, `/incbin/` and cpp `#include`.
    @Option(name: .customShort("I"), help: "Add a folder to the include search path (repeatable).")
    var includeDirectories: [String] = []

    /// dtc's `-@`.
    @Flag(name: .customShort("@"), help: "Add a __symbols__ node for labels, as dtc -@ does.")
    var symbols = false

    func run() throws {
        // An unreadable input is reported the same way for every command.
        let source = try DTFiles.readOrExit(input)
        let options = DTSCompileOptions(includeDirectories: includeDirectories, generateSymbols: symbols)
        let blob: [UInt8]
        switch DTSCompiler.compileBlob(bytes: source, path: input, options: options) {
        case .success(let compiled):
            blob = compiled
        case .failure(.diagnostics(let list)):
            let renderer = ConciseRenderer()
            let text = list.diagnostics.map { renderer.line(for: $0) + "\n" }.joined()
            DTFiles.writeAll(2, Array(text.utf8))
            throw ExitCode(ExitStatus.badInput)
        case .failure(.write(let error)):
            DTFiles.report(file: input, code: "XPT-DTB-WRITE", message: Self.message(error))
            throw ExitCode(ExitStatus.badInput)
        }
        try DTFiles.writeOrExit(blob, to: output)
    }

    /// A lowercase line for a writer failure.
    static func message(_ error: DTBWriteError) -> String {
        switch error {
        case .unresolvedReference(let node, let property):
            "property \(property) of \(node) still holds an unresolved reference"
        case .tooLarge:
            "the blob would exceed the 4 GiB a dtb header can describe"
        }
    }
}
