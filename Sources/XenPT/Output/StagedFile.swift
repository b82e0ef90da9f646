#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file operation failed: the path as the user knows it and the OS's reason.
public struct OutputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path, as the user named it (`out/midway/net/guest.cfg`).
    public let path: String
    /// The reason, lowercase (`permission denied`).
    public let reason: String

    /// Creates an error.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// The error for `path` from `errno`.
    static func system(_ path: String, _ code: Int32? = nil) -> OutputError {
        OutputError(path: path, reason: String(cString: strerror(code ?? errno)).lowercased())
    }

    /// `cannot write PATH: REASON`.
    public var description: String { "cannot write \(path): \(reason)" }
}

/// The one way xenpt writes a file: a temporary file with a unique name in a folder, written
/// in full and flushed to disk, then renamed over its destination, so readers see either the
/// old file or the whole new one. Failures remove the temporary file.
///
/// Temporary names are `.<destination>.xenpt-<random>`; the folder is given as a descriptor,
/// so nothing between the folder and the file can be swapped for a symbolic link meanwhile.
public struct StagedFile: Sendable {
    /// The folder holding the temporary file (not owned).
    public let folder: Int32
    /// The temporary file's name in `folder`.
    public let name: String
    /// The destination as the user knows it, for error messages.
    public let displayPath: String
    private var descriptor: Int32
    private var failure: Int32?
    /// Whether the bytes go straight to a device or pipe the user named (`-o /dev/null`):
    /// those are written in place, never replaced by a regular file.
    private var streaming = false

    /// Creates an empty temporary file in `folder` for a destination named `target`, with
    /// permissions `mode` minus the umask (0o666, as a plain `open` would give, unless said).
    public static func create(in folder: Int32, for target: String, displayPath: String, mode: mode_t = 0o666) -> Result<StagedFile, OutputError> {
        for _ in 0..<16 {
            let name = ".\(target).xenpt-\(randomSuffix())"
            let descriptor = openat(folder, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
            if descriptor >= 0 { return .success(StagedFile(folder: folder, name: name, displayPath: displayPath, descriptor: descriptor)) }
            if errno != EEXIST { return .failure(.system(displayPath)) }
        }
        return .failure(OutputError(path: displayPath, reason: "no free temporary name"))
    }

    private init(folder: Int32, name: String, displayPath: String, descriptor: Int32) {
        self.folder = folder
        self.name = name
        self.displayPath = displayPath
        self.descriptor = descriptor
    }

    /// Appends bytes; the first failure is kept for `finish()`.
    public mutating func write(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil else { return }
        failure = Self.writeAll(descriptor, bytes)
    }

    /// Writes every byte of `buffer` to `descriptor`, retrying short and interrupted writes;
    /// the `errno` of a failure, or nil.
    public static func writeAll(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) -> Int32? {
        guard let base = buffer.baseAddress else { return nil }
        var offset = 0
        while offset < buffer.count {
            let count = systemWrite(descriptor, base + offset, buffer.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += count
        }
        return nil
    }

    /// Appends bytes.
    public mutating func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    /// Flushes the content to disk (unless `sync` is false: a file whose loss in a crash costs
    /// nothing, such as a cache entry) and closes the file; on failure the temporary file is removed.
    public mutating func finish(sync: Bool = true) -> OutputError? {
        guard descriptor >= 0 else { return nil }
        if sync, failure == nil, fsync(descriptor) != 0, errno != EINVAL { failure = errno }
        if close(descriptor) != 0, failure == nil { failure = errno }
        descriptor = -1
        guard let failure else { return nil }
        if !streaming { unlinkat(folder, name, 0) }
        return .system(displayPath, failure)
    }

    /// Renames the finished file to `target` in `destination`; on failure the temporary file is removed.
    public func commit(to destination: Int32, as target: String) -> OutputError? {
        guard !streaming else { return nil }
        guard renameat(folder, name, destination, target) == 0 else {
            let error = OutputError.system(displayPath)
            unlinkat(folder, name, 0)
            return error
        }
        return nil
    }

    /// Closes (when still open) and removes the temporary file.
    public mutating func abandon() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        if !streaming { unlinkat(folder, name, 0) }
    }

    /// Writes `bytes` to `path` (a plain path, following links as the user asked) in one step.
    public static func write(_ bytes: [UInt8], to path: String) -> OutputError? {
        write(to: path) { file in
            file.write(bytes)
            return true
        }
    }

    /// Opens a temporary file beside `path`, lets `produce` fill it, and renames it over `path`
    /// when `produce` returns true (removes it otherwise).
    public static func write(to path: String, _ produce: (inout StagedFile) -> Bool) -> OutputError? {
        let folderPath = PathNormalizer.directory(of: path)
        let target = PathNormalizer.basename(of: path)
        guard !target.isEmpty, target != ".", target != ".." else { return OutputError(path: path, reason: "no file name") }
        var status = stat()
        if stat(path, &status) == 0, [S_IFCHR, S_IFIFO].contains(status.st_mode & S_IFMT) {
            return stream(to: path, produce)
        }
        let folder = open(folderPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { return .system(path) }
        defer { close(folder) }
        var file: StagedFile
        switch create(in: folder, for: target, displayPath: path) {
        case .success(let created): file = created
        case .failure(let error): return error
        }
        guard produce(&file) else {
            file.abandon()
            return nil
        }
        if let error = file.finish() { return error }
        return file.commit(to: folder, as: target)
    }

    /// Writes to a character device or FIFO named by the user in place (as `dtc -o /dev/null`
    /// does); renaming a file over it would replace the device for every other program.
    private static func stream(to path: String, _ produce: (inout StagedFile) -> Bool) -> OutputError? {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else { return .system(path) }
        var file = StagedFile(folder: -1, name: "", displayPath: path, descriptor: descriptor)
        file.streaming = true
        guard produce(&file) else {
            file.abandon()
            return nil
        }
        return file.finish()
    }

    /// Writes `bytes` as `target` in the open `folder` in one step, through a temporary file
    /// (see `finish(sync:)` for `sync`).
    public static func replace(_ target: String, in folder: Int32, with bytes: [UInt8], displayPath: String,
                               mode: mode_t = 0o666, sync: Bool = true) -> OutputError? {
        var file: StagedFile
        switch create(in: folder, for: target, displayPath: displayPath, mode: mode) {
        case .success(let created): file = created
        case .failure(let error): return error
        }
        file.write(bytes)
        if let error = file.finish(sync: sync) { return error }
        return file.commit(to: folder, as: target)
    }

    /// True for the names temporary files are created under (`.<target>.xenpt-<8 letters or digits>`),
    /// so a folder xenpt owns can be swept of those a killed run left.
    public static func isTemporaryName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        let marker = Array(".xenpt-".utf8)
        guard bytes.count > 1 + marker.count + 8, bytes[0] == UInt8(ascii: "."),
              Array(bytes[(bytes.count - 8 - marker.count)..<(bytes.count - 8)]) == marker else { return false }
        return bytes.suffix(8).allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 122) }
    }

    /// Eight random letters and digits.
    static func randomSuffix() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<8).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}

/// `write(2)`, named apart from `StagedFile.write`.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
