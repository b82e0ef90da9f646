import DeviceTree
import Diagnostics
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A content-addressed store of compiled host trees, so a board whose DTS and includes have
/// not changed is not compiled (nor preprocessed) again.
///
/// An entry is found by a key hashing xenpt's identity, the DTS path and bytes, the working
/// folder, the include path, the cpp mode and defines, and the folders reads are allowed in. It lists every other file the compile
/// read with that file's SHA-256, and is used only when each still hashes the same, its own
/// checksum holds and its tree decodes (the DTB inside is read by the validating DTB reader).
/// Anything else in the folder (garbage, links, truncated files) is a miss, never an error.
/// Entries are written to a temporary file and renamed into place.
///
/// The folder is bounded: after each store, the least recently used entries (by modification
/// time, which a hit refreshes; ties broken by name, so eviction is deterministic) are removed
/// until the entries total at most `sizeLimit` bytes. An entry larger than the limit is not kept.
///
/// Not noticed: a header newly created earlier in the include path than the one the entry was
/// compiled with (cpp would now pick it). `--no-cache` or `xenpt cache clear` cover that.
public struct HostTreeCache: Sendable {
    /// The folder holding the entries (`…/xenpt`); entries live in its `trees/`.
    public let folder: String
    /// Names this build of xenpt in every key (version and executable identity).
    public let toolIdentity: String
    /// The most bytes the entries may total after a store.
    public let sizeLimit: Int

    /// The default bound: 256 MiB, room for dozens of the largest trees xenpt reads.
    public static let defaultSizeLimit = 256 << 20

    /// Entry header: `XPTC` and the layout revision.
    static let magic: [UInt8] = [0x58, 0x50, 0x54, 0x43, 0, 0, 0, 1]
    /// The largest entry read.
    static let entryLimit = 4 * InputFile.treeSizeLimit

    /// Creates a cache over `folder` whose entries total at most `sizeLimit` bytes.
    public init(folder: String, toolIdentity: String, sizeLimit: Int = HostTreeCache.defaultSizeLimit) {
        self.folder = folder
        self.toolIdentity = toolIdentity
        self.sizeLimit = max(0, sizeLimit)
    }

    /// `$XDG_CACHE_HOME/xenpt`, else `$HOME/.cache/xenpt`; nil when neither is an absolute path.
    public static func defaultFolder(environment: [String: String]) -> String? {
        if let base = environment["XDG_CACHE_HOME"], base.hasPrefix("/") { return PathNormalizer.join(base, "xenpt") }
        if let home = environment["HOME"], home.hasPrefix("/") { return PathNormalizer.join(home, ".cache/xenpt") }
        return nil
    }

    /// The folder the entries are in.
    var treesFolder: String { PathNormalizer.join(folder, "trees") }

    /// The key of compiling `hostPath` (whose bytes hash to `sourceDigest`) with `options`.
    public func key(hostPath: String, sourceDigest: [UInt8], options: DTSCompileOptions) -> [UInt8] {
        var fields: [[UInt8]] = [Array("xenpt host tree".utf8), Array(toolIdentity.utf8), Array(hostPath.utf8), sourceDigest,
                                 Array(FileManager.default.currentDirectoryPath.utf8)]
        fields.append(Array("cpp \(options.usePreprocessor) symbols \(options.generateSymbols) shapes \(options.preserveValueShapes)".utf8))
        fields.append(Array("includes \(options.includeDirectories.count)".utf8))
        fields += options.includeDirectories.map { Array($0.utf8) }
        fields.append(Array("defines \(options.defines.count)".utf8))
        fields += options.defines.map { Array($0.utf8) }
        // A tree read inside some folders must not be reused where fewer may be read.
        let roots = options.readRoots.map { $0.folders } ?? []
        fields.append(Array("read roots \(options.readRoots == nil ? "none" : String(roots.count))".utf8))
        fields += roots.map { Array($0.utf8) }
        var encoded: [UInt8] = []
        for field in fields {
            Self.appendNumber(UInt64(field.count), to: &encoded)
            encoded += field
        }
        return SHA256.digest(encoded)
    }

    /// The tree stored under `key`, when the entry is whole and every file it lists is unchanged.
    ///
    /// Listed files are hashed only inside `readRoots` (an entry naming any other file is a miss).
    public func load(key: [UInt8], hostPath: String, readRoots: ReadRoots? = nil) -> DeviceTree? {
        guard isUsable(create: false), let bytes = Self.readEntry(path(for: key)), bytes.count >= Self.magic.count + 64 else { return nil }
        let body = bytes[..<(bytes.count - 32)]
        guard Array(bytes[(bytes.count - 32)...]) == SHA256.digest(Array(body)) else { return nil }
        var offset = 0
        func take(_ count: Int) -> ArraySlice<UInt8>? {
            guard count >= 0, count <= body.count - offset else { return nil }
            defer { offset += count }
            return body[offset..<(offset + count)]
        }
        func number() -> Int? {
            guard let slice = take(8) else { return nil }
            var value: UInt64 = 0
            for (shift, byte) in slice.enumerated() { value |= UInt64(byte) << UInt64(shift * 8) }
            return value <= UInt64(body.count) ? Int(value) : nil
        }
        guard take(Self.magic.count).map(Array.init) == Self.magic, take(32).map(Array.init) == key, let count = number() else { return nil }
        for _ in 0..<count {
            guard let length = number(), let name = take(length), let digest = take(32) else { return nil }
            let file = String(decoding: name, as: UTF8.self)
            guard readRoots?.permits(file) ?? true, case .success(let current) = InputFile.read(file, limit: InputFile.treeSizeLimit),
                  SHA256.digest(current) == Array(digest) else { return nil }
        }
        guard let length = number(), let payload = take(length), offset == body.count,
              let tree = AnnotatedTreeCodec.decode(Array(payload)) else { return nil }
        Self.markUsed(path(for: key))
        return tree
    }

    /// Stores a compile's tree under `key`, with the SHA-256 of each file it read. Quietly does
    /// nothing when the folder is not usable or a listed file cannot be read, or lies outside
    /// `readRoots` (a line marker can name any file; it is not read for a cache).
    public func store(key: [UInt8], hostPath: String, compilation: DTSCompilation, readRoots: ReadRoots? = nil) {
        guard let payload = AnnotatedTreeCodec.encode(compilation.tree), isUsable(create: true) else { return }
        var bytes = Self.magic + key
        let files = compilation.dependencies.filter { $0 != hostPath }
        Self.appendNumber(UInt64(files.count), to: &bytes)
        for file in files {
            guard readRoots?.permits(file) ?? true, case .success(let current) = InputFile.read(file, limit: InputFile.treeSizeLimit) else { return }
            let name = Array(file.utf8)
            Self.appendNumber(UInt64(name.count), to: &bytes)
            bytes += name + SHA256.digest(current)
        }
        Self.appendNumber(UInt64(payload.count), to: &bytes)
        bytes += payload
        bytes += SHA256.digest(bytes)
        guard bytes.count <= sizeLimit else { return }
        let trees = open(treesFolder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard trees >= 0 else { return }
        defer { close(trees) }
        // Not flushed to disk: an entry lost in a crash is a miss, and a torn one fails its checksum.
        _ = StagedFile.replace(entryName(for: key), in: trees, with: bytes, displayPath: path(for: key), mode: 0o600, sync: false)
        Self.evict(in: treesFolder, limit: sizeLimit, keeping: entryName(for: key))
    }

    /// One stored entry as the folder lists it.
    struct EntryFile {
        let name: String
        let size: Int
        let seconds: Int
        let nanoseconds: Int
    }

    /// The entries in `folder` (regular files with entry names, never through links), least
    /// recently used first; ties broken by name.
    static func entries(in folder: String) -> [EntryFile] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var found: [EntryFile] = []
        for name in names where isEntryName(name) {
            var status = stat()
            guard lstat(PathNormalizer.join(folder, name), &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
            found.append(EntryFile(name: name, size: Int(status.st_size), seconds: Int(status.st_mtim.tv_sec), nanoseconds: Int(status.st_mtim.tv_nsec)))
        }
        return found.sorted { ($0.seconds, $0.nanoseconds, $0.name) < ($1.seconds, $1.nanoseconds, $1.name) }
    }

    /// Removes the least recently used entries until those left total at most `limit` bytes;
    /// the entry named `keeping` (just stored) goes last. Entries another process removes first
    /// are simply gone.
    static func evict(in folder: String, limit: Int, keeping: String) {
        let listed = entries(in: folder)
        var total = listed.reduce(0) { $0 + $1.size }
        guard total > limit else { return }
        let order = listed.filter { $0.name != keeping } + listed.filter { $0.name == keeping }
        for entry in order where total > limit {
            unlink(PathNormalizer.join(folder, entry.name))
            total -= entry.size
        }
    }

    /// Sets an entry's modification time to now: it was just used, so it is evicted last.
    static func markUsed(_ path: String) {
        _ = utimensat(AT_FDCWD, path, nil, AT_SYMLINK_NOFOLLOW)
    }

    /// Removes every entry (and stray temporary file) and returns how many files went.
    /// Only names the cache itself writes are removed; links are removed, never followed.
    public static func clear(folder: String) -> Result<Int, CacheClearError> {
        let trees = PathNormalizer.join(folder, "trees")
        var status = stat()
        if lstat(trees, &status) != 0 { return errno == ENOENT ? .success(0) : .failure(CacheClearError(path: trees, reason: String(cString: strerror(errno)))) }
        guard status.st_mode & S_IFMT == S_IFDIR else { return .failure(CacheClearError(path: trees, reason: "not a folder")) }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: trees) else {
            return .failure(CacheClearError(path: trees, reason: "cannot list it"))
        }
        var removed = 0
        // `.tmp-…` is where earlier builds of xenpt named their temporary files.
        for name in names.sorted() where isEntryName(name) || StagedFile.isTemporaryName(name) || name.hasPrefix(".tmp-") {
            if unlink(PathNormalizer.join(trees, name)) == 0 { removed += 1 }
        }
        return .success(removed)
    }

    /// True for the names entries are stored under (64 lowercase hex digits).
    static func isEntryName(_ name: String) -> Bool {
        name.utf8.count == 64 && name.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    /// The file name of the entry under `key`: its 64 hex digits.
    func entryName(for key: [UInt8]) -> String {
        key.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    func path(for key: [UInt8]) -> String {
        PathNormalizer.join(treesFolder, entryName(for: key))
    }

    /// True when `folder` and its `trees/` are real folders of this user (made when `create`).
    func isUsable(create: Bool) -> Bool {
        if create {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            mkdir(treesFolder, 0o700)
        }
        return [folder, treesFolder].allSatisfy { path in
            var status = stat()
            return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR && status.st_uid == geteuid()
        }
    }

    /// A regular file's bytes, never through a link, never blocking on a FIFO, within the limit.
    static func readEntry(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size >= 0, Int(status.st_size) <= entryLimit else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            filled += count
        }
        return bytes
    }

    static func appendNumber(_ value: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}

/// Why `xenpt cache clear` could not clear the cache.
public struct CacheClearError: Error, Sendable {
    /// The folder.
    public let path: String
    /// What is wrong, lowercase.
    public let reason: String
}
