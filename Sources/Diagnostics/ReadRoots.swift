#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folders a run may read input files from; every path an input names (a manifest's
/// `host:`, `include-dirs`, `schemas:`, a guest's `board:`, a DTS `/include/`, `/incbin/` or
/// `#include`) must lie inside one of them once symbolic links are followed.
///
/// Manifests and device trees come from pull requests written by anyone: without this, a
/// `host: /etc/shadow` or `#include "/root/.ssh/id_rsa"` would show the file's first line in
/// an error snippet. The roots come from the command line only (the workspace roots of the
/// paths named there, `--allow-read`, `-I`), never from an input file.
public struct ReadRoots: Sendable, Hashable {
    /// The folders, as real absolute paths (symbolic links followed), in the order added.
    public private(set) var folders: [String]

    /// Roots made of `folders` (each resolved; a folder that does not exist is kept as spelled,
    /// made absolute).
    public init(_ folders: [String] = []) {
        self.folders = []
        for folder in folders { add(folder) }
    }

    /// Adds a folder.
    public mutating func add(_ folder: String) {
        let resolved = Self.resolve(folder)
        if !folders.contains(resolved) { folders.append(resolved) }
    }

    /// Adds every folder of `other`.
    public mutating func add(_ other: ReadRoots) {
        for folder in other.folders where !folders.contains(folder) { folders.append(folder) }
    }

    /// True when `path`, symbolic links followed, is one of the folders or lies below one.
    public func permits(_ path: String) -> Bool {
        let resolved = Self.resolve(path)
        return folders.contains { Self.contains($0, resolved) }
    }

    /// True when the real path `inner` is `outer` or lies below it.
    static func contains(_ outer: String, _ inner: String) -> Bool {
        if outer == "/" { return true }
        return inner == outer || inner.hasPrefix(outer + "/")
    }

    /// The `help:` of every refusal: what may be read and how to widen it. It names no folder,
    /// so the text is the same on every machine.
    public static let help = "xenpt reads only inside the workspace root (the nearest folder above each path given on the command line "
        + "that holds `.git`, else the working folder) and folders given with `--allow-read DIR`; "
        + "move the file there, or name its folder with `--allow-read` on the command line"

    // MARK: - Paths

    /// The current working folder, or `/` when it cannot be told.
    public static var workingFolder: String {
        guard let pointer = getcwd(nil, 0) else { return "/" }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// `path` made absolute and with every symbolic link followed. The part of the path that
    /// does not exist (or cannot be resolved: a loop, a folder that cannot be entered) is
    /// appended to the real path of the part that does, with `.` and `..` taken by their
    /// spelling (there is no link left to follow in a part that does not exist).
    public static func resolve(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : workingFolder + "/" + path
        var components = absolute.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var tail: [String] = []
        while true {
            let prefix = "/" + components.joined(separator: "/")
            if let real = realPath(prefix) {
                var parts = real.split(separator: "/").map(String.init)
                for component in tail {
                    switch component {
                    case ".": continue
                    case "..": if !parts.isEmpty { parts.removeLast() }
                    default: parts.append(component)
                    }
                }
                return "/" + parts.joined(separator: "/")
            }
            guard let last = components.popLast() else { return "/" }
            tail.insert(last, at: 0)
        }
    }

    /// `realpath(3)` of `path`, nil when it fails.
    private static func realPath(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// The workspace root of an input named on the command line: the nearest folder at or above
    /// `path`'s folder (`path` itself when it is a folder) that holds `.git` (a folder, or a
    /// file in a git worktree); outside any git checkout, `workingFolder` when the input lies
    /// inside it, otherwise the input's own folder.
    public static func workspaceRoot(of path: String, workingFolder: String = ReadRoots.workingFolder) -> String {
        let start = resolve(InputFile.isFolder(path) ? path : parent(of: path))
        var folder = start
        while true {
            if access(folder == "/" ? "/.git" : folder + "/.git", F_OK) == 0 { return folder }
            if folder == "/" { break }
            folder = parent(of: folder)
        }
        let working = resolve(workingFolder)
        return contains(working, start) ? working : start
    }

    /// The folder of `path` (`.` for a bare file name, `/` for a file at the top).
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let head = path[..<slash]
        return head.isEmpty ? "/" : String(head)
    }
}
