import ArgumentParser
import Diagnostics
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
        if let reason = writeAtomically(bytes, to: path) {
            report(file: path, code: nil, message: "cannot write file: \(reason)")
            throw ExitCode(ExitStatus.badInput)
        }
    }

    /// Writes into a temporary file in the same folder, then renames it over `path`, so
    /// readers see either the old file or the whole new one. Returns the failure, or nil.
    static func writeAtomically(_ bytes: [UInt8], to path: String) -> String? {
        switch AtomicFile.create(path) {
        case .failure(let error):
            return error.description
        case .success(var file):
            file.write(bytes.withUnsafeBytes { $0 })
            return file.commit()
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
        switch AtomicFile.create(path) {
        case .failure(let error):
            report(file: path, code: nil, message: "cannot write file: \(error)")
            throw ExitCode(ExitStatus.badInput)
        case .success(var file):
            guard produce({ file.write($0) }) else {
                file.abandon()
                return
            }
            if let reason = file.commit() {
                report(file: path, code: nil, message: "cannot write file: \(reason)")
                throw ExitCode(ExitStatus.badInput)
            }
        }
    }

    /// A temporary file beside its destination, renamed over it on `commit()`.
    struct AtomicFile {
        let path: String
        let temporary: String
        let descriptor: Int32
        var failure: String?

        /// Creates `.NAME.xenpt-XXXXXX` in the destination's folder.
        static func create(_ path: String) -> Result<AtomicFile, FileError> {
            let folder: String
            let name: String
            if let slash = path.lastIndex(of: "/") {
                folder = slash == path.startIndex ? "/" : String(path[..<slash])
                name = String(path[path.index(after: slash)...])
            } else {
                folder = "."
                name = path
            }
            guard !name.isEmpty else { return .failure(FileError("no file name in \(path)")) }
            var template = Array("\(folder)/.\(name).xenpt-XXXXXX".utf8CString)
            let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard descriptor >= 0 else { return .failure(FileError(lastError())) }
            let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let mask = umask(0)
            umask(mask)
            _ = fchmod(descriptor, 0o666 & ~mask)
            return .success(AtomicFile(path: path, temporary: temporary, descriptor: descriptor))
        }

        /// Appends bytes; the first failure is kept for `commit()`.
        mutating func write(_ bytes: UnsafeRawBufferPointer) {
            guard failure == nil else { return }
            if !writeAll(descriptor, bytes) { failure = lastError() }
        }

        /// Closes and removes the temporary file.
        func abandon() {
            close(descriptor)
            unlink(temporary)
        }

        /// Closes and renames into place, or removes the temporary file; returns the failure.
        func commit() -> String? {
            var reason = failure
            if close(descriptor) != 0 && reason == nil { reason = lastError() }
            if reason == nil && rename(temporary, path) != 0 { reason = lastError() }
            if reason != nil { unlink(temporary) }
            return reason
        }
    }

    /// Writes every byte to `descriptor`, retrying short writes; false on error.
    @discardableResult
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { writeAll(descriptor, $0) }
    }

    /// Writes every byte of `buffer` to `descriptor`, retrying short writes; false on error.
    static func writeAll(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) -> Bool {
        guard let base = buffer.baseAddress else { return true }
        var offset = 0
        while offset < buffer.count {
            let count = write(descriptor, base + offset, buffer.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += count
        }
        return true
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
