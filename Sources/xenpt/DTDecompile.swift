import ArgumentParser
import DeviceTree

/// `xenpt dt decompile IN.dtb [-o OUT.dts]`: DTB to the DTS text `dtc -I dtb -O dts` prints.
struct DTDecompile: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decompile",
        abstract: "Print a DTB as DTS, exactly as `dtc -I dtb -O dts` does."
    )

    /// The blob to read.
    @Argument(help: "The DTB file to read.")
    var input: String

    /// Where the text goes; stdout when absent.
    @Option(name: .shortAndLong, help: "Write the DTS to this file (atomically) instead of stdout.")
    var output: String?

    func run() throws {
        let bytes = try DTFiles.readOrExit(input)
        // The printer checks the whole blob before its first chunk, so a bad blob writes nothing.
        var readError: DTBReadError?
        try DTFiles.streamOrExit(to: output) { sink in
            do throws(DTBReadError) {
                try DTSPrinter.decompile(blob: bytes, sink: sink)
                return true
            } catch {
                readError = error
                return false
            }
        }
        if let readError {
            DTFiles.report(file: input, code: "XPT-DTB-READ", message: readError.description)
            throw ExitCode(ExitStatus.badInput)
        }
    }
}
