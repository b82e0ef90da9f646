import ArgumentParser
import Diagnostics
import XenPT
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File input and atomic output for the `xenpt dt` subcommands, with their error lines.
enum DTFiles {
    /// Writes `file: error[CODE]: message` (`file: error: message` without a code) on stderr,
    /// the concise shape with the file standing for the place.
    static func report(file: String, code: String?, message: String) {
        let tag = code.map { "error[\($0)]" } ?? "error"
        writeAll(2, Array("\(file): \(tag): \(message)\n".utf8))
    }

    /// The whole file (a regular file of at most `InputFile.treeSizeLimit` bytes), or an
    /// error line saying why not and exit code 2.
    static func readOrExit(_ path: String) throws(ExitCode) -> [UInt8] {
        switch InputFile.read(path, limit: InputFile.treeSizeLimit) {
        case .success(let bytes): return bytes
        case .failure(let reason):
            report(file: path, code: "XPT-E007", message: "cannot read file: \(reason)")
            throw ExitCode(ExitStatus.badInput)
        }
    }

    /// Writes `bytes` to `path` atomically, or to stdout when `path` is nil; on failure an
    /// error line and exit code 2.
    static func writeOrExit(_ bytes: [UInt8], to path: String?) throws(ExitCode) {
        guard let path else {
            guard writeAll(1, bytes) else {
                report(file: "<stdout>", code: nil, message: "cannot write: \(lastError())")
                throw ExitCode(ExitStatus.badInput)
            }
            return
        }
        if let error = StagedFile.write(bytes, to: path) {
            report(file: path, code: nil, message: "cannot write file: \(error.reason)")
            throw ExitCode(ExitStatus.badInput)
        }
    }

    /// Sends chunks to `path` atomically (or stdout when nil) while `produce` runs; on a
    /// write failure an error line and exit code 2. When `produce` returns false the file is
    /// left untouched (it must not have written anything to stdout in that case).
    static func streamOrExit(to path: String?, _ produce: ((UnsafeRawBufferPointer) -> Void) -> Bool) throws(ExitCode) {
        guard let path else {
            var failed = false
            _ = produce { chunk in
                if !failed && !writeAll(1, chunk) { failed = true }
            }
            if failed {
                report(file: "<stdout>", code: nil, message: "cannot write: \(lastError())")
                throw ExitCode(ExitStatus.badInput)
            }
            return
        }
        let failure = StagedFile.write(to: path) { file in
            produce { file.write($0) }
        }
        if let failure {
            report(file: path, code: nil, message: "cannot write file: \(failure.reason)")
            throw ExitCode(ExitStatus.badInput)
        }
    }

    /// Writes every byte to `descriptor`, retrying short writes; false on error.
    @discardableResult
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { writeAll(descriptor, $0) }
    }

    /// Writes every byte of `buffer` to `descriptor`, retrying short writes; false on error.
    static func writeAll(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) -> Bool {
        StagedFile.writeAll(descriptor, buffer) == nil
    }

    /// The current `errno` as lowercase text.
    static func lastError() -> String {
        String(cString: strerror(errno)).lowercased()
    }
}
