#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way xenpt reads an input file: regular files only (symbolic links followed), at
/// most a size cap, with a distinct reason for each way a read can fail.
///
/// Manifests, device trees and `/incbin/` blobs are written by anyone: a path naming
/// `/dev/zero`, a FIFO or a folder must give an error, never an unbounded or blocking read.
public enum InputFile {
    /// The cap for device-tree sources, blobs and `/incbin/` data: 64 MiB. The largest real
    /// board trees are a few hundred KiB; dtc's own DTB limit is 2^31 bytes, far above this.
    public static let treeSizeLimit = 64 << 20
    /// The cap for YAML manifests: 4 MiB (real manifests are a few KiB).
    public static let manifestSizeLimit = 4 << 20

    /// Why a file could not be read.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// Nothing at the path (or a folder on the way is missing).
        case missing
        /// The path goes through a loop of symbolic links.
        case symbolicLinkLoop
        /// The path names a folder.
        case folder
        /// The path names something that is neither a regular file nor a folder.
        case notRegularFile(kind: String)
        /// The file exists but cannot be opened or read (`reason` from the system).
        case notReadable(reason: String)
        /// The file is larger than the cap.
        case tooLarge(size: Int, limit: Int)

        /// Lowercase text without a period, such as `is a folder, not a file`.
        public var description: String {
            switch self {
            case .missing: return "no such file"
            case .symbolicLinkLoop: return "symbolic link loop (too many levels of symbolic links)"
            case .folder: return "is a folder, not a file"
            case .notRegularFile(let kind): return "is \(kind), not a regular file"
            case .notReadable(let reason): return "not readable: \(reason)"
            case .tooLarge(let size, let limit):
                return "is \(size) bytes, larger than the \(InputFile.describe(limit)) limit"
            }
        }
    }

    /// The whole file at `path`, or why it cannot be read. `limit` is the largest size read.
    public static func read(_ path: String, limit: Int) -> Result<[UInt8], Failure> {
        guard !path.isEmpty else { return .failure(.missing) }
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(failure(errno)) }
        if let refused = refusal(info, limit: limit) { return .failure(refused) }
        // O_NONBLOCK: should the path be swapped for a FIFO after the check, open must not wait.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else { return .failure(failure(errno)) }
        defer { close(descriptor) }
        guard fstat(descriptor, &info) == 0 else { return .failure(failure(errno)) }
        if let refused = refusal(info, limit: limit) { return .failure(refused) }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var filled = 0
        while true {
            if filled == bytes.count {
                // The file grew after fstat: read on, in steps, up to one byte past the cap.
                guard bytes.count <= limit else { return .failure(.tooLarge(size: bytes.count, limit: limit)) }
                bytes.append(contentsOf: repeatElement(0, count: min(1 << 16, limit + 1 - bytes.count)))
            }
            let count = bytes.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(failure(errno))
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeLast(bytes.count - filled)
        return .success(bytes)
    }

    /// What `path` is, following symbolic links: nil for a regular file or folder within
    /// reach, otherwise the failure reading it as a file would give (never `.folder`).
    public static func problem(at path: String) -> Failure? {
        guard !path.isEmpty else { return .missing }
        var info = stat()
        guard stat(path, &info) == 0 else { return failure(errno) }
        if (info.st_mode & S_IFMT) == S_IFDIR { return nil }
        return refusal(info, limit: .max)
    }

    /// True when `path` names a folder (following symbolic links).
    public static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// `read(2)` (the name `read` is taken by `InputFile.read` inside this type).
    private static func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(descriptor, buffer, count)
        #else
        Darwin.read(descriptor, buffer, count)
        #endif
    }

    private static func refusal(_ info: stat, limit: Int) -> Failure? {
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            return info.st_size > limit ? .tooLarge(size: Int(info.st_size), limit: limit) : nil
        case S_IFDIR: return .folder
        case S_IFCHR: return .notRegularFile(kind: "a character device")
        case S_IFBLK: return .notRegularFile(kind: "a block device")
        case S_IFIFO: return .notRegularFile(kind: "a fifo")
        case S_IFSOCK: return .notRegularFile(kind: "a socket")
        default: return .notRegularFile(kind: "an unknown kind of file")
        }
    }

    private static func failure(_ code: Int32) -> Failure {
        switch code {
        case ENOENT, ENOTDIR: return .missing
        case ELOOP: return .symbolicLinkLoop
        case EISDIR: return .folder
        default: return .notReadable(reason: String(cString: strerror(code)).lowercased())
        }
    }

    /// `64 MiB`, `4 MiB`, or a byte count when not a whole number of MiB.
    static func describe(_ limit: Int) -> String {
        limit % (1 << 20) == 0 ? "\(limit >> 20) MiB" : "\(limit)-byte"
    }
}
