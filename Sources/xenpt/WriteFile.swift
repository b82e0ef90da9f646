import ArgumentParser
import Foundation
import XenPT

extension CommandSupport {
    /// The release `--xen` names, nil when not given; an error line and exit code 2 when it is
    /// not a release number.
    static func xenVersion(_ text: String?) throws -> XenVersion? {
        guard let text else { return nil }
        guard let version = XenVersion(text) else {
            printError("error: `--xen \(text)` is not a release like 4.17\n")
            throw ExitCode(ExitStatus.badInput)
        }
        return version
    }

    /// Returns when `path` may be written: absent, or `force`; otherwise an error line and exit code 2.
    static func refuseToReplace(_ path: String?, force: Bool) throws {
        guard let path, !force, FileManager.default.fileExists(atPath: path) else { return }
        printError("error: `\(path)` exists; choose another file with -o, or replace it with --force\n")
        throw ExitCode(ExitStatus.badInput)
    }

    /// Writes one text file atomically (a temporary file renamed over it); an error line and
    /// exit code 2 when that fails.
    static func writeFile(_ path: String, text: String) throws {
        if let failure = StagedFile.write(Array(text.utf8), to: path) {
            printError("error: cannot write `\(path)`: \(failure.reason)\n")
            throw ExitCode(ExitStatus.badInput)
        }
    }
}
