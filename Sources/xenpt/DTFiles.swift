import ArgumentParser
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

    /// The whole file, or an error line and exit code 2.
    static func readOrExit(_ path: String) throws(ExitCode) -> [UInt8] {
        switch readFile(path) {
        case .success(let bytes): return bytes
        case .failure(let reason):
            report(file: path, code: "XPT-E007", message: "cannot read file: \(reason)")
            throw ExitCode(ExitStatus.badInput)
        }
    }

    /// Returns when `path` can be opened for reading as a file; otherwise an error line and
    /// exit code 2.
    static func checkReadableOrExit(_ path: String) throws(ExitCode) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        var reason: String?
        if descriptor < 0 {
            reason = lastError()
        } else {
            var info = stat()
            if fstat(descriptor, &info) != 0 {
                reason = lastError()
            } else if (info.st_mode & S_IFMT) == S_IFDIR {
                reason = "is a folder"
            }
            close(descriptor)
        }
        if let reason {
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

    /// Reads a whole file with POSIX calls, or the reason it could not.
    static func readFile(_ path: String) -> Result<[UInt8], FileError> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(FileError(lastError())) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(FileError(lastError())) }
        if (info.st_mode & S_IFMT) == S_IFDIR { return .failure(FileError("is a folder")) }
        var bytes: [UInt8] = []
        // st_size is a hint only: the loop reads until end of file whatever it says.
        bytes.reserveCapacity(max(0, Int(info.st_size)) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(FileError(lastError()))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return .success(bytes)
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

    /// Why a file could not be read.
    struct FileError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
