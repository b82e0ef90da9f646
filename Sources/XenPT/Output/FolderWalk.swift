#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Folders under the output folder, opened by descriptor one component at a time without
/// following symbolic links, so no path can lead outside it. Closes what it opened.
final class FolderWalk {
    /// The output folder's descriptor (not owned).
    let root: Int32
    /// The output folder as the user named it.
    let rootDisplay: String
    /// Open folders by their path under the root (`""` is the root).
    private var open: [String: Int32] = [:]
    /// Folders this walk created, in creation order: the parent's descriptor and the name.
    private(set) var created: [(parent: Int32, name: String)] = []

    init(root: Int32, display: String) {
        self.root = root
        self.rootDisplay = display
        open[""] = root
    }

    deinit {
        for (key, descriptor) in open where !key.isEmpty { close(descriptor) }
    }

    /// `root/relative` for messages.
    func display(_ relative: String) -> String {
        relative.isEmpty ? rootDisplay : PathNormalizer.join(rootDisplay, relative)
    }

    /// The folder at `components` under the root, or nil when it does not exist (and `create`
    /// is false). A component that is a symbolic link or not a folder is refused.
    func folder(_ components: [String], create: Bool) throws(OutputError) -> Int32? {
        var descriptor = root
        var key = ""
        for name in components {
            let childKey = key.isEmpty ? name : key + "/" + name
            if let known = open[childKey] {
                descriptor = known
                key = childKey
                continue
            }
            var child = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if child < 0, errno == ENOENT, create {
                guard mkdirat(descriptor, name, 0o777) == 0 else { throw .system(display(childKey)) }
                created.append((descriptor, name))
                child = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            if child < 0 {
                if errno == ENOENT { return nil }
                throw Self.refusal(descriptor, name, display: display(childKey)) ?? .system(display(childKey))
            }
            open[childKey] = child
            descriptor = child
            key = childKey
        }
        return descriptor
    }

    /// Removes the folders this walk created, deepest first (only those still empty).
    func removeCreated() {
        for (parent, name) in created.reversed() { unlinkat(parent, name, AT_REMOVEDIR) }
        created = []
    }

    /// Why `name` in `folder` cannot be used: a symbolic link or not the expected kind.
    static func refusal(_ folder: Int32, _ name: String, display: String) -> OutputError? {
        var info = stat()
        guard fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFLNK: return OutputError(path: display, reason: "is a symbolic link; xenpt never writes through one")
        case S_IFDIR: return OutputError(path: display, reason: "is a folder")
        case S_IFREG: return OutputError(path: display, reason: "is a file, not a folder")
        default: return OutputError(path: display, reason: "is not a regular file or folder")
        }
    }

    /// The bytes of regular file `name` in `folder`, or nil when there is none. Links and
    /// other kinds of file are refused.
    static func readRegular(_ folder: Int32, _ name: String, display: String) throws(OutputError) -> [UInt8]? {
        let descriptor = openat(folder, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw refusal(folder, name, display: display) ?? .system(display)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .system(display) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw refusal(folder, name, display: display) ?? OutputError(path: display, reason: "is not a regular file")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(max(0, info.st_size)))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .system(display)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// The entries of `folder` (names, and whether each is a regular file, a folder).
    static func entries(_ folder: Int32) -> [(name: String, isFile: Bool, isFolder: Bool)] {
        let descriptor = openat(folder, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0, let stream = fdopendir(descriptor) else {
            if descriptor >= 0 { close(descriptor) }
            return []
        }
        defer { closedir(stream) }
        var out: [(name: String, isFile: Bool, isFolder: Bool)] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            var info = stat()
            guard fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            out.append((name, info.st_mode & S_IFMT == S_IFREG, info.st_mode & S_IFMT == S_IFDIR))
        }
        return out.sorted { $0.name < $1.name }
    }

    /// Removes `name` in `folder` and, when it is a folder, everything in it, without
    /// following links (a link is removed, never what it points to).
    static func removeTree(_ folder: Int32, _ name: String) {
        if unlinkat(folder, name, 0) == 0 || errno == ENOENT { return }
        let descriptor = openat(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        for entry in entries(descriptor) { removeTree(descriptor, entry.name) }
        close(descriptor)
        unlinkat(folder, name, AT_REMOVEDIR)
    }
}
