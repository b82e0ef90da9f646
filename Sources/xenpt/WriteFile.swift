import ArgumentParser

extension CommandSupport {
    /// Writes one text file atomically (a temporary file renamed over it); an error line and
    /// exit code 2 when that fails.
    static func writeFile(_ path: String, text: String) throws {
        if let failure = DTFiles.writeAtomically(Array(text.utf8), to: path) {
            printError("error: cannot write `\(path)`: \(failure)\n")
            throw ExitCode(ExitStatus.badInput)
        }
    }
}
